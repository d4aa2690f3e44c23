import type { CommandSpec } from '../command-spec.ts';
import type { ShowGroupArgs } from './show-group-run.ts';
import { withKubeFlags, withProviderFlags } from '../kube-flags.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/output.ts';

export const showGroupCommand: CommandSpec = {
  command: 'show group [ids..]',
  describe: 'Show security groups: rules, which nodes\' ENIs (TKE) or pods\' instances (ECI) carry them, and lint findings',
  examples: [
    ['kubectl sg show group sg-12345678', 'rules as a table, the nodes/ENIs that use it, lint findings'],
    ['kubectl sg show group sg-12345678 sg-abcdefgh -o wide', 'several groups, every ENI that uses each'],
    ['kubectl sg show group sg-12345678 -o json', 'as JSON (kind SecurityGroupList), for scripts'],
    ['kubectl sg show group', 'on a terminal: pick a group from the region\'s list'],
    ['kubectl sg show group sg-bp1dktddjsg5nktv1234', 'an Alibaba group: rules, type, the ECI pods that ask for it and have it, lint'],
    ['kubectl sg show group sg-12345678 --check', 'exit 3 when a lint finding fails (e.g. everything open to 0.0.0.0/0)'],
  ],
  options: (y) =>
    withProviderFlags(withKubeFlags(y))
      .positional('ids', { type: 'string', array: true, describe: 'Security-group IDs (Tencent sg-xxxxxxxx, Alibaba sg-bp1...); on a terminal, none opens a picker (Tencent)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table' as OutputFormat, describe: 'Output format' })
      .option('check', { type: 'boolean', default: false, describe: 'Exit 3 when a shown group has a failing lint finding' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./show-group-run.ts')).runShowGroup(args as unknown as ShowGroupArgs),
};
