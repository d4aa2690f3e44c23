// The command line of `kubectl sg set cluster`: declared once, read by the command table
// (set-cluster.ts) and, as the inferred SetClusterArgs, by each provider's runner.
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { MUTATION_FLAGS, MUTATION_OUTPUTS } from '../mutation.ts';
import { BadInputError } from '../../domain/bad-input.ts';

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
    groups: { type: 'string', complete: 'security-group', list: true, describe: 'TKE, with --enable: the global list, comma-separated, highest priority first. ECI: the one default group. Super nodes: the pool\'s or eks-config\'s default, in priority order' },
    'inherit-primary': { type: 'boolean', describe: 'With --enable: no global list, each node takes its primary ENI\'s (instance\'s) groups' },
    pool: { type: 'string', complete: 'supernode-pool', describe: 'Super nodes: the super node pool whose default groups --groups sets (np-...; default: the only pool)' },
    'eks-config': { type: 'boolean', describe: 'Super nodes: set the cluster default in kube-system/eks-config (pod.annotations) instead of a pool\'s' },
    'ipamd-version': { type: 'string', describe: 'TKE: the ipamd version (vX.Y.Z), used only where neither its image tag nor the addon eniipamd names it (image latest, digest only, no cloud access)' },
    output: outputFlag(MUTATION_OUTPUTS, 'Output format (json and yaml: kind SetClusterPlan with --dry-run, else SetClusterResult)'),
  },
});

export type SetClusterArgs = ArgsOf<typeof setClusterArgs>;

/** --pool and --eks-config are super nodes' places: refused by name elsewhere. */
export function refuseSuperNodePlaces(args: Pick<SetClusterArgs, 'pool' | 'eks-config'>, provider: string): void {
  const flag = args.pool !== undefined ? '--pool' : args['eks-config'] ? '--eks-config' : undefined;
  if (flag) throw new BadInputError(`${flag} is TKE super nodes' (a default of super-node pods): add --provider supernode, or drop it for ${provider}`);
}
