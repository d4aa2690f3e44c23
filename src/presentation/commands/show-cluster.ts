import type { CommandSpec } from '../command-spec.ts';
import type { ShowClusterArgs } from './show-cluster-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/output.ts';

export const showClusterCommand: CommandSpec = {
  command: 'show cluster',
  describe:
    'Show the cluster\'s security-group setup. TKE: ipamd version, feature, global list and where it lives, resync method, nodes by state. ECI: the eci-profile default group, vSwitches and selectors in the order tried',
  examples: [
    ['kubectl sg show cluster', 'the summary, with a warning for every place whose setting disagrees'],
    ['kubectl sg show cluster -o json', 'the same as JSON (kind ClusterReport), for scripts'],
    ['kubectl sg show cluster --cluster-id cls-kjqul1ir --region ap-guangzhou', 'name the cluster and region instead of detecting them'],
    ['kubectl sg show cluster --no-cloud', 'Kubernetes state only: no addon values, node states unknown'],
    ['kubectl sg show cluster --provider eci', 'only the ECI part of a cluster that runs both'],
  ],
  options: (y) =>
    withCloudFlags(withKubeFlags(y)).option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table' as OutputFormat, describe: 'Output format' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./show-cluster-run.ts')).runShowCluster(args as unknown as ShowClusterArgs),
};
