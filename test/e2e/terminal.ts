// `kubectl sg ARGS` on a terminal, for the confirmation prompt: script(1) gives the plugin a pty.
// When the prompt shows (the plan is on screen, nothing written yet), `meanwhile` runs — e.g. a
// concurrent edit by someone else — and then `answer` is typed.
import { spawn } from 'node:child_process';
import { distDir, PLUGIN } from './run.ts';

export interface TerminalRun {
  code: number;
  /** stdout and stderr as the terminal showed them. */
  output: string;
  prompted: boolean;
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** `afterAnswer` may type more keys once the answer is in (e.g. Ctrl-C, "\x03", while the command waits). */
export function onTerminal(env: NodeJS.ProcessEnv, args: string[], meanwhile: () => void, answer = 'y', afterAnswer?: (type: (keys: string) => void) => void): Promise<TerminalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', [PLUGIN, ...args].map(quote).join(' '), '/dev/null'], {
      env: { ...process.env, PATH: `${distDir}:${process.env.PATH}`, ...env },
    });
    let output = '';
    let prompted = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      if (!prompted && output.includes('[y/N]')) {
        prompted = true;
        try {
          meanwhile();
        } finally {
          child.stdin.write(`${answer}\n`);
        }
        afterAnswer?.((keys) => child.stdin.write(keys));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output, prompted }));
  });
}
