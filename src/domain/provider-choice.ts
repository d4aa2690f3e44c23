// Which provider a verb talks to. A cluster may run TKE VPC-CNI (tke-eni-ipamd), Alibaba ECI
// virtual nodes (the eci-profile ConfigMap, virtual-kubelet nodes), both, or neither. A verb
// knows which providers it serves; the cluster says which are there; --provider overrides the
// cluster (an operator may know better than the evidence, e.g. before ipamd is installed).
import { BadInputError } from './bad-input.ts';
import { InvalidGroupListError, isSecurityGroupId } from './security-group-id.ts';
import { ALIBABA_GROUP_ID, isAlibabaGroupId } from './eci/alibaba-group-id.ts';

// Order matters where marks overlap: a super node may also carry virtual-kubelet's label (docs/assumptions.md), so supernode is asked before eci.
export const PROVIDERS = ['tke', 'supernode', 'eci'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const PROVIDER_TITLES: Record<ProviderName, string> = { tke: 'TKE VPC-CNI', supernode: 'TKE super nodes', eci: 'Alibaba ECI' };

/** Whose cloud each provider's groups are in: TKE's ENIs and super nodes' pods share Tencent Cloud's groups. */
export const PROVIDER_CLOUD: Record<ProviderName, 'tencent' | 'alibaba'> = { tke: 'tencent', supernode: 'tencent', eci: 'alibaba' };

/** The first provider of each cloud, in the order given: providers on one cloud see the same groups. */
export function onePerCloud(providers: readonly ProviderName[]): ProviderName[] {
  return providers.filter((p, i) => providers.findIndex((q) => PROVIDER_CLOUD[q] === PROVIDER_CLOUD[p]) === i);
}

/** What was seen of each provider in the cluster, in a phrase; undefined when nothing was. */
export type ProviderEvidence = Record<ProviderName, string | undefined>;

/** Evidence of nothing: for a choice that --provider alone makes. */
export const NOTHING_SEEN: ProviderEvidence = { tke: undefined, supernode: undefined, eci: undefined };

export function detectedProviders(evidence: ProviderEvidence): ProviderName[] {
  return PROVIDERS.filter((p) => evidence[p] !== undefined);
}

export class ProviderChoiceError extends BadInputError {}

/**
 * The provider for a verb that serves one at a time. With nothing detected the verb's first
 * provider is used, so its own checks say what is missing (doctor-style) instead of a bare
 * refusal; with two detected and both served, the operator must say which.
 */
export function chooseProvider(evidence: ProviderEvidence, forced: ProviderName | undefined, serves: readonly ProviderName[], verb: string): ProviderName {
  if (forced) {
    if (!serves.includes(forced)) {
      throw new ProviderChoiceError(`--provider ${forced}: kubectl sg ${verb} works on ${serves.map((p) => PROVIDER_TITLES[p]).join(' and ')} only${WHAT_INSTEAD[`${verb}/${forced}`] ?? ''}`);
    }
    return forced;
  }
  const candidates = detectedProviders(evidence).filter((p) => serves.includes(p));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) return serves[0]!;
  const seen = candidates.map((p) => `${PROVIDER_TITLES[p]} (${evidence[p]})`).join(' and ');
  throw new ProviderChoiceError(`this cluster runs ${seen}: pass --provider ${candidates.join(' or --provider ')} to say which kubectl sg ${verb} changes`);
}

/** The verb an operator wants instead, where a provider has no such verb. */
const WHAT_INSTEAD: Record<string, string> = {
  'set node/eci': ': ECI pods take their groups from their workload (kubectl sg set workload KIND/NAME --groups ...) or the eci-profile default (kubectl sg set cluster --provider eci --groups ...)',
  'resync/eci': ': an ECI instance keeps the group it was created with; change the workload (kubectl sg set workload) and let it roll out',
  'set workload/tke': ': on TKE a pod\'s groups are its node\'s (kubectl sg set node NAME --groups ...)',
};

/**
 * show group's provider: the IDs themselves tell when the cluster runs both, since Tencent's are
 * sg- and exactly 8 characters and Alibaba's (today) 20; an 8-character ID could be either, and
 * then the operator says which.
 */
export function providerForGroupIds(evidence: ProviderEvidence, forced: ProviderName | undefined, ids: readonly string[], isTencentShaped: (id: string) => boolean): ProviderName {
  if (forced) return forced;
  // The first of each cloud shows its groups (TKE's report also names the ENIs using them).
  const detected = onePerCloud(detectedProviders(evidence));
  if (detected.length < 2) return detected[0] ?? 'tke';
  const tencent = ids.filter(isTencentShaped);
  if (tencent.length === 0) return 'eci';
  if (tencent.length === ids.length && ids.length > 0) {
    throw new ProviderChoiceError(`${tencent.join(', ')} could be a Tencent or an Alibaba group and this cluster runs both: pass --provider tke or --provider eci`);
  }
  throw new ProviderChoiceError(`${ids.join(', ')} mixes Tencent-shaped (${tencent.join(', ')}) and Alibaba-shaped IDs: show one provider's groups at a time (--provider tke|eci)`);
}

/** For a verb of one provider: a --provider it does not serve is refused before anything is read. */
export function refuseOtherProvider(forced: ProviderName | undefined, serves: ProviderName, verb: string): void {
  if (forced) chooseProvider(NOTHING_SEEN, forced, [serves], verb);
}

/** Before the provider is known (both run): each ID must have Tencent's shape or Alibaba's. */
export function checkEitherGroupIds(ids: readonly string[]): void {
  for (const id of ids) {
    if (!isSecurityGroupId(id) && !isAlibabaGroupId(id)) {
      throw new InvalidGroupListError(`"${id}" is not a security-group ID: expected sg- followed by 8 lowercase letters or digits on Tencent Cloud (sg-12345678), or ${ALIBABA_GROUP_ID.expected.replace(/^sg- followed by /, '')} on Alibaba Cloud (${ALIBABA_GROUP_ID.example})`);
    }
  }
}
