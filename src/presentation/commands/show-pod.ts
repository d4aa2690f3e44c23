import type { CommandSpec } from '../command-spec.ts';
import type { ShowPodArgs } from './show-pod-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/output.ts';

export const showPodCommand: CommandSpec = {
  command: 'show pod <name>',
  describe: 'Show a pod\'s node, IP, the ENI holding that IP, the groups on it and their rules',
  examples: [
    ['kubectl sg show pod web-0', 'pod web-0 of the current namespace: ENI, groups in priority order, rules summarised'],
    ['kubectl sg show pod coredns-5d78c9869d-abcde -n kube-system', 'a pod of another namespace'],
    ['kubectl sg show pod web-0 -o wide', 'every rule of every group, with the groups\' descriptions'],
    ['kubectl sg show pod web-0 -o json', 'as JSON (kind PodReport), for scripts'],
  ],
  options: (y) =>
    withCloudFlags(withKubeFlags(y))
      .positional('name', { type: 'string', describe: 'Pod name' })
      .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace of the pod (default: the context\'s, else default)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table' as OutputFormat, describe: 'Output format' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./show-pod-run.ts')).runShowPod(args as unknown as ShowPodArgs),
};
