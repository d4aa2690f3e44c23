// The local journal of a resync run: one JSON file per run with its plan and each node's
// progress, under $KUBECTL_SG_STATE_DIR/runs, else $XDG_STATE_HOME/kubectl-sg/runs, else
// ~/.local/state/kubectl-sg/runs (the XDG place for state that outlives a process but is not
// configuration). It is a convenience: the node markers are the journal that counts (a resume
// from another machine has only them); the file adds the run's whole plan, for the summary.
//
// Written atomically (a temporary file renamed over the old one), so a crash leaves the last
// complete version; writes are coalesced, as a 5,000-node run changes state thousands of
// times and a lagging file loses nothing the markers do not hold.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { userStateDir } from '../../adapters/local/user-state-dir.ts';
import type { ResyncMethod } from '../../domain/tke/ipamd-version.ts';
import type { Step } from '../../domain/tke/resync-steps.ts';

export function journalDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(userStateDir(env, home), 'runs');
}

export type NodeProgress = 'pending' | 'in-progress' | 'ok' | 'failed' | 'skipped';

export interface JournalNode {
  name: string;
  before: string[];
  after: string[];
  method: ResyncMethod | null;
  state: NodeProgress;
  /** The last step done. */
  step: Step | null;
  detail: string | null;
}

export interface JournalData {
  apiVersion: 'kubectl-sg/v1';
  kind: 'ResyncJournal';
  runId: string;
  /** kubeconfig context and API server, so a reader knows which cluster the run was against. */
  context: string;
  server: string;
  startedAt: string;
  updatedAt: string;
  /** No node of the run carries its marker any more. */
  finished: boolean;
  method: ResyncMethod;
  toggleWaitMs: number;
  timeoutMs: number;
  concurrency: number;
  nodes: JournalNode[];
}

const COALESCE_MS = 250;

export class RunJournal {
  readonly path: string;
  readonly data: JournalData;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onError: (message: string) => void;
  private failed = false;
  /** Told of every node's change as it happens (a live view of the run). */
  onNodeChange: ((node: JournalNode) => void) | undefined;

  constructor(path: string, data: JournalData, onError: (message: string) => void) {
    this.path = path;
    this.data = data;
    this.onError = onError;
  }

  /** Starts a run's file (written at once: it exists before the first node is touched). */
  static create(data: JournalData, onError: (message: string) => void, dir = journalDir()): RunJournal {
    const j = new RunJournal(join(dir, `${data.runId}.json`), data, onError);
    j.flush();
    return j;
  }

  /** The file of a run, if this machine has it. */
  static read(runId: string, onError: (message: string) => void, dir = journalDir()): RunJournal | undefined {
    const path = join(dir, `${runId}.json`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const data = JSON.parse(text) as JournalData;
      return data.kind === 'ResyncJournal' && Array.isArray(data.nodes) ? new RunJournal(path, data, onError) : undefined;
    } catch {
      return undefined;
    }
  }

  node(name: string): JournalNode | undefined {
    return this.data.nodes.find((n) => n.name === name);
  }

  update(name: string, change: Partial<JournalNode>): void {
    const n = this.node(name);
    if (!n) return;
    Object.assign(n, change);
    this.onNodeChange?.(n);
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  setFinished(finished: boolean): void {
    this.data.finished = finished;
    this.flush();
  }

  /** Writes now (temporary file, then rename); a failure is reported once and the run goes on. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.data.updatedAt = new Date().toISOString();
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      writeFileSync(tmp, JSON.stringify(this.data, null, 2) + '\n', { mode: 0o600 });
      renameSync(tmp, this.path);
    } catch (err) {
      if (!this.failed) this.onError(`cannot write the run's journal ${this.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the node markers still record the run`);
      this.failed = true;
    }
  }
}
