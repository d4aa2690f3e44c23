import { defineCommand } from '../command-spec.ts';
import { setWorkloadArgs } from './set-workload-args.ts';

export const setWorkloadCommand = defineCommand({
  name: 'workload',
  describe: 'Set the security groups of a workload\'s ECI or TKE super-node pods (its pod template\'s annotation), then verify that the new pods\' instances carry them',
  args: setWorkloadArgs,
  examples: [
    ['kubectl sg set workload deployment/web -n shop --groups sg-bp1dktddjsg5nktv1234', 'show the annotation change and the pods to be replaced, ask, write, wait for the new pods'],
    ['kubectl sg set workload sts/db -n data --groups sg-bp1dktddjsg5nktv1234,sg-bp1fg655nh68xyz9abcd', 'two groups (at most 5, one VPC, all basic or all advanced)'],
    ['kubectl sg set workload cj/report -n batch --groups sg-bp1dktddjsg5nktv1234 --yes', 'a CronJob: the Jobs it starts from now on get the groups'],
    ['kubectl sg set workload deploy/web -n shop --groups sg-bp1dktddjsg5nktv1234 --dry-run -o yaml', 'print the plan (kind SetWorkloadPlan) and change nothing'],
    ['kubectl sg set workload deploy/web -n shop --groups sg-bp1dktddjsg5nktv1234 --yes --no-wait', 'in a script: no question, no waiting for the rollout'],
    ['kubectl sg set workload deploy/web -n serverless --provider supernode --groups sg-aaaa1111,sg-bbbb2222', 'TKE super nodes: eks.tke.cloud.tencent.com/security-group-id on the template, checked in Tencent Cloud'],
  ],
  providers: ['eci', 'supernode'],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./set-workload-run.ts')).runSetWorkload,
});
