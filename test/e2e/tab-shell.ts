// A real shell with kubectl's completion loaded as kubectl's docs say (bash on top of
// bash-completion: `source <(kubectl completion bash)`; zsh after compinit: `source <(kubectl
// completion zsh)`), driven in tmux by keystrokes: a line typed, Tab pressed, the screen read.
// Nothing is timed: a loaded machine only makes each step take longer. The deadlines only bound
// how long a step is waited for (and then the test fails showing the screen).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bashCompletionScript } from './bash-completion.ts';
import { distDir } from './run.ts';
import { Terminal } from './tmux.ts';
import { zsh } from './zsh.ts';

export type ShellName = 'bash' | 'zsh';

const STEP_DEADLINE_MS = 60_000;
/** How long Tab is pressed again while it offers nothing (a completion that gave up under load answers nothing, and is not cached). */
const TAB_DEADLINE_MS = 120_000;

/** The prompt line once a Tab's completion is done: `$ `, the line, then the X typed after Tab. */
const DONE = /^\$ .*X$/m;

export class TabShell {
  private readonly term: Terminal;

  private constructor(term: Terminal) {
    this.term = term;
  }

  /**
   * The shell in a tmux server of its own (its own socket, -f /dev/null: no ~/.tmux.conf, never
   * the person's tmux), with `env` and nothing else (env -i: no person's settings), dist/ first
   * on PATH, started in an empty directory of `home` (where completion offers nothing, bash
   * falls back to file names, and there are none). Returns once the shell has read its rc file
   * and kubectl's completion is loaded.
   */
  static async start(name: ShellName, env: NodeJS.ProcessEnv, home: string): Promise<TabShell> {
    const full: NodeJS.ProcessEnv = { ...env, HOME: home, TERM: 'xterm', PATH: `${distDir}:${env.PATH ?? process.env.PATH}` };
    const empty = join(home, 'empty');
    mkdirSync(empty, { recursive: true });
    let command: string;
    let loaded: string;
    if (name === 'bash') {
      const rc = join(home, 'bashrc');
      writeFileSync(
        rc,
        [
          `source ${await bashCompletionScript()}`,
          'source <(kubectl completion bash)',
          'PS1="$ "',
          // Every candidate listed at once, on the first Tab, without "Display all N possibilities?".
          'bind "set show-all-if-ambiguous on"',
          'bind "set completion-query-items 1000"',
          'bind "set page-completions off"',
          // No bell, no visible flash: a Tab that offers nothing leaves the screen as it was.
          'bind "set bell-style none"',
          '',
        ].join('\n'),
      );
      command = `bash --noprofile --rcfile ${rc} -i`;
      loaded = 'complete -p kubectl';
    } else {
      const z = await zsh();
      full.ZDOTDIR = home;
      writeFileSync(
        join(home, '.zshrc'),
        [
          ...z.rc,
          // Emacs keys (Ctrl-E, Ctrl-U below), whatever EDITOR says.
          'bindkey -e',
          'autoload -U compinit; compinit -u',
          'source <(kubectl completion zsh)',
          "PS1='$ '",
          // The candidates listed on the first Tab, as bash's show-all-if-ambiguous: by default
          // zsh only inserts their common prefix then.
          'unsetopt list_ambiguous',
          'setopt no_beep',
          '',
        ].join('\n'),
      );
      command = `${z.bin} -i`;
      loaded = 'print -r -- "completer $_comps[kubectl]"';
    }
    const exports = Object.entries(full).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const shell = new TabShell(new Terminal(`completion-${name}`, {}, { columns: 250, rows: 50 }, `cd ${empty} && exec env -i ${exports.join(' ')} ${command}`));
    // Proof that the shell read the rc file and kubectl's completion is loaded, before any Tab:
    // the marker is computed by the shell, so the echoed command line cannot match it.
    shell.term.type(`${loaded}; echo "rc-$((6 * 7))-done"`);
    shell.term.press('Enter');
    const screen = await shell.screenWhen((s) => s.includes('rc-42-done'), 'the shell running the rc file');
    const expected = name === 'bash' ? /^complete .*-F __start_kubectl kubectl$/m : /^completer _kubectl$/m;
    if (!expected.test(screen)) throw new Error(`kubectl's completion is not loaded in ${name}:\n${screen}`);
    return shell;
  }

  /** Polls the screen until `ready`, or fails at the deadline showing the screen. */
  async screenWhen(ready: (s: string) => boolean, what: string, deadlineMs = STEP_DEADLINE_MS): Promise<string> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const s = this.term.screen();
      if (ready(s)) return s;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${what}; it shows:\n${s}`);
      await sleep(100);
    }
  }

  /**
   * A bare prompt: the line erased with the line editor's own keys (Ctrl-E, Ctrl-U) and the
   * screen cleared (Ctrl-L). Never Ctrl-C: its SIGINT overtakes the keys typed before it, and a
   * bash that handles it late, in the middle of the next completion, aborts that and then
   * ignores Ctrl-C until the next command runs (seen on a loaded machine). Nothing is running
   * here: every Tab below waits for its completion to finish.
   */
  private async barePrompt(): Promise<void> {
    const deadline = Date.now() + STEP_DEADLINE_MS;
    for (;;) {
      this.term.press('C-e', 'C-u', 'C-l');
      const s = await this.screenWhen((x) => x.trim() === '$', 'a bare prompt', 5_000).catch(() => undefined);
      if (s !== undefined) return;
      if (Date.now() > deadline) throw new Error(`the shell does not come back to a bare prompt:\n${this.term.screen()}`);
    }
  }

  /**
   * From a bare prompt, types a line, presses Tab and then types `X`. The shell reads the X only
   * once the completion has answered, so a prompt line ending in X says it is done, and shows
   * where the cursor was (capture-pane drops trailing spaces). Several matches are listed with
   * it (bash above a new prompt line, zsh below the line; both on the first Tab, as the rc files
   * set). While the finished screen does not show `expected` (a completion that gave up on a
   * loaded machine offers nothing: its 2 s per request and 5 s in all), the line is typed and
   * Tab pressed again, until the deadline. The last finished screen is returned either way, for
   * the assertions to judge.
   */
  async tab(line: string, expected: (s: string) => boolean): Promise<string> {
    const deadline = Date.now() + TAB_DEADLINE_MS;
    for (;;) {
      await this.barePrompt();
      this.term.type(line);
      this.term.press('Tab');
      this.term.type('X');
      const s = await this.screenWhen((x) => DONE.test(x), `the completion of "${line}" finished (a prompt line ending in X)`);
      if (expected(s) || Date.now() > deadline) return s;
    }
  }

  close(): void {
    this.term.close();
  }
}
