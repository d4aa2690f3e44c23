// The hand-checked `reach` cases of both providers' e2e files: each names the source, the
// destination, the verdict, and each leg's verdict and deciding rule (as group-name
// direction#position, or the default's words), worked out from the cloud's documented
// semantics (docs/reach.md) and written beside the case — never copied from the plugin.
import { expect } from 'vitest';
import type { RunResult } from './run.ts';
import type { ReachJson, ReachLegJson } from './contract-json.ts';

export const EXIT = { allowed: 0, denied: 3, unknown: 1 } as const;
export type Verdict = keyof typeof EXIT;
type LegExpect = [Verdict | null, string | null];
/** [source, destination, verdict, egress leg, ingress leg]; `{name}` is replaced by an address. */
export type ReachCase = [string, string, Verdict, LegExpect, LegExpect];

/** A leg's deciding rule by the group's name, its default's words, or `outside`. */
export function decided(leg: ReachLegJson, names: Readonly<Record<string, string>>): string | null {
  if (!leg.evaluated) return 'outside';
  if (!leg.decidedBy) return leg.default;
  const name = Object.entries(names).find(([, id]) => id === leg.decidedBy!.group)?.[0] ?? leg.decidedBy.group;
  return `${name} ${leg.decidedBy.direction}#${leg.decidedBy.position}`;
}

export const fill = (text: string, addresses: Readonly<Record<string, string>>) => text.replace(/\{([a-z0-9-]+)\}/g, (_, k: string) => addresses[k] ?? `<${k}?>`);

/** Runs one case through `kubectl sg reach ... -o json` and checks exit code, verdict and both legs. */
export async function checkCase(
  sg: (args: string[]) => Promise<RunResult>,
  [source, destination, verdict, egress, ingress]: ReachCase,
  names: Readonly<Record<string, string>>,
  addresses: Readonly<Record<string, string>>,
): Promise<ReachJson> {
  const r = await sg(['reach', fill(source, addresses), fill(destination, addresses), '-o', 'json']);
  expect(r.code, r.stderr).toBe(EXIT[verdict]);
  const j = JSON.parse(r.stdout) as ReachJson;
  expect([j.verdict, j.egress.verdict, decided(j.egress, names), j.ingress.verdict, decided(j.ingress, names)]).toEqual([verdict, ...egress, ...ingress]);
  return j;
}
