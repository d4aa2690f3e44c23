// Names TKE and tke-eni-ipamd use in the cluster (domain.md). One place, so that the seed, the
// ipamd simulator and the tests agree; the simulator never imports the plugin's code (src/).

export const KUBE_SYSTEM = 'kube-system';
export const IPAMD_NAME = 'tke-eni-ipamd';
export const IPAMD_IMAGE_REPO = 'ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd';

/** CRD group of ipamd's objects. */
export const NET_GROUP = 'networking.tke.cloud.tencent.com';
export const NET_VERSION = 'v1';
export const NEC_PLURAL = 'nodeeniconfigs';

/** Node annotations ipamd reacts to. */
export const ANN_DISABLE = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
export const ANN_NEED_SYNC = 'tke.cloud.tencent.com/need-sync-security-groups';

/** Node labels TKE writes (the instance ID is also in spec.providerID). */
export const LABEL_INSTANCE_ID = 'cloud.tencent.com/node-instance-id';
export const LABEL_INSTANCE_TYPE = 'node.kubernetes.io/instance-type';
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** The extended resource the route-ENI mode exposes on nodes. */
export const RESOURCE_ENI_IP = 'tke.cloud.tencent.com/eni-ip';

/** `qcloud:///<zoneId>/<ins-id>` → ins-id. */
export function instanceIdFromProviderId(providerId: string | undefined): string | undefined {
  const m = /^qcloud:\/\/\/[-0-9a-z]*\/([-0-9a-z]+)$/.exec(providerId ?? '');
  return m?.[1];
}

/** ENI-related NEC annotations (defaults from domain.md: route 5/5, direct 1/1). */
export const NEC_DEFAULT_ANNOTATIONS: Record<string, string> = {
  'tke.cloud.tencent.com/route-eni-ip-min-warm-target': '5',
  'tke.cloud.tencent.com/route-eni-ip-max-warm-target': '5',
  'tke.cloud.tencent.com/direct-eni-min-warm-target': '1',
  'tke.cloud.tencent.com/direct-eni-max-warm-target': '1',
};
