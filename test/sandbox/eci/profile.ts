// eci-profile as the virtual kubelet reads it, and what it decides for a new pod. Pure: no I/O,
// so the rules can be tested without a cluster.
//
// Rules modelled (domain.md, the third seed):
// - `selectors` is a string holding a JSON array; each element has a `name`, optional
//   `namespaceSelector.matchLabels`, `objectSelector.matchLabels` (pod labels) and
//   `effect.{annotations,labels}`. They are tried in order and each that matches adds its
//   effect; an effect never overwrites what the pod (or an earlier effect) already has.
// - The pod annotation k8s.aliyun.com/eci-security-group (after the effects) names the groups;
//   without it the profile's securityGroupId is the pod's group.
// - A malformed profile is ignored as a whole (the caller keeps the last good one).
// - A selector with neither namespaceSelector nor objectSelector: undocumented. It matches every
//   pod (`all`, as an empty Kubernetes label selector does) or none (`none`), the scenario's
//   `emptySelectorMatches` (docs/assumptions.md).
import { ANN_SECURITY_GROUP } from './names.ts';

export interface Selector {
  name: string;
  namespaceLabels?: Record<string, string>;
  podLabels?: Record<string, string>;
  effect: { annotations: Record<string, string>; labels: Record<string, string> };
}

export interface Profile {
  securityGroupId: string;
  vSwitchIds: string[];
  vpcId: string;
  selectors: Selector[];
}

export type ParsedProfile = { ok: true; profile: Profile } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) throw new Error(`${where} must be an object of strings`);
  return v as Record<string, string>;
}

function parseSelectors(text: string): Selector[] {
  if (text.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`selectors is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new Error('selectors must be a JSON array');
  return raw.map((s, i) => {
    if (!isObject(s)) throw new Error(`selectors[${i}] must be an object`);
    if (typeof s.name !== 'string' || s.name === '') throw new Error(`selectors[${i}] has no name`);
    const matchLabels = (key: 'namespaceSelector' | 'objectSelector') => {
      const sel = s[key];
      if (sel === undefined) return undefined;
      if (!isObject(sel)) throw new Error(`selectors[${i}].${key} must be an object`);
      return stringMap(sel.matchLabels, `selectors[${i}].${key}.matchLabels`);
    };
    const effect = s.effect === undefined ? {} : s.effect;
    if (!isObject(effect)) throw new Error(`selectors[${i}].effect must be an object`);
    return {
      name: s.name,
      namespaceLabels: matchLabels('namespaceSelector'),
      podLabels: matchLabels('objectSelector'),
      effect: {
        annotations: stringMap(effect.annotations, `selectors[${i}].effect.annotations`),
        labels: stringMap(effect.labels, `selectors[${i}].effect.labels`),
      },
    };
  });
}

/** The ConfigMap's data → the profile, or why it is malformed. `vswitchIds` is the older spelling. */
export function parseProfile(data: Record<string, string> | undefined): ParsedProfile {
  const d = data ?? {};
  try {
    const securityGroupId = (d.securityGroupId ?? '').trim();
    const vpcId = (d.vpcId ?? '').trim();
    const vSwitchIds = (d.vSwitchIds ?? d.vswitchIds ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (!/^sg-[0-9a-z]+$/.test(securityGroupId)) throw new Error(`securityGroupId "${securityGroupId}" is not a security group ID`);
    if (!/^vpc-[0-9a-z]+$/.test(vpcId)) throw new Error(`vpcId "${vpcId}" is not a VPC ID`);
    if (vSwitchIds.length === 0) throw new Error('vSwitchIds is empty');
    for (const v of vSwitchIds) if (!/^vsw-[0-9a-z]+$/.test(v)) throw new Error(`vSwitchIds: "${v}" is not a vSwitch ID`);
    return { ok: true, profile: { securityGroupId, vpcId, vSwitchIds, selectors: parseSelectors(d.selectors ?? '') } };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const matches = (want: Record<string, string> | undefined, have: Record<string, string>): boolean =>
  Object.entries(want ?? {}).every(([k, v]) => have[k] === v);

export interface PodDecision {
  /** Annotations and labels the matching selectors add (never replacing what the pod has). */
  addAnnotations: Record<string, string>;
  addLabels: Record<string, string>;
  /** Names of the selectors that matched, in order. */
  matched: string[];
  /** The groups the container group is created with, in the order asked. */
  securityGroupIds: string[];
  /** Where the groups came from. */
  source: 'annotation' | 'selector' | 'profile';
}

export function decideForPod(
  profile: Profile,
  pod: { labels: Record<string, string>; annotations: Record<string, string> },
  namespaceLabels: Record<string, string>,
  emptySelectorMatches: 'all' | 'none' = 'all',
): PodDecision {
  const annotations = { ...pod.annotations };
  const labels = { ...pod.labels };
  const addAnnotations: Record<string, string> = {};
  const addLabels: Record<string, string> = {};
  const matched: string[] = [];
  let groupFromSelector = false;
  for (const s of profile.selectors) {
    if (s.namespaceLabels === undefined && s.podLabels === undefined && emptySelectorMatches === 'none') continue;
    if (!matches(s.namespaceLabels, namespaceLabels) || !matches(s.podLabels, pod.labels)) continue;
    matched.push(s.name);
    for (const [k, v] of Object.entries(s.effect.annotations)) {
      if (k in annotations) continue;
      annotations[k] = addAnnotations[k] = v;
      if (k === ANN_SECURITY_GROUP) groupFromSelector = true;
    }
    for (const [k, v] of Object.entries(s.effect.labels)) {
      if (k in labels) continue;
      labels[k] = addLabels[k] = v;
    }
  }
  const asked = (annotations[ANN_SECURITY_GROUP] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    addAnnotations,
    addLabels,
    matched,
    securityGroupIds: asked.length > 0 ? asked : [profile.securityGroupId],
    source: asked.length === 0 ? 'profile' : groupFromSelector ? 'selector' : 'annotation',
  };
}
