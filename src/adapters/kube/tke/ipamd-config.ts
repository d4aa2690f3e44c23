// Where ipamd keeps its security-group setting inside Kubernetes, translated into one shape:
// the Deployment's container args (before v3.5.0) and the ConfigMap `tke-eni-ipamd`, whose
// `tke-network-conf.yaml` holds the addon values' `vpcCni` (from v3.5.0), either mirrored
// (`securityGroups: {…}`) or as flat dotted keys (`securityGroups.enableSecurityGroups`): which
// one ipamd reads is not published (docs/assumptions.md), so both are read, and the spelling found
// is said (domain/tke/vpc-cni-edit.ts writes in it).
import type { V1ConfigMap, V1Container, V1Deployment } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { parseImageRef } from '../../../domain/image-ref.ts';
import { DOTTED_KEYS, shapesOf, type NetworkConfShape } from '../../../domain/tke/vpc-cni-edit.ts';

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
  /** `shape`: the spelling the setting was found in; undefined when the document holds none. */
  | { found: true; values: SecurityGroupValues | undefined; shape: NetworkConfShape | undefined }
  | { found: true; error: string };

/** The setting as dotted top-level keys. */
function dottedSecurityGroupValues(doc: Record<string, unknown>): SecurityGroupValues {
  const list = doc[DOTTED_KEYS.list];
  return {
    enableSecurityGroups: doc[DOTTED_KEYS.enable] === true,
    securityGroups: Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : [],
  };
}

export function readNetworkConf(cm: V1ConfigMap): NetworkConfRead {
  const text = cm.data?.[NETWORK_CONF_KEY];
  if (text === undefined) return { found: false };
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    return { found: true, error: `${NETWORK_CONF_KEY} is not valid YAML: ${(err as Error).message.split('\n')[0]}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { found: true, values: undefined, shape: undefined };
  const shapes = shapesOf(doc as Record<string, unknown>);
  if (shapes.length === 2) {
    return { found: true, error: `${NETWORK_CONF_KEY} holds the security-group setting twice, nested (securityGroups: {…}) and as dotted keys (${DOTTED_KEYS.enable}): which one ipamd reads is not documented` };
  }
  const shape = shapes[0];
  const values = shape === 'dotted' ? dottedSecurityGroupValues(doc as Record<string, unknown>) : securityGroupValues(doc);
  return { found: true, values, shape };
}
