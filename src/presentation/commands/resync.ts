import { defineCommand } from '../command-spec.ts';
import { resyncArgs } from './resync-args.ts';

export const resyncCommand = defineCommand({
  name: 'resync',
  describe: 'Re-apply the cluster policy\'s groups to existing nodes (need-sync, or the disable toggle), verify each node in the cloud; safe to interrupt, --resume finishes a stopped run',
  args: resyncArgs,
  examples: [
    ['kubectl sg resync 10.0.1.12 --dry-run', 'the plan for one node: its groups now and after, the method, and what the resync replaces; changes nothing'],
    ['kubectl sg resync --drifted --yes', 'every node whose ENIs differ from its NodeENIConfig, without asking'],
    ['kubectl sg resync -l pool=web --method toggle --toggle-wait 3s', 'the toggle even where need-sync exists, with a longer pause'],
    ['kubectl sg resync --all --yes -o json', 'every node not in sync; the result as JSON (kind ResyncResult) for scripts'],
    ['kubectl sg resync -l pool=web --force --yes', 'every node of the pool, those in sync too'],
    ['kubectl sg resync --resume --yes', 'finish (or restore) every node an interrupted run left marked (kubectl-sg.io/resync-run)'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./resync-run.ts')).runResync,
});
