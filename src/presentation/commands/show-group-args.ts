// The command line of `kubectl sg show group`: declared once, read by the command table
// (show-group.ts) and, as the inferred ShowGroupArgs, by the run function (show-group-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { KUBE_FLAGS, PROVIDER_FLAGS, outputFlag } from '../kube-flags.ts';
import { OUTPUT_FORMATS } from '../render/output.ts';

export const showGroupArgs = defineArgs({
  positionals: [
    { name: 'ids', variadic: true, complete: 'security-group', describe: 'Security-group IDs (Tencent sg-xxxxxxxx, Alibaba sg-bp1...); on a terminal, none opens a picker (Tencent)' },
  ],
  flags: {
    ...KUBE_FLAGS,
    ...PROVIDER_FLAGS,
    output: outputFlag(OUTPUT_FORMATS),
    check: { type: 'boolean', default: false, describe: 'Exit 3 when a shown group has a failing lint finding' },
  },
});

export type ShowGroupArgs = ArgsOf<typeof showGroupArgs>;
