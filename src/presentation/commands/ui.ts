import type { CommandSpec } from '../command-spec.ts';
import type { UiArgs } from './ui-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';

export const uiCommand: CommandSpec = {
  command: 'ui',
  describe: 'Browse nodes and groups full-screen, pick nodes and groups, preview and run set/resync (needs a terminal)',
  examples: [
    ['kubectl sg ui', 'every node, live: d selects the drifted ones, r resyncs them after showing the plan; ? lists every key'],
    ['kubectl sg ui -l pool=web', 'only the nodes of a pool (l changes the selector inside)'],
    ['NO_COLOR=1 kubectl sg ui', 'without colour'],
  ],
  options: (y) => withCloudFlags(withKubeFlags(y)).option('selector', { alias: 'l', type: 'string', describe: 'Label selector, as in kubectl get -l' }),
  // Ink and React load only here, when the UI opens: --help and completion never pay for them.
  handler: async (args) => (await import('./ui-run.ts')).runUi(args as unknown as UiArgs),
};
