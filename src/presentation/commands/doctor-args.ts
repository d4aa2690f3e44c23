// The command line of `kubectl sg doctor`: declared once, read by the command table (doctor.ts)
// and, as the inferred DoctorArgs, by the run function (doctor-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { OUTPUT_FORMATS } from '../render/output.ts';

export const doctorArgs = defineArgs({
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    cloud: { type: 'boolean', default: true, describe: 'Run the cloud checks (TKE: CAM role, cluster, addon values; ECI: the groups eci-profile names); --no-cloud skips them' },
    output: outputFlag(OUTPUT_FORMATS, 'Output format (json and yaml: {kind: DoctorReport, items: [{check, level, why, fix}]})'),
  },
});

export type DoctorArgs = ArgsOf<typeof doctorArgs>;
