import { defineCommand } from '../command-spec.ts';
import { showClusterArgs } from './show-cluster-args.ts';

export const showClusterCommand = defineCommand({
  name: 'cluster',
  describe:
    'Show the cluster\'s security-group setup. TKE: ipamd version, feature, global list and where it lives, resync method, nodes by state. ECI: the eci-profile default group, vSwitches and selectors in the order tried',
  args: showClusterArgs,
  examples: [
    ['kubectl sg show cluster', 'the summary, with a warning for every place whose setting disagrees'],
    ['kubectl sg show cluster -o json', 'the same as JSON (kind ClusterReport), for scripts'],
    ['kubectl sg show cluster --cluster-id cls-kjqul1ir --region ap-guangzhou', 'name the cluster and region instead of detecting them'],
    ['kubectl sg show cluster --no-cloud', 'Kubernetes state only: no addon values, node states unknown'],
    ['kubectl sg show cluster --provider eci', 'only the ECI part of a cluster that runs both'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./show-cluster-run.ts')).runShowCluster,
});
