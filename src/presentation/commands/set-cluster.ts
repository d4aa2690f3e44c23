import type { CommandSpec } from '../command-spec.ts';
import type { SetClusterArgs } from './set-cluster-args.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { MUTATION_OUTPUTS, withMutationFlags } from '../mutation.ts';

export const setClusterCommand: CommandSpec = {
  command: 'set cluster',
  describe:
    'TKE: turn the security-group feature on or off and set its global list, where this ipamd version keeps them (Deployment args, addon values or ConfigMap). ECI: set the default group of new pods in eci-profile',
  examples: [
    ['kubectl sg set cluster --enable --groups sg-aaaa1111,sg-bbbb2222', 'feature on with a global list (order is priority): shows the plan, asks, applies, verifies, lists the nodes to resync'],
    ['kubectl sg set cluster --enable --inherit-primary', 'feature on without a global list: each node takes its primary ENI\'s groups'],
    ['kubectl sg set cluster --enable', 'feature on, keeping the global list that is set (e.g. after fixing the --enable-security-group typo)'],
    ['kubectl sg set cluster --disable --dry-run', 'what turning it off would change and do, changing nothing'],
    ['kubectl sg set cluster --enable --groups sg-cccc3333 --yes -o json', 'in a script: no question; prints kind SetClusterResult (nodesDiffering, resyncCommand)'],
    ['kubectl sg set cluster --enable --groups sg-aaaa1111 --cluster-id cls-kjqul1ir --region ap-guangzhou', 'ipamd v3.5+: name the cluster whose addon eniipamd values are changed'],
    ['kubectl sg set cluster --provider eci --groups sg-bp1dktddjsg5nktv1234', 'ECI: the default group of new pods (eci-profile securityGroupId); lists the workloads whose running pods keep the old one'],
  ],
  options: (y) =>
    withMutationFlags(withCloudFlags(withKubeFlags(y)))
      .option('cloud', {
        type: 'boolean',
        default: true,
        describe: 'Use Tencent Cloud: check the groups, change the addon values (v3.5+), compare nodes with their primary ENI (--no-cloud: on v3.5+ the ConfigMap is written, and no global list can be set)',
      })
      .option('enable', { type: 'boolean', describe: 'Turn the feature on (alone: keep the global list that is set)' })
      .option('disable', { type: 'boolean', describe: 'Turn the feature off (unbinds nothing now; ipamd stops managing groups)' })
      .option('groups', { type: 'string', describe: 'TKE, with --enable: the global list, comma-separated, highest priority first. ECI: the one default group' })
      .option('inherit-primary', { type: 'boolean', describe: 'With --enable: no global list, each node takes its primary ENI\'s (instance\'s) groups' })
      .option('ipamd-version', { type: 'string', describe: 'TKE: the ipamd version (vX.Y.Z), used only where neither its image tag nor the addon eniipamd names it (image latest, digest only, no cloud access)' })
      .option('output', { alias: 'o', choices: MUTATION_OUTPUTS, default: 'table' as const, describe: 'Output format (json and yaml: kind SetClusterPlan with --dry-run, else SetClusterResult)' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./set-cluster-run.ts')).runSetCluster(args as unknown as SetClusterArgs),
};
