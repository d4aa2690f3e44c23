import { defineCommand } from '../command-spec.ts';
import { setClusterArgs } from './set-cluster-args.ts';

export const setClusterCommand = defineCommand({
  name: 'cluster',
  describe:
    'TKE: turn the security-group feature on or off and set its global list, where this ipamd version keeps them (Deployment args, addon values or ConfigMap). ECI: set the default group of new pods in eci-profile. Super nodes: a pool\'s or eks-config\'s default groups',
  args: setClusterArgs,
  examples: [
    ['kubectl sg set cluster --enable --groups sg-aaaa1111,sg-bbbb2222', 'feature on with a global list (order is priority): shows the plan, asks, applies, verifies, lists the nodes to resync'],
    ['kubectl sg set cluster --enable --inherit-primary', 'feature on without a global list: each node takes its primary ENI\'s groups'],
    ['kubectl sg set cluster --enable', 'feature on, keeping the global list that is set (e.g. after fixing the --enable-security-group typo)'],
    ['kubectl sg set cluster --disable --dry-run', 'what turning it off would change and do, changing nothing'],
    ['kubectl sg set cluster --enable --groups sg-cccc3333 --yes -o json', 'in a script: no question; prints kind SetClusterResult (nodesDiffering, resyncCommand)'],
    ['kubectl sg set cluster --enable --groups sg-aaaa1111 --cluster-id cls-kjqul1ir --region ap-guangzhou', 'ipamd v3.5+: name the cluster whose addon eniipamd values are changed'],
    ['kubectl sg set cluster --provider supernode --groups sg-aaaa1111 --pool np-xxxxxxxx', 'super nodes: the pool\'s default groups (ModifyClusterVirtualNodePool), read back; new pods only'],
    ['kubectl sg set cluster --provider supernode --groups sg-aaaa1111,sg-bbbb2222 --eks-config', 'super nodes: the cluster default in kube-system/eks-config (pod.annotations), that one annotation only'],
    ['kubectl sg set cluster --provider eci --groups sg-bp1dktddjsg5nktv1234', 'ECI: the default group of new pods (eci-profile securityGroupId); lists the workloads whose running pods keep the old one'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./set-cluster-run.ts')).runSetCluster,
});
