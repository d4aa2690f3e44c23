// A terminal for e2e tests of the TUI: a tmux server of its own, one window of a given size
// running a plain bash (or the command given), keys typed into it, and the screen read back as
// text (or with its colour codes). Its own socket, so it starts with this process's environment and
// never touches a person's tmux; the socket is a path under the test's temporary directory, removed
// on close (with -L, tmux kept a dead socket per terminal in /tmp/tmux-UID, ~13 a run).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distDir } from './run.ts';

export class Terminal {
  private readonly socket: string;

  constructor(name: string, env: NodeJS.ProcessEnv, size = { columns: 80, rows: 24 }, command = 'bash --norc --noprofile') {
    this.socket = join(tmpdir(), `kubectl-sg-tmux-${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
    // CI=true always: CI machines set it, and a TUI that draws nothing when it is set (Ink's
    // default) must fail here, not only there.
    const full = { ...process.env, ...env, PATH: `${distDir}:${env.PATH ?? process.env.PATH}`, TERM: 'xterm-256color', PS1: '$ ', CI: 'true' };
    const r = spawnSync('tmux', ['-S', this.socket, '-f', '/dev/null', 'new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), command], { env: full, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux new-session failed: ${r.stderr}`);
  }

  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** Types text as it is (no key names). */
  type(text: string): void {
    this.tmux('send-keys', '-l', text);
  }

  /** Presses keys by tmux's names: Enter, Escape, Space, C-c, Down, ... */
  press(...keys: string[]): void {
    for (const k of keys) this.tmux('send-keys', k);
  }

  /** A command line typed at the shell prompt. */
  run(line: string): void {
    this.type(line);
    this.press('Enter');
  }

  /** The visible screen; with colours, as tmux re-encodes them (SGR sequences). */
  screen(o: { colours?: boolean } = {}): string {
    return this.tmux('capture-pane', '-p', ...(o.colours ? ['-e'] : []));
  }

  /** Waits until the screen matches; the last screen is in the error when it never does. */
  async waitFor(what: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`the screen never showed ${String(what)}; it shows:\n${screen}`);
  }

  /** The process the shell runs in the foreground (kubectl execs the plugin, so it is kubectl-sg). */
  foregroundPid(): number | undefined {
    const shell = this.tmux('display-message', '-p', '#{pane_pid}').trim();
    const r = spawnSync('pgrep', ['-P', shell], { encoding: 'utf8' });
    const pid = Number(r.stdout.trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-x', String(columns), '-y', String(rows));
  }

  close(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.socket, { force: true });
  }
}
