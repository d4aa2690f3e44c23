import { defineCommand } from '../command-spec.ts';
import { reportArgs } from './report-args.ts';

export const reportCommand = defineCommand({
  name: 'report',
  describe:
    'One row per cluster of the kubeconfig: providers, ipamd / virtual kubelet version, feature, nodes in sync / drifted / disabled / pending, pods with and without their groups, lint and doctor failures, and a total. Exit 3 when a cluster has a drifted or disabled node',
  args: reportArgs,
  examples: [
    ['kubectl sg report', 'the current context\'s cluster'],
    ['kubectl sg report --all-contexts', 'every context of the kubeconfig, four at a time; a cluster that does not answer is a row with its reason'],
    ['kubectl sg report --contexts prod-gz,prod-sh -o json', 'those two, as JSON (kind FleetReport), for scripts'],
    ['kubectl sg report --all-contexts -o prometheus > /var/lib/node_exporter/textfile/kubectl_sg.prom.$$ && mv /var/lib/node_exporter/textfile/kubectl_sg.prom.$$ /var/lib/node_exporter/textfile/kubectl_sg.prom', 'from cron: metrics kubectl_sg_* for node_exporter\'s textfile collector (written then renamed, so it never reads half a file)'],
    ['kubectl sg report --all-contexts --concurrency 10 --cluster-timeout 1m', 'ten clusters at once, each given a minute'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./report-run.ts')).runReport,
});
