// The local change log: one JSON object per line, appended (O_APPEND, so two runs writing at
// once interleave whole lines), in <state>/changes.jsonl. When a line would take the file past
// its size limit the file is rotated first (changes.jsonl → .1 → .2 ..., the oldest dropped),
// so the log never grows without bound and never loses the newest lines. Size, not age,
// decides: a machine that changes little keeps a long history.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const CHANGE_LOG_FILE = 'changes.jsonl';

export interface ChangeLogOptions {
  dir: string;
  /** Rotate before a line would take the file past this size; default 1 MiB. */
  maxBytes?: number;
  /** Rotated files kept besides the live one; default 3. */
  keep?: number;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_KEEP = 3;

const fileOf = (dir: string, generation: number) => join(dir, generation === 0 ? CHANGE_LOG_FILE : `${CHANGE_LOG_FILE}.${generation}`);

function rotate(o: Required<ChangeLogOptions>): void {
  rmSync(fileOf(o.dir, o.keep), { force: true });
  for (let g = o.keep - 1; g >= 0; g--) if (existsSync(fileOf(o.dir, g))) renameSync(fileOf(o.dir, g), fileOf(o.dir, g + 1));
}

/** Appends one line per value; throws when the directory or file cannot be written (the caller warns). */
export function appendChangeLog(options: ChangeLogOptions, values: readonly unknown[]): void {
  const o = { maxBytes: DEFAULT_MAX_BYTES, keep: DEFAULT_KEEP, ...options };
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  for (const v of values) {
    const line = `${JSON.stringify(v)}\n`;
    const live = fileOf(o.dir, 0);
    const size = existsSync(live) ? statSync(live).size : 0;
    if (size > 0 && size + Buffer.byteLength(line) > o.maxBytes) rotate(o);
    appendFileSync(live, line, { mode: 0o600 });
  }
}

export interface ChangeLogRead {
  /** Every line that parsed, oldest first. */
  values: unknown[];
  /** Lines that did not parse (a write cut short, an edit by hand). */
  unreadable: number;
  /** The files read, for `history` to say. */
  files: string[];
}

/** Every line of the live file and the rotated ones; a missing log is an empty one. */
export function readChangeLog(options: ChangeLogOptions): ChangeLogRead {
  const keep = options.keep ?? DEFAULT_KEEP;
  const out: ChangeLogRead = { values: [], unreadable: 0, files: [] };
  for (let g = keep; g >= 0; g--) {
    const file = fileOf(options.dir, g);
    if (!existsSync(file)) continue;
    out.files.push(file);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.values.push(JSON.parse(line));
      } catch {
        out.unreadable++;
      }
    }
  }
  return out;
}
