import type { CommandSpec } from '../command-spec.ts';
import type { DoctorArgs } from './doctor-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/output.ts';

export const doctorCommand: CommandSpec = {
  command: 'doctor',
  describe: 'Check every prerequisite of pod security groups on TKE VPC-CNI or Alibaba ECI, and say how to fix what is missing',
  examples: [
    ['kubectl sg doctor', 'every check, with the fix under each warning and failure; exit 3 when a check fails'],
    ['kubectl sg doctor -o wide', 'also the details: every node name, each permission, each policy verdict'],
    ['kubectl sg doctor -o json | jq -r \'.items[] | select(.level == "fail") | .fix\'', 'only the fixes of failed checks, for a runbook'],
    ['kubectl sg doctor --no-cloud', 'Kubernetes checks only (no Tencent Cloud calls)'],
    ['kubectl sg doctor --region ap-guangzhou --cluster-id cls-kjqul1ir', 'name the region and cluster instead of detecting them'],
    ['kubectl sg doctor --provider eci --region cn-hangzhou', 'only the Alibaba ECI checks: eci-profile, its groups and selectors, virtual nodes, Alibaba Cloud access'],
  ],
  options: (y) =>
    withCloudFlags(withKubeFlags(y))
      .option('cloud', { type: 'boolean', default: true, describe: 'Run the cloud checks (TKE: CAM role, cluster, addon values; ECI: the groups eci-profile names); --no-cloud skips them' })
      .option('output', {
        alias: 'o',
        choices: OUTPUT_FORMATS,
        default: 'table' as OutputFormat,
        describe: 'Output format (json and yaml: {kind: DoctorReport, items: [{check, level, why, fix}]})',
      }),
  // The work loads only when the verb runs (start-up budget of --help and completion).
  handler: async (args) => (await import('./doctor-run.ts')).runDoctorCommand(args as unknown as DoctorArgs),
};
