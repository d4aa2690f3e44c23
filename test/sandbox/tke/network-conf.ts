// The ConfigMap `tke-eni-ipamd` (kube-system) of ipamd >= v3.5.0: data key
// `tke-network-conf.yaml` holds a YAML document that ipamd watches (no restart).
//
// *(inferred, domain.md)*: the document mirrors the addon values' `vpcCni` object key for key,
// so the security-group setting is at `.securityGroups = {enableSecurityGroups, securityGroups}`
// next to `.routeEni`, `.directEni`, ... — or, the scenario's other reading (`networkConfShape:
// dotted`, docs/assumptions.md), the same values as one flat mapping with dotted keys
// (`securityGroups.enableSecurityGroups: true`), the spelling of the cluster's other ConfigMap
// kube-system/tke-network-conf (`cidr.cluster-cidrs`). This file is the ONE place that maps
// addon values to the document and back: the seed writes it, the simulated TKE control plane
// re-renders it after UpdateAddon, the simulated ipamd reads it. Change the mapping here only.
import type { NetworkConfShape, Scenario } from '../scenario.ts';
import { fromYaml, toYaml } from './yaml.ts';

export const NETWORK_CONF_KEY = 'tke-network-conf.yaml';

export interface SecurityGroupSetting {
  enableSecurityGroups: boolean;
  securityGroups: string[];
}

/** The addon's `vpcCni` values for a scenario (the same shape the cloud emulator serves). */
export function vpcCniOfScenario(s: Scenario): Record<string, unknown> {
  return {
    securityGroups: { enableSecurityGroups: s.ipamd.enableSecurityGroups, securityGroups: [...s.ipamd.securityGroups] },
    routeEni: { ipMinWarmTarget: 5, ipMaxWarmTarget: 5, maxEniPerNode: 0 },
    directEni: { ipMinWarmTarget: 1, ipMaxWarmTarget: 1 },
    claimExpiredDuration: '10m0s',
    enableTrunkingENI: false,
    onlyNominatedEniSubnets: false,
  };
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{a: {b: 1}, c: [2]}` → `{"a.b": 1, c: [2]}` (lists stay values). */
function flatten(o: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (isMapping(v)) Object.assign(out, flatten(v, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

/** `{"a.b": 1}` → `{a: {b: 1}}`. A flat reader looks up dotted keys: a nested mapping under a plain key is not read. */
function unflatten(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (isMapping(v)) continue;
    const path = k.split('.');
    let at = out;
    for (const p of path.slice(0, -1)) at = (isMapping(at[p]) ? at[p] : (at[p] = {})) as Record<string, unknown>;
    at[path.at(-1)!] = v;
  }
  return out;
}

/** addon values `.vpcCni` → the ConfigMap document, in the scenario's shape. */
export function renderNetworkConf(vpcCni: Record<string, unknown>, shape: NetworkConfShape = 'nested'): string {
  return '# Rendered by TKE from the values of addon eniipamd (.vpcCni); edit the addon, not this ConfigMap.\n' + toYaml(shape === 'dotted' ? flatten(vpcCni) : vpcCni);
}

/** The ConfigMap document, read in the scenario's shape → addon-values-shaped `vpcCni` object (throws when it is not a YAML mapping). */
export function parseNetworkConf(text: string, shape: NetworkConfShape = 'nested'): Record<string, unknown> {
  const doc = fromYaml(text);
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${NETWORK_CONF_KEY} is not a YAML mapping`);
  return shape === 'dotted' ? unflatten(doc as Record<string, unknown>) : (doc as Record<string, unknown>);
}

/**
 * The security-group setting inside a `vpcCni` object (addon values or the parsed document).
 * Missing → the chart default {false, []}; wrong types → an error (ipamd keeps its old config).
 */
export function securityGroupSetting(vpcCni: Record<string, unknown>): SecurityGroupSetting {
  const sg = vpcCni.securityGroups;
  if (sg === undefined || sg === null) return { enableSecurityGroups: false, securityGroups: [] };
  if (typeof sg !== 'object' || Array.isArray(sg)) throw new Error('securityGroups must be a mapping {enableSecurityGroups, securityGroups}');
  const o = sg as Record<string, unknown>;
  const enable = o.enableSecurityGroups ?? false;
  const list = o.securityGroups ?? [];
  if (typeof enable !== 'boolean') throw new Error(`securityGroups.enableSecurityGroups must be a boolean, got ${JSON.stringify(enable)}`);
  if (!Array.isArray(list) || !list.every((g) => typeof g === 'string')) {
    throw new Error(`securityGroups.securityGroups must be a list of group IDs, got ${JSON.stringify(list)}`);
  }
  return { enableSecurityGroups: enable, securityGroups: list as string[] };
}
