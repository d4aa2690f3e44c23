// The words `show node` and `show pod` use for a super-node pod (what it asks for, where from,
// under which reading, its state and why), shared with the TUI's super node views so that the
// terminal and the screen say the same thing. Pure: no colour, no I/O (the TUI bundle takes it).
import type { GroupCandidate } from '../../domain/supernode/requested-groups.ts';
import type { SuperNodePodView } from '../../operations/supernode/pods.ts';

export const READINGS: Record<NonNullable<GroupCandidate['reading']>, string> = {
  'policy-first': 'if a SecurityGroupPolicy wins over the pod\'s annotation and eks-config',
  'annotation-first': 'if the pod\'s annotation and eks-config win over a SecurityGroupPolicy',
  'pool-default': 'if a pod naming no groups gets its super node pool\'s (newer pages)',
  'region-default': 'if a pod naming no groups gets the region\'s default group (older pages)',
};

const SOURCE_WORDS: Record<GroupCandidate['source'], string> = {
  annotation: 'its eks.tke.cloud.tencent.com/security-group-id annotation',
  'eks-config': 'the kube-system/eks-config default',
  policy: 'SecurityGroupPolicy',
  pool: 'its super node pool\'s default',
  'region-default': 'the region\'s default group',
};

/** One candidate's parts: its groups, where from, and the reading it rests on (undefined when the documents settle it). */
export function candidateParts(c: GroupCandidate): { groups: string; from: string; reading: string | undefined } {
  const groups = c.groups ? c.groups.join(', ') || '(none)' : '(not read)';
  const from = c.source === 'policy' ? `${SOURCE_WORDS.policy} ${c.policies?.join(', ')}` : SOURCE_WORDS[c.source];
  return { groups, from, reading: c.reading ? READINGS[c.reading] : undefined };
}

/** One candidate in `show pod`'s words: its groups, where from, and the reading it rests on. */
export function candidateWords(c: GroupCandidate): string {
  const { groups, from, reading } = candidateParts(c);
  return `${groups} (from ${from}${reading ? `, ${reading}` : ''})`;
}

/** Why a pod is in its state (`show pod`'s Note); null where nothing needs saying, or (no-cloud) the report's own reason. */
export const SUPERNODE_NOTES: Record<SuperNodePodView['status'], string | null> = {
  ok: null,
  mismatch: 'the instance\'s groups differ from what the pod asks for now: a super-node pod\'s groups are read when it is created, so recreate it (roll its workload out)',
  'cannot-tell': 'what the pod asks for could not be read in full (see Asked for), so whether its instance has it cannot be told',
  'not-listed': 'DescribeEKSContainerInstances lists no instance with the pod\'s IP: whether it lists a standard cluster\'s super-node pods at all is not documented (docs/assumptions.md), so the pod\'s groups cannot be told',
  'no-ip': 'the pod has no IP yet: its instance is not running (kubectl describe pod shows why)',
  'no-cloud': null, // says why: the report's missing
};

/** `show node`'s asked-for cell: each candidate's groups, with its reading where the readings differ. */
export const askedForText = (p: SuperNodePodView) => p.candidates.map((c) => `${c.groups?.join(',') ?? '?'}${c.reading ? ` [${c.reading}]` : ''}`).join(' or ');

/** `show node`'s source cell. */
export const sourceText = (p: SuperNodePodView) => [...new Set(p.candidates.map((c) => (c.source === 'policy' ? `policy ${c.policies?.join(',')}` : c.source)))].join(' or ');

/** `show node`'s state cell, in words. */
export function stateText(p: SuperNodePodView): string {
  if (p.status === 'ok') return p.matched?.reading ? `in-sync [${p.matched.reading}]` : 'in-sync';
  if (p.status === 'mismatch') return 'differs';
  return p.status === 'not-listed' ? 'cannot tell (instance not listed)' : p.status;
}
