// The command line of `kubectl sg show cluster`: declared once, read by the command table
// (show-cluster.ts) and, as the inferred ShowClusterArgs, by the run function (show-cluster-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { OUTPUT_FORMATS } from '../render/output.ts';

export const showClusterArgs = defineArgs({ flags: { ...KUBE_FLAGS, ...CLOUD_FLAGS, output: outputFlag(OUTPUT_FORMATS) } });

export type ShowClusterArgs = ArgsOf<typeof showClusterArgs>;
