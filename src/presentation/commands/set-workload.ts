import type { CommandSpec } from '../command-spec.ts';
import type { SetWorkloadArgs } from './set-workload-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { MUTATION_OUTPUTS, withMutationFlags } from '../mutation.ts';

export const setWorkloadCommand: CommandSpec = {
  command: 'set workload [workload]',
  describe: 'Set the security groups of a workload\'s ECI pods (its pod template\'s annotation), then verify that the new pods\' instances carry them',
  examples: [
    ['kubectl sg set workload deployment/web -n shop --groups sg-bp1dktddjsg5nktv1234', 'show the annotation change and the pods to be replaced, ask, write, wait for the new pods'],
    ['kubectl sg set workload sts/db -n data --groups sg-bp1dktddjsg5nktv1234,sg-bp1fg655nh68xyz9abcd', 'two groups (at most 5, one VPC, all basic or all advanced)'],
    ['kubectl sg set workload cj/report -n batch --groups sg-bp1dktddjsg5nktv1234 --yes', 'a CronJob: the Jobs it starts from now on get the groups'],
    ['kubectl sg set workload deploy/web -n shop --groups sg-bp1dktddjsg5nktv1234 --dry-run -o yaml', 'print the plan (kind SetWorkloadPlan) and change nothing'],
    ['kubectl sg set workload deploy/web -n shop --groups sg-bp1dktddjsg5nktv1234 --yes --no-wait', 'in a script: no question, no waiting for the rollout'],
  ],
  options: (y) =>
    withMutationFlags(withCloudFlags(withKubeFlags(y)))
      .positional('workload', { type: 'string', describe: 'KIND/NAME: deployment (deploy), statefulset (sts), daemonset (ds), job or cronjob (cj)' })
      .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace of the workload (default: the context\'s, else default)' })
      .option('groups', { type: 'string', describe: 'The groups, comma-separated: 1 to 5, in one VPC, all basic or all advanced' })
      .option('wait', { type: 'boolean', default: true, describe: 'Wait until the new pods\' instances carry the groups, checked in the cloud (--no-wait to skip)' })
      .option('timeout', { type: 'string', default: '5m', describe: 'How long to wait for the rollout (e.g. 90s, 10m)' })
      .option('output', { alias: 'o', choices: MUTATION_OUTPUTS, default: 'table' as const, describe: 'Output format' })
      // Shared cloud flags that mean nothing here: --no-cloud is refused by name, a TKE cluster ID is not used.
      .hide('cloud')
      .hide('cluster-id'),
  providers: ['eci'],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./set-workload-run.ts')).runSetWorkload(args as unknown as SetWorkloadArgs),
};
