// Which of a node's ENIs are ipamd's shared ENIs: only those carry the node's groups, so only
// those count for drift and for verification. Evidence and readings: docs/assumptions.md,
// "Which ENIs count".
//
// Sourced (tencentcloud-sdk-nodejs, vpc_models.d.ts `NetworkInterface`): `Primary`, and
// `EniType` 0 secondary, 1 primary, 2 trunk ("中继网卡"). Not sourced: how ipamd names its ENIs.
// No public field says who attached an ENI, so the rest is read from the ENI's name,
// description and tags, and calibrated on the ENIs read together: where any of them names
// ipamd's shared ENI, an ENI that names nothing is someone else's; where none does, the plugin
// cannot tell and says so (it counts such an ENI, `certain: false`).

export type EniKind = 'primary' | 'shared' | 'other';

/** Why an ENI is `other`. */
export type OtherReason = 'trunk' | 'sub-eni' | 'direct' | 'not-ipamd';

export interface EniClass {
  kind: EniKind;
  /** Only for `other`. */
  reason?: OtherReason;
  /** false: nothing on the ENI (nor on the ENIs read with it) says whose it is. */
  certain: boolean;
  /** One line: what the kind was read from. */
  why: string;
}

/** What DescribeNetworkInterfaces says about an ENI that bears on its kind. */
export interface EniFacts {
  primary: boolean;
  /** 0 secondary, 1 primary, 2 trunk; undefined where the answer omits it. */
  eniType: number | undefined;
  name: string;
  description: string;
  tags: ReadonlyArray<{ key: string; value: string }>;
}

type Mark = 'shared' | 'direct' | 'sub-eni';

/**
 * Words that name a kind, first match wins (a direct ENI's description may also name ipamd).
 * `tke-route-eni` / `tke-direct-eni` are TKE's own names of the two VPC-CNI modes
 * (EnableVpcCniNetworkType's VpcCniType, the pod annotation `tke.cloud.tencent.com/networks`);
 * that ipamd writes them on its ENIs is the assumption.
 */
const MARKS: ReadonlyArray<readonly [RegExp, Mark]> = [
  [/direct-?eni/i, 'direct'],
  [/trunk|sub-?eni/i, 'sub-eni'],
  [/route-?eni|ipamd/i, 'shared'],
];

/** The first text of the ENI that names a kind, and which. */
function markOf(e: EniFacts): { mark: Mark; text: string } | undefined {
  const texts = [e.name, e.description, ...e.tags.map((t) => `${t.key}=${t.value}`)].filter((t) => t !== '');
  for (const [re, mark] of MARKS) {
    const text = texts.find((t) => re.test(t));
    if (text !== undefined) return { mark, text };
  }
  return undefined;
}

const OTHER_WHY: Record<Exclude<Mark, 'shared'>, string> = {
  direct: 'a direct (exclusive) ENI of one pod: ipamd does not put the node\'s groups on it',
  'sub-eni': 'a trunk sub-ENI: SecurityGroupPolicy gives it its own groups',
};

/**
 * The kind of each ENI, in order. Calibrated on the whole list: pass every ENI read at once
 * (all nodes of a report), so that one node's ipamd ENIs vouch for the naming on all of them.
 */
export function classifyEnis(enis: readonly EniFacts[]): EniClass[] {
  const marks = enis.map(markOf);
  const ipamdNamed = marks.find((m) => m?.mark === 'shared');
  return enis.map((e, i): EniClass => {
    if (e.primary || e.eniType === 1) return { kind: 'primary', certain: true, why: 'the primary ENI' };
    if (e.eniType === 2) return { kind: 'other', reason: 'trunk', certain: true, why: 'EniType 2: a trunk ENI (its sub-ENIs carry per-pod groups)' };
    const m = marks[i];
    if (m && m.mark !== 'shared') return { kind: 'other', reason: m.mark, certain: true, why: `"${m.text}": ${OTHER_WHY[m.mark]}` };
    if (m) return { kind: 'shared', certain: true, why: `"${m.text}": ipamd's shared ENI` };
    if (ipamdNamed) {
      return { kind: 'other', reason: 'not-ipamd', certain: true, why: `names no owner, while ipamd's ENIs here do ("${ipamdNamed.text}"): not ipamd's` };
    }
    return { kind: 'shared', certain: false, why: 'cannot tell: no ENI read names ipamd or another owner, so every secondary ENI is counted as ipamd\'s' };
  });
}

/** Whether an ENI counts for drift and verification: a shared one, or any secondary one nobody classified. */
export function countsAsShared(e: { primary: boolean; kind?: EniKind }): boolean {
  return e.kind === undefined ? !e.primary : e.kind === 'shared';
}
