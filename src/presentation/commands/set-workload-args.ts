// The command line of `kubectl sg set workload`: declared once, read by the command table
// (set-workload.ts) and, as the inferred SetWorkloadArgs, by the run function (set-workload-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { MUTATION_FLAGS, MUTATION_OUTPUTS } from '../mutation.ts';

export const setWorkloadArgs = defineArgs({
  positionals: [{ name: 'workload', complete: 'workload', describe: 'KIND/NAME: deployment (deploy), statefulset (sts), daemonset (ds), job or cronjob (cj)' }],
  flags: {
    ...KUBE_FLAGS,
    namespace: { ...KUBE_FLAGS.namespace, describe: 'Namespace of the workload (default: the context\'s, else default)' },
    ...CLOUD_FLAGS,
    // --no-cloud is refused by name; --cluster-id names the TKE cluster whose super node pools are read.
    cloud: { ...CLOUD_FLAGS.cloud, hidden: true },
    ...MUTATION_FLAGS,
    groups: { type: 'string', repeatable: true, complete: 'security-group', list: true, describe: 'The groups, comma-separated, in priority order. ECI: 1 to 5, in one VPC, all basic or all advanced; super nodes: existing in the region (more than 5 warned about)' },
    wait: { type: 'boolean', default: true, describe: 'Wait until the new pods\' instances carry the groups, checked in the cloud (--no-wait to skip)' },
    timeout: { type: 'string', default: '5m', describe: 'How long to wait for the rollout (e.g. 90s, 10m)' },
    output: outputFlag(MUTATION_OUTPUTS),
  },
});

export type SetWorkloadArgs = ArgsOf<typeof setWorkloadArgs>;
