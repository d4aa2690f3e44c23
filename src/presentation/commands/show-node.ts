import type { CommandSpec } from '../command-spec.ts';
import type { ShowNodeArgs } from './show-node-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/output.ts';

export const showNodeCommand: CommandSpec = {
  command: 'show node [names..]',
  describe: 'Show each node\'s security groups: desired (NEC), source, state, and what its ENIs carry',
  examples: [
    ['kubectl sg show node', 'every node, with the ENIs\' actual groups when cloud credentials are found'],
    ['kubectl sg show node 10.0.1.12 -o json', 'one node as JSON (the stable format for scripts)'],
    ['kubectl sg show node -l node.kubernetes.io/instance-type=S5.MEDIUM4 --drifted', 'only nodes whose ENIs differ from their NEC'],
    ['kubectl sg show node --check', 'exit 3 when any node is out of sync or disabled (for runbooks and CI)'],
    ['kubectl sg show node --no-cloud', 'Kubernetes state only, without calling Tencent Cloud'],
  ],
  options: (y) =>
    withCloudFlags(withKubeFlags(y))
      .positional('names', { type: 'string', array: true, describe: 'Node names (default: all nodes)' })
      .option('selector', { alias: 'l', type: 'string', describe: 'Label selector, as in kubectl get -l' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table' as OutputFormat, describe: 'Output format' })
      .option('drifted', { type: 'boolean', default: false, describe: 'Only nodes whose ENIs differ from their desired groups' })
      .option('check', { type: 'boolean', default: false, describe: 'Exit 3 when a shown node is out of sync or disabled' }),
  // The work (and the cloud SDK, the Kubernetes client) loads only when the verb runs, so
  // --help and completion stay within the start-up budget.
  handler: async (args) => (await import('./show-node-run.ts')).runShowNode(args as unknown as ShowNodeArgs),
};
