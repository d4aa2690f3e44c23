// Names TKE's super nodes use in the cluster (docs/tke-pod-groups.md has each one's source). One
// place, so that the seed, the simulator and the tests agree; nothing here imports src/.

export const KUBE_SYSTEM = 'kube-system';

/** Cluster-wide pod annotation defaults: ConfigMap kube-system/eks-config, key pod.annotations (a YAML map). */
export const EKS_CONFIG = 'eks-config';
export const EKS_CONFIG_POD_ANNOTATIONS = 'pod.annotations';

/** Pod annotation asking for groups: "sg-1,sg-2", in priority order, read when the pod is created. */
export const ANN_SECURITY_GROUP_ID = 'eks.tke.cloud.tencent.com/security-group-id';

/**
 * What marks a super node (the FAQ's nodeSelector) and the taint that keeps ordinary pods off it;
 * its value is empty (a real super-node pod tolerates it with no operator and no value).
 */
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const INSTANCE_TYPE_EKLET = 'eklet';
export const TAINT_EKLET = 'eks.tke.cloud.tencent.com/eklet';
/**
 * On a real super-node pod (a tccli example's pod JSON, docs/tke-pod-groups.md), beside hostIP =
 * podIP; who writes it is not documented. The simulator writes it on the pods it starts.
 */
export const ANN_POD_TYPE = 'tke.cloud.tencent.com/pod-type';
/** Seen on super nodes in public scripts (weaker sources than the product pages). */
export const LABEL_SUBNET_ID = 'eks.tke.cloud.tencent.com/subnet-id';
export const LABEL_ZONE_NAME = 'eks.tke.cloud.tencent.com/zone-name';

/** The component that runs super-node pods, as it signs Events ("eklet, eklet-subnet-xxx"). */
export const COMPONENT = 'eklet';
/** A super node's kubeletVersion as `kubectl get nodes` shows one (v2.5.21 seen). */
export const EKLET_VERSION = 'v2.5.21';

/**
 * The Warning Event when the cloud refuses a pod's instance (unknown group, too many). The real
 * reason string is not public: this one is our choice, kept here so it is easy to change.
 */
export const REASON_CREATE_FAILED = 'FailedCreatePodSandBox';

/** SecurityGroupPolicy as the "Pod 安全组" page shows it (super nodes): group, version, kind. */
export const SGP_GROUP = 'vpcresources.tke.cloud.tencent.com';
export const SGP_VERSION = 'v1beta1';
export const SGP_KIND = 'SecurityGroupPolicy';
export const SGP_PLURAL = 'securitygrouppolicies';
