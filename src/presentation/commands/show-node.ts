import { defineCommand } from '../command-spec.ts';
import { showNodeArgs } from './show-node-args.ts';

export const showNodeCommand = defineCommand({
  name: 'node',
  describe: 'Show each node\'s security groups: desired (NEC), source, state, and what its ENIs carry',
  args: showNodeArgs,
  examples: [
    ['kubectl sg show node', 'every node, with the ENIs\' actual groups when cloud credentials are found'],
    ['kubectl sg show node 10.0.1.12 -o json', 'one node as JSON (the stable format for scripts)'],
    ['kubectl sg show node -l node.kubernetes.io/instance-type=S5.MEDIUM4 --drifted', 'only nodes whose ENIs differ from their NEC'],
    ['kubectl sg show node --check', 'exit 3 when any node is out of sync or disabled (for runbooks and CI)'],
    ['kubectl sg show node --no-cloud', 'Kubernetes state only, without calling Tencent Cloud'],
  ],
  // The work (and the cloud SDK, the Kubernetes client) loads only when the verb runs, so
  // --help and completion stay within the start-up budget.
  load: async () => (await import('./show-node-run.ts')).runShowNode,
});
