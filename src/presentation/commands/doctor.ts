import { defineCommand } from '../command-spec.ts';
import { doctorArgs } from './doctor-args.ts';

export const doctorCommand = defineCommand({
  name: 'doctor',
  describe: 'Check every prerequisite of pod security groups on TKE VPC-CNI or Alibaba ECI, and say how to fix what is missing',
  args: doctorArgs,
  examples: [
    ['kubectl sg doctor', 'every check, with the fix under each warning and failure; exit 3 when a check fails'],
    ['kubectl sg doctor -o wide', 'also the details: every node name, each permission, each policy verdict'],
    ['kubectl sg doctor -o json | jq -r \'.items[] | select(.level == "fail") | .fix\'', 'only the fixes of failed checks, for a runbook'],
    ['kubectl sg doctor --no-cloud', 'Kubernetes checks only (no Tencent Cloud calls)'],
    ['kubectl sg doctor --region ap-guangzhou --cluster-id cls-kjqul1ir', 'name the region and cluster instead of detecting them'],
    ['kubectl sg doctor --provider eci --region cn-hangzhou', 'only the Alibaba ECI checks: eci-profile, its groups and selectors, virtual nodes, Alibaba Cloud access'],
  ],
  // The work loads only when the verb runs (start-up budget of --help and completion).
  load: async () => (await import('./doctor-run.ts')).runDoctorCommand,
});
