// The command line of `kubectl sg show pod`: declared once, read by the command table
// (show-pod.ts) and, as the inferred ShowPodArgs, by the run function (show-pod-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { OUTPUT_FORMATS } from '../render/output.ts';

export const showPodArgs = defineArgs({
  positionals: [{ name: 'name', required: true, complete: 'pod', describe: 'Pod name' }],
  flags: {
    ...KUBE_FLAGS,
    namespace: { ...KUBE_FLAGS.namespace, describe: 'Namespace of the pod (default: the context\'s, else default)' },
    ...CLOUD_FLAGS,
    output: outputFlag(OUTPUT_FORMATS),
  },
});

export type ShowPodArgs = ArgsOf<typeof showPodArgs>;
