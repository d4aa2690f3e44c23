// The command line of `kubectl sg set node`: declared once, read by the command table
// (set-node.ts) and, as the inferred SetNodeArgs, by the run function (set-node-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { MUTATION_FLAGS, MUTATION_OUTPUTS } from '../mutation.ts';

export const setNodeArgs = defineArgs({
  positionals: [{ name: 'names', variadic: true, complete: 'node', describe: 'Node names (or -l)' }],
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    // Accepted from the shared cloud flags only to be refused by name: set node cannot work without the cloud.
    cloud: { ...CLOUD_FLAGS.cloud, hidden: true },
    ...MUTATION_FLAGS,
    selector: { alias: 'l', type: 'string', complete: 'node-label', describe: 'Label selector, as in kubectl get -l (instead of names)' },
    groups: { type: 'string', repeatable: true, complete: 'security-group', list: true, describe: 'The whole new list, comma-separated, highest priority first' },
    add: { type: 'string', repeatable: true, complete: 'security-group', list: true, describe: 'Groups to add, comma-separated (at the lowest priority; see --first)' },
    first: { type: 'boolean', default: false, describe: 'With --add: add at the highest priority' },
    remove: { type: 'string', repeatable: true, complete: 'security-group', list: true, describe: 'Groups to take out, comma-separated' },
    wait: { type: 'boolean', default: true, describe: 'Verify in the cloud that the ENIs carry the new lists (--no-wait to skip)' },
    timeout: { type: 'string', default: '2m', describe: 'How long to wait for the ENIs (e.g. 30s, 2m)' },
    output: outputFlag(MUTATION_OUTPUTS),
  },
});

export type SetNodeArgs = ArgsOf<typeof setNodeArgs>;
