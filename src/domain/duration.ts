// Durations on the command line, as kubectl writes them: Go's form (`500ms`, `2s`, `1m30s`,
// `1h`) or a bare number of seconds (kubectl's --request-timeout). A bad value is the user's
// typo, so it is refused naming the flag and the value (exit 2).
import { BadInputError } from './bad-input.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export class InvalidDurationError extends BadInputError {}

/** Milliseconds; `allowZero` for flags where 0 means "no limit". */
export function parseDuration(text: string, flag: string, o: { allowZero?: boolean } = {}): number {
  const t = text.trim();
  const wrong = (why: string) => new InvalidDurationError(`${flag} "${text}" ${why}: use a duration such as 2s, 1m30s or 500ms`);
  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(t)) ms = Number(t) * 1000;
  else {
    // The whole text must be a sequence of number+unit parts: nothing before, between or after.
    if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(t)) throw wrong('is not a duration');
    ms = 0;
    for (const m of t.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  }
  ms = Math.round(ms);
  if (ms === 0 && !o.allowZero) throw wrong('is zero');
  return ms;
}

/** `2s`, `1m30s`, `500ms`: the shortest exact form, for plans and messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms % 1000 !== 0) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')}s`;
  const s = ms / 1000;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest || (!h && !m) ? `${rest}s` : ''}`;
}
