// The command line of `kubectl sg report`: declared once, read by the command table (report.ts)
// and, as the inferred ReportArgs, by the run function (report-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { KUBE_FLAGS, PROVIDER_FLAGS, outputFlag } from '../kube-flags.ts';

/** -o of report: the read verbs' formats less wide, plus the Prometheus text format. */
export const REPORT_FORMATS = ['table', 'json', 'yaml', 'prometheus'] as const;

export const reportArgs = defineArgs({
  flags: {
    ...KUBE_FLAGS,
    ...PROVIDER_FLAGS,
    'all-contexts': { type: 'boolean', describe: 'Every context of the kubeconfig' },
    contexts: { type: 'string', describe: 'These contexts, comma-separated (default: the current one)' },
    concurrency: { type: 'number', default: 4, describe: 'How many clusters are read at once' },
    'cluster-timeout': { type: 'string', default: '30s', describe: 'How long one cluster may take before its row says it did not answer (0 = no limit)' },
    cloud: { type: 'boolean', default: true, describe: 'Ask the clouds for the ENIs\' and instances\' groups and lint the groups (--no-cloud to skip)' },
    output: outputFlag(REPORT_FORMATS),
  },
  conflicts: { 'all-contexts': ['contexts', 'context'] },
});

export type ReportArgs = ArgsOf<typeof reportArgs>;
