import { version } from '../../version.ts';
import type { CommandSpec } from '../command-spec.ts';

export type VersionFormat = 'text' | 'json' | 'yaml';

/** Kept free of yargs so the entry point can answer `version` without loading the CLI. */
export function renderVersion(format: VersionFormat): string {
  const info = { kind: 'Version', version: `v${version}`, node: process.version, platform: `${process.platform}/${process.arch}` };
  if (format === 'json') return JSON.stringify(info, null, 2);
  if (format === 'yaml') return Object.entries(info).map(([k, v]) => `${k}: ${v}`).join('\n');
  return `kubectl-sg v${version}`;
}

export const versionCommand: CommandSpec = {
  command: 'version',
  describe: 'Print the version of kubectl-sg',
  examples: [
    ['kubectl sg version', 'print the version'],
    ['kubectl sg version -o json', 'version, Node.js runtime and platform as JSON'],
  ],
  options: (y) => y.option('output', { alias: 'o', choices: ['text', 'json', 'yaml'] as const, default: 'text', describe: 'Output format' }),
  handler: (args) => {
    process.stdout.write(renderVersion(args.output as VersionFormat) + '\n');
    return 0;
  },
};
