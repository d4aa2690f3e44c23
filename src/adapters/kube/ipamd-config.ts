// Where ipamd keeps its security-group setting inside Kubernetes, translated into one shape:
// the Deployment's container args (before v3.5.0) and the ConfigMap `tke-eni-ipamd`, whose
// `tke-network-conf.yaml` mirrors the addon values' `vpcCni` object (from v3.5.0). That
// mirroring is inferred from the documents: this is the one place in the plugin that assumes it.
import type { V1ConfigMap, V1Container, V1Deployment } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { parseImageRef } from '../../domain/image-ref.ts';

export const NETWORK_CONF_KEY = 'tke-network-conf.yaml';

export interface DeploymentFacts {
  /** The image tag, e.g. v3.5.8 (the ipamd version) or latest; undefined when the image has none. */
  imageTag: string | undefined;
  image: string | undefined;
  args: string[];
  replicas: number;
  readyReplicas: number;
}

/** ipamd's container: the one named tke-eni-ipamd, else the first. */
export function ipamdContainer(d: V1Deployment): V1Container | undefined {
  return d.spec?.template?.spec?.containers?.find((c) => c.name === 'tke-eni-ipamd') ?? d.spec?.template?.spec?.containers?.[0];
}

export function deploymentFacts(d: V1Deployment): DeploymentFacts {
  const container = ipamdContainer(d);
  const image = container?.image;
  return {
    imageTag: image ? parseImageRef(image).tag : undefined,
    image,
    args: [...(container?.command?.slice(1) ?? []), ...(container?.args ?? [])],
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
  };
}

export interface SecurityGroupValues {
  enableSecurityGroups: boolean;
  securityGroups: string[];
}

/** `vpcCni.securityGroups` of the addon values, or of the ConfigMap document; undefined when absent. */
export function securityGroupValues(vpcCni: unknown): SecurityGroupValues | undefined {
  const sg = (vpcCni as { securityGroups?: unknown } | undefined)?.securityGroups as Record<string, unknown> | undefined;
  if (!sg || typeof sg !== 'object') return undefined;
  return {
    enableSecurityGroups: sg.enableSecurityGroups === true,
    securityGroups: Array.isArray(sg.securityGroups) ? sg.securityGroups.filter((g): g is string => typeof g === 'string') : [],
  };
}

export type NetworkConfRead =
  | { found: false }
  | { found: true; values: SecurityGroupValues | undefined }
  | { found: true; error: string };

export function readNetworkConf(cm: V1ConfigMap): NetworkConfRead {
  const text = cm.data?.[NETWORK_CONF_KEY];
  if (text === undefined) return { found: false };
  try {
    return { found: true, values: securityGroupValues(load(text)) };
  } catch (err) {
    return { found: true, error: `${NETWORK_CONF_KEY} is not valid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
}
