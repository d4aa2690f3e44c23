import type { CommandSpec } from '../command-spec.ts';
import type { ReportArgs, ReportFormat } from './report-run.ts';
import { withKubeFlags, withProviderFlags } from '../kube-flags.ts';

/** -o of report: the read verbs' formats less wide, plus the Prometheus text format. */
const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'yaml', 'prometheus'];

export const reportCommand: CommandSpec = {
  command: 'report',
  describe:
    'One row per cluster of the kubeconfig: providers, ipamd / virtual kubelet version, feature, nodes in sync / drifted / disabled / pending, pods with and without their groups, lint and doctor failures, and a total. Exit 3 when a cluster has a drifted or disabled node',
  examples: [
    ['kubectl sg report', 'the current context\'s cluster'],
    ['kubectl sg report --all-contexts', 'every context of the kubeconfig, four at a time; a cluster that does not answer is a row with its reason'],
    ['kubectl sg report --contexts prod-gz,prod-sh -o json', 'those two, as JSON (kind FleetReport), for scripts'],
    ['kubectl sg report --all-contexts -o prometheus > /var/lib/node_exporter/textfile/kubectl_sg.prom.$$ && mv /var/lib/node_exporter/textfile/kubectl_sg.prom.$$ /var/lib/node_exporter/textfile/kubectl_sg.prom', 'from cron: metrics kubectl_sg_* for node_exporter\'s textfile collector (written then renamed, so it never reads half a file)'],
    ['kubectl sg report --all-contexts --concurrency 10 --cluster-timeout 1m', 'ten clusters at once, each given a minute'],
  ],
  options: (y) =>
    withProviderFlags(withKubeFlags(y))
      .option('all-contexts', { type: 'boolean', describe: 'Every context of the kubeconfig' })
      .option('contexts', { type: 'string', describe: 'These contexts, comma-separated (default: the current one)' })
      .option('concurrency', { type: 'number', default: 4, describe: 'How many clusters are read at once' })
      .option('cluster-timeout', { type: 'string', default: '30s', describe: 'How long one cluster may take before its row says it did not answer (0 = no limit)' })
      .option('cloud', { type: 'boolean', default: true, describe: 'Ask the clouds for the ENIs\' and instances\' groups and lint the groups (--no-cloud to skip)' })
      .option('output', { alias: 'o', choices: REPORT_FORMATS, default: 'table' as ReportFormat, describe: 'Output format' })
      .conflicts('all-contexts', ['contexts', 'context']),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./report-run.ts')).runReport(args as unknown as ReportArgs),
};
