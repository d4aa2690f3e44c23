// The groups a super-node pod asks for, by the documented rules (docs/tke-pod-groups.md §1, §3):
// its own annotation, else eks-config's default, else the default for a pod that names none; a
// SecurityGroupPolicy selecting it gives its groups too. Two things no public page settles change
// the answer (docs/assumptions.md):
// - with nothing named, the pool's groups (newer pages) or the region's `default` group (older);
// - a policy against the annotation or eks-config: which one wins.
// Where the two readings ask for different groups both are kept, each named, and a pod whose
// instance has either one's is not called drifted: the verdict says which reading it rests on.
import { sameGroups } from '../cluster-policy.ts';

export type SuperNodeGroupSource = 'annotation' | 'eks-config' | 'policy' | 'pool' | 'region-default';

/** The readings of docs/assumptions.md a candidate rests on; null when the documents settle it. */
export type SuperNodeReading = 'policy-first' | 'annotation-first' | 'pool-default' | 'region-default' | null;

export interface GroupCandidate {
  reading: SuperNodeReading;
  source: SuperNodeGroupSource;
  /** undefined when they could not be read (the pool's without the cloud, the region's default group not found). */
  groups: string[] | undefined;
  /** The policies whose groups these are (source policy), in name order. */
  policies?: string[];
}

export interface SuperNodePodFacts {
  /** The pod's own annotation's groups; undefined when it has none (or names none). */
  own: string[] | undefined;
  /** eks-config's default; undefined when none. */
  clusterDefault: string[] | undefined;
  /** The policies selecting the pod, in name order, with their groups. */
  policies: { name: string; groupIds: string[] }[];
  /** The pool's groups and the region's `default` group; undefined when not read. */
  poolGroups: string[] | undefined;
  regionDefault: string[] | undefined;
}

/** One candidate, or two (each with its reading) where the readings differ. */
export function requestedCandidates(f: SuperNodePodFacts): GroupCandidate[] {
  const named: GroupCandidate | undefined = f.own ? { reading: null, source: 'annotation', groups: f.own } : f.clusterDefault ? { reading: null, source: 'eks-config', groups: f.clusterDefault } : undefined;
  if (f.policies.length > 0) {
    // Several policies: all their groups, in policy-name order (no page says how they combine: docs/assumptions.md).
    const policy: GroupCandidate = { reading: null, source: 'policy', groups: [...new Set(f.policies.flatMap((p) => p.groupIds))], policies: f.policies.map((p) => p.name) };
    if (!named || sameGroups(named.groups!, policy.groups!)) return [policy];
    return [
      { ...policy, reading: 'policy-first' },
      { ...named, reading: 'annotation-first' },
    ];
  }
  if (named) return [named];
  const pool: GroupCandidate = { reading: 'pool-default', source: 'pool', groups: f.poolGroups };
  const region: GroupCandidate = { reading: 'region-default', source: 'region-default', groups: f.regionDefault };
  if (pool.groups && region.groups && sameGroups(pool.groups, region.groups)) return [{ ...pool, reading: null }];
  return [pool, region];
}

/**
 * ok: the instance has one candidate's groups (`matched` says which); mismatch: it has none of
 * them, and every candidate is known; cannot-tell: the groups could not be compared (a
 * candidate unread, or the cloud did not list the instance). The rest say why nothing was compared.
 */
export type SuperNodePodStatus = 'ok' | 'mismatch' | 'cannot-tell' | 'not-listed' | 'no-ip' | 'no-cloud';

export function superNodeVerdict(actual: readonly string[], candidates: readonly GroupCandidate[]): { status: 'ok' | 'mismatch' | 'cannot-tell'; matched: GroupCandidate | undefined } {
  const matched = candidates.find((c) => c.groups !== undefined && sameGroups(actual, c.groups));
  if (matched) return { status: 'ok', matched };
  return { status: candidates.every((c) => c.groups !== undefined) ? 'mismatch' : 'cannot-tell', matched: undefined };
}
