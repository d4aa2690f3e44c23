import { defineCommand } from '../command-spec.ts';
import { showPodArgs } from './show-pod-args.ts';

export const showPodCommand = defineCommand({
  name: 'pod',
  describe: 'Show a pod\'s node, IP, the ENI holding that IP, the groups on it and their rules',
  args: showPodArgs,
  examples: [
    ['kubectl sg show pod web-0', 'pod web-0 of the current namespace: ENI, groups in priority order, rules summarised'],
    ['kubectl sg show pod coredns-5d78c9869d-abcde -n kube-system', 'a pod of another namespace'],
    ['kubectl sg show pod web-0 -o wide', 'every rule of every group, with the groups\' descriptions'],
    ['kubectl sg show pod web-0 -o json', 'as JSON (kind PodReport), for scripts'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./show-pod-run.ts')).runShowPod,
});
