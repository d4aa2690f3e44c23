import { defineCommand } from '../command-spec.ts';
import { showGroupArgs } from './show-group-args.ts';

export const showGroupCommand = defineCommand({
  name: 'group',
  describe: 'Show security groups: rules, which nodes\' ENIs (TKE) or pods\' instances (ECI) carry them, and lint findings',
  args: showGroupArgs,
  examples: [
    ['kubectl sg show group sg-12345678', 'rules as a table, the nodes/ENIs that use it, lint findings'],
    ['kubectl sg show group sg-12345678 sg-abcdefgh -o wide', 'several groups, every ENI that uses each'],
    ['kubectl sg show group sg-12345678 -o json', 'as JSON (kind SecurityGroupList), for scripts'],
    ['kubectl sg show group', 'on a terminal: pick a group from the region\'s list'],
    ['kubectl sg show group sg-bp1dktddjsg5nktv1234', 'an Alibaba group: rules, type, the ECI pods that ask for it and have it, lint'],
    ['kubectl sg show group sg-12345678 --check', 'exit 3 when a lint finding fails (e.g. everything open to 0.0.0.0/0)'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./show-group-run.ts')).runShowGroup,
});
