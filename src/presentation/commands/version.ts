import { version } from '../../version.ts';
import { defineArgs, defineCommand } from '../command-spec.ts';

const VERSION_FORMATS = ['text', 'json', 'yaml'] as const;
export type VersionFormat = (typeof VERSION_FORMATS)[number];

/** Kept free of yargs so the entry point can answer `version` without loading the CLI. */
export function renderVersion(format: VersionFormat): string {
  const info = { kind: 'Version', version: `v${version}`, node: process.version, platform: `${process.platform}/${process.arch}` };
  if (format === 'json') return JSON.stringify(info, null, 2);
  if (format === 'yaml') return Object.entries(info).map(([k, v]) => `${k}: ${v}`).join('\n');
  return `kubectl-sg v${version}`;
}

const versionArgs = defineArgs({ flags: { output: { alias: 'o', choices: VERSION_FORMATS, default: 'text', describe: 'Output format' } } });

export const versionCommand = defineCommand({
  name: 'version',
  describe: 'Print the version of kubectl-sg',
  args: versionArgs,
  examples: [
    ['kubectl sg version', 'print the version'],
    ['kubectl sg version -o json', 'version, Node.js runtime and platform as JSON'],
  ],
  // Nothing to load: the version is in this file already.
  load: async () => (args) => {
    process.stdout.write(renderVersion(args.output) + '\n');
    return 0;
  },
});
