import type { CommandSpec } from '../command-spec.ts';
import type { ResyncArgs } from './resync-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { MUTATION_OUTPUTS, withMutationFlags } from '../mutation.ts';
import { formatDuration } from '../../domain/duration.ts';
import { DEFAULT_TIMEOUT_MS, DEFAULT_TOGGLE_WAIT_MS, METHOD_CHOICES } from '../../domain/tke/resync-plan.ts';

export const resyncCommand: CommandSpec = {
  command: 'resync [names..]',
  describe: 'Re-apply the cluster policy\'s groups to existing nodes (need-sync, or the disable toggle), verify each node in the cloud; safe to interrupt, --resume finishes a stopped run',
  examples: [
    ['kubectl sg resync 10.0.1.12 --dry-run', 'the plan for one node: its groups now and after, the method, and what the resync replaces; changes nothing'],
    ['kubectl sg resync --drifted --yes', 'every node whose ENIs differ from its NodeENIConfig, without asking'],
    ['kubectl sg resync -l pool=web --method toggle --toggle-wait 3s', 'the toggle even where need-sync exists, with a longer pause'],
    ['kubectl sg resync --all --yes -o json', 'every node not in sync; the result as JSON (kind ResyncResult) for scripts'],
    ['kubectl sg resync -l pool=web --force --yes', 'every node of the pool, those in sync too'],
    ['kubectl sg resync --resume --yes', 'finish (or restore) every node an interrupted run left marked (kubectl-sg.io/resync-run)'],
  ],
  options: (y) =>
    withMutationFlags(withCloudFlags(withKubeFlags(y)))
      .positional('names', { type: 'string', array: true, describe: 'Nodes to resync (a disabled node is resynced only when named)' })
      .option('selector', { alias: 'l', type: 'string', describe: 'Nodes matching a label selector, as in kubectl get -l' })
      .option('all', { type: 'boolean', default: false, describe: 'Every node' })
      .option('drifted', { type: 'boolean', default: false, describe: 'Nodes whose ENIs differ from their NodeENIConfig (with -l: among those)' })
      .option('force', { type: 'boolean', default: false, describe: 'Resync nodes that are in sync too (skipped otherwise: the toggle would take their groups away for nothing)' })
      // resync always asks the cloud: the common --no-cloud is refused, so not offered in help.
      .option('cloud', { type: 'boolean', default: true, hidden: true })
      .option('resume', { type: 'string', describe: 'Finish the nodes an interrupted run left marked: RUN-ID, or every run when empty' })
      .option('method', { choices: METHOD_CHOICES, describe: 'auto: need-sync on ipamd v3.5.8+, else the toggle (default auto)' })
      .option('ipamd-version', { type: 'string', nargs: 1, describe: 'The ipamd version (vX.Y.Z), used only where neither its image tag nor the addon eniipamd names it (image latest, digest only)' })
      // nargs 1: a value that starts with a dash (-5s) is the flag's value to judge, not another flag.
      .option('concurrency', { type: 'string', nargs: 1, describe: 'Nodes in flight (default 40 with the toggle, 100 with need-sync)' })
      .option('toggle-wait', { type: 'string', nargs: 1, default: formatDuration(DEFAULT_TOGGLE_WAIT_MS), describe: 'Pause between "yes" and "no" of the toggle (documented: 2-5 s)' })
      .option('timeout', { type: 'string', nargs: 1, default: formatDuration(DEFAULT_TIMEOUT_MS), describe: 'Per node, from its first write until its ENIs are verified' })
      .option('output', { alias: 'o', choices: MUTATION_OUTPUTS, default: 'table' as const, describe: 'Output format (json and yaml: kind ResyncPlan with --dry-run, else ResyncResult)' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./resync-run.ts')).runResync(args as unknown as ResyncArgs),
};
