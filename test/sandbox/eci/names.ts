// Names ECI and its virtual kubelet use in the cluster (domain.md, the third seed). One place,
// so that the seed, the simulator and the tests agree; nothing here imports the plugin (src/).

export const KUBE_SYSTEM = 'kube-system';
export const ECI_PROFILE = 'eci-profile';

/** Pod annotation asking for groups ("sg-a,sg-b", at most 5), read only when the pod is created. */
export const ANN_SECURITY_GROUP = 'k8s.aliyun.com/eci-security-group';
/** Written back on the pod once its container group exists. */
export const ANN_INSTANCE_ID = 'k8s.aliyun.com/eci-instance-id';
export const ANN_ENI_ID = 'k8s.aliyun.com/eni-instance-id';
export const ANN_VPC = 'k8s.aliyun.com/eci-vpc';

/** What marks a node as a virtual kubelet, and the taint that keeps ordinary pods off it. */
export const LABEL_VIRTUAL_NODE = 'type';
export const VIRTUAL_NODE_LABEL_VALUE = 'virtual-kubelet';
export const TAINT_VIRTUAL_NODE = 'virtual-kubelet.io/provider';
export const TAINT_VALUE = 'alibabacloud';

export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/**
 * The virtual kubelet's Deployment and image in an ACK dedicated cluster (ACK's "Virtual node
 * overview" page; image from the ack-virtual-node release notes). In a managed cluster the
 * component runs out of sight and there is no such Deployment.
 */
export const VK_DEPLOYMENT = 'ack-virtual-node-controller';
export const VK_IMAGE_REPOSITORY = 'registry-vpc.cn-hangzhou.aliyuncs.com/acs/virtual-nodes-eci';
/** What `kubectl rollout restart` writes on the pod template: a changed template is a restart. */
export const ANN_RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** The virtual kubelet's own name as it signs Events. */
export const COMPONENT = 'virtual-kubelet';

/**
 * Reason of the Warning Event on eci-profile when it cannot be parsed. The real string is not
 * documented anywhere we could find: this one is our choice, kept here so it is easy to change.
 */
export const REASON_INVALID_PROFILE = 'InvalidEciProfile';
/** virtual-kubelet's pod status reason and Event reason when the provider refuses a pod. */
export const REASON_PROVIDER_FAILED = 'ProviderFailed';
export const REASON_CREATE_FAILED = 'ProviderCreateFailed';
