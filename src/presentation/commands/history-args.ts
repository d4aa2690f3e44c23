// The command line of `kubectl sg history`: declared once, read by the command table
// (history.ts) and, as the inferred HistoryArgs, by the run function (history-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { MUTATION_OUTPUTS } from '../mutation.ts';

export const historyArgs = defineArgs({
  positionals: [{ name: 'target', variadic: true, describe: 'node/NAME, workload KIND/NAME or cluster (default: everything)' }],
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    output: outputFlag(MUTATION_OUTPUTS),
  },
});

export type HistoryArgs = ArgsOf<typeof historyArgs>;
