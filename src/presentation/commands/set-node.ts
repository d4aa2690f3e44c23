import type { CommandSpec } from '../command-spec.ts';
import type { SetNodeArgs } from './set-node-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { MUTATION_OUTPUTS, withMutationFlags } from '../mutation.ts';

export const setNodeCommand: CommandSpec = {
  command: 'set node [names..]',
  describe: 'Set the security groups of nodes (their NodeENIConfig), then verify that every ENI carries them',
  examples: [
    ['kubectl sg set node 10.0.1.12 --groups sg-aaaa1111,sg-bbbb2222', 'replace the node\'s list (order is priority), after showing the plan and asking'],
    ['kubectl sg set node -l pool=web --add sg-cccc3333', 'add a group at the lowest priority on every node of the pool (nodes that have it are left as they are)'],
    ['kubectl sg set node 10.0.1.12 --add sg-cccc3333 --first', 'add it at the highest priority'],
    ['kubectl sg set node 10.0.1.12 10.0.1.13 --remove sg-bbbb2222', 'take a group out (a node is never left without groups)'],
    ['kubectl sg set node -l pool=web --add sg-cccc3333 --dry-run -o yaml', 'print the plan (kind SetNodePlan) and change nothing'],
    ['kubectl sg set node 10.0.1.12 --groups sg-aaaa1111 --yes --no-wait', 'in a script: no question, no waiting for the ENIs'],
  ],
  options: (y) =>
    withMutationFlags(withCloudFlags(withKubeFlags(y)))
      .positional('names', { type: 'string', array: true, describe: 'Node names (or -l)' })
      .option('selector', { alias: 'l', type: 'string', describe: 'Label selector, as in kubectl get -l (instead of names)' })
      .option('groups', { type: 'string', describe: 'The whole new list, comma-separated, highest priority first' })
      .option('add', { type: 'string', describe: 'Groups to add, comma-separated (at the lowest priority; see --first)' })
      .option('first', { type: 'boolean', default: false, describe: 'With --add: add at the highest priority' })
      .option('remove', { type: 'string', describe: 'Groups to take out, comma-separated' })
      .option('wait', { type: 'boolean', default: true, describe: 'Verify in the cloud that the ENIs carry the new lists (--no-wait to skip)' })
      .option('timeout', { type: 'string', default: '2m', describe: 'How long to wait for the ENIs (e.g. 30s, 2m)' })
      .option('output', { alias: 'o', choices: MUTATION_OUTPUTS, default: 'table' as const, describe: 'Output format' })
      // Accepted from the shared cloud flags only to be refused by name: set node cannot work without the cloud.
      .hide('cloud'),
  providers: ['tke'],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./set-node-run.ts')).runSetNode(args as unknown as SetNodeArgs),
};
