import { defineCommand } from '../command-spec.ts';
import { uiArgs } from './ui-args.ts';

export const uiCommand = defineCommand({
  name: 'ui',
  describe: 'Browse nodes, pods and groups full-screen (TKE nodes; TKE super nodes and their pods, read-only; ECI virtual nodes and their pods), pick nodes and groups, preview and run set node, resync, set workload and the eci-profile default (needs a terminal)',
  args: uiArgs,
  examples: [
    ['kubectl sg ui', 'every node, live: d selects the drifted ones, r resyncs them after showing the plan; ? lists every key'],
    ['kubectl sg ui -l pool=web', 'only the nodes of a pool (l changes the selector inside)'],
    ['NO_COLOR=1 kubectl sg ui', 'without colour'],
  ],
  // Ink and React load only here, when the UI opens: --help and completion never pay for them.
  load: async () => (await import('./ui-run.ts')).runUi,
});
