// The command line of `kubectl sg ui`: declared once, read by the command table (ui.ts) and, as
// the inferred UiArgs, by the run function (ui-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS } from '../kube-flags.ts';

export const uiArgs = defineArgs({
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    selector: { alias: 'l', type: 'string', complete: 'node-label', describe: 'Label selector, as in kubectl get -l' },
  },
});

export type UiArgs = ArgsOf<typeof uiArgs>;
