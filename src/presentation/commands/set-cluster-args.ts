// The command line of `kubectl sg set cluster`: declared once, read by the command table
// (set-cluster.ts) and, as the inferred SetClusterArgs, by both providers' runners (the TKE
// runner hands over to the ECI one).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { MUTATION_FLAGS, MUTATION_OUTPUTS } from '../mutation.ts';

export const setClusterArgs = defineArgs({
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    cloud: {
      type: 'boolean',
      default: true,
      describe: 'Use Tencent Cloud: check the groups, change the addon values (v3.5+), compare nodes with their primary ENI (--no-cloud: on v3.5+ the ConfigMap is written, and no global list can be set)',
    },
    ...MUTATION_FLAGS,
    enable: { type: 'boolean', describe: 'Turn the feature on (alone: keep the global list that is set)' },
    disable: { type: 'boolean', describe: 'Turn the feature off (unbinds nothing now; ipamd stops managing groups)' },
    groups: { type: 'string', complete: 'security-group', list: true, describe: 'TKE, with --enable: the global list, comma-separated, highest priority first. ECI: the one default group' },
    'inherit-primary': { type: 'boolean', describe: 'With --enable: no global list, each node takes its primary ENI\'s (instance\'s) groups' },
    'ipamd-version': { type: 'string', describe: 'TKE: the ipamd version (vX.Y.Z), used only where neither its image tag nor the addon eniipamd names it (image latest, digest only, no cloud access)' },
    output: outputFlag(MUTATION_OUTPUTS, 'Output format (json and yaml: kind SetClusterPlan with --dry-run, else SetClusterResult)'),
  },
});

export type SetClusterArgs = ArgsOf<typeof setClusterArgs>;
