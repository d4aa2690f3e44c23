// The command line of `kubectl sg show node`: declared once, read by the command table
// (show-node.ts) and, as the inferred ShowNodeArgs, by the run function (show-node-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { OUTPUT_FORMATS } from '../render/output.ts';

export const showNodeArgs = defineArgs({
  positionals: [{ name: 'names', variadic: true, complete: 'node', describe: 'Node names (default: all nodes)' }],
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    selector: { alias: 'l', type: 'string', complete: 'node-label', describe: 'Label selector, as in kubectl get -l' },
    output: outputFlag(OUTPUT_FORMATS),
    drifted: { type: 'boolean', default: false, describe: 'Only nodes whose ENIs differ from their desired groups' },
    check: { type: 'boolean', default: false, describe: 'Exit 3 when a shown node is out of sync or disabled' },
    'chunk-size': { type: 'string', default: '500', describe: 'Nodes per page of the list, as kubectl get --chunk-size (0: one answer, unpaged)' },
  },
});

export type ShowNodeArgs = ArgsOf<typeof showNodeArgs>;
