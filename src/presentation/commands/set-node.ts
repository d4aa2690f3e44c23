import { defineCommand } from '../command-spec.ts';
import { setNodeArgs } from './set-node-args.ts';

export const setNodeCommand = defineCommand({
  name: 'node',
  describe: 'Set the security groups of nodes (their NodeENIConfig), then verify that every ENI carries them',
  args: setNodeArgs,
  examples: [
    ['kubectl sg set node 10.0.1.12 --groups sg-aaaa1111,sg-bbbb2222', 'replace the node\'s list (order is priority), after showing the plan and asking'],
    ['kubectl sg set node -l pool=web --add sg-cccc3333', 'add a group at the lowest priority on every node of the pool (nodes that have it are left as they are)'],
    ['kubectl sg set node 10.0.1.12 --add sg-cccc3333 --first', 'add it at the highest priority'],
    ['kubectl sg set node 10.0.1.12 10.0.1.13 --remove sg-bbbb2222', 'take a group out (a node is never left without groups)'],
    ['kubectl sg set node -l pool=web --add sg-cccc3333 --dry-run -o yaml', 'print the plan (kind SetNodePlan) and change nothing'],
    ['kubectl sg set node 10.0.1.12 --groups sg-aaaa1111 --yes --no-wait', 'in a script: no question, no waiting for the ENIs'],
  ],
  providers: ['tke'],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./set-node-run.ts')).runSetNode,
});
