// The shape every doctor check reports in, whichever provider it looks at (TKE's checks:
// tke/doctor-findings.ts, ECI's: eci/doctor-findings.ts; those they share: provider-finding.ts,
// cloud-findings.ts, rbac-finding.ts), and the wording they share.
export type Level = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: string;
  level: Level;
  /** One line. */
  why: string;
  /** What to run or where to click; undefined when nothing needs doing. May span lines (policy JSON, RBAC). */
  fix: string | undefined;
  /** Longer lists (every node name, each permission) for `-o wide` and JSON. */
  details?: string[];
}

export const finding = (check: string, level: Level, why: string, fix?: string, details?: string[]): Finding => ({
  check,
  level,
  why,
  fix,
  ...(details && details.length > 0 ? { details } : {}),
});

/** A check that could not run because an earlier one failed or a read was refused. */
export function notChecked(check: string, why: string, fix: string): Finding {
  return finding(check, 'warn', `not checked: ${why}`, fix);
}

/** Up to `max` names, then "and N more". */
export function someNames(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** "1 node has", "2 nodes have": the verb agrees with n. */
export const agree = (n: number, singular: string, pluralForm: string) => (n === 1 ? singular : pluralForm);

/** Warning Events newer than this say something is failing now (ipamd, virtual kubelet); older ones are history. */
export const RECENT_EVENT_MS = 10 * 60_000;

/** "42s ago", "5m ago", "3h ago". */
export function ago(ms: number): string {
  if (ms < 90_000) return `${Math.max(0, Math.round(ms / 1000))}s ago`;
  if (ms < 90 * 60_000) return `${Math.round(ms / 60_000)}m ago`;
  return `${Math.round(ms / 3_600_000)}h ago`;
}
