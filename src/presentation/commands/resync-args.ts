// The command line of `kubectl sg resync`: declared once, read by the command table (resync.ts)
// and, as the inferred ResyncArgs, by the run function (resync-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLOUD_FLAGS, KUBE_FLAGS, outputFlag } from '../kube-flags.ts';
import { MUTATION_FLAGS, MUTATION_OUTPUTS } from '../mutation.ts';
import { formatDuration } from '../../domain/duration.ts';
import { DEFAULT_TIMEOUT_MS, DEFAULT_TOGGLE_WAIT_MS, METHOD_CHOICES } from '../../domain/tke/resync-plan.ts';

export const resyncArgs = defineArgs({
  positionals: [{ name: 'names', variadic: true, complete: 'node', describe: 'Nodes to resync (a disabled node is resynced only when named)' }],
  flags: {
    ...KUBE_FLAGS,
    ...CLOUD_FLAGS,
    // resync always asks the cloud: the common --no-cloud is refused, so not offered in help.
    cloud: { ...CLOUD_FLAGS.cloud, hidden: true },
    ...MUTATION_FLAGS,
    selector: { alias: 'l', type: 'string', complete: 'node-label', describe: 'Nodes matching a label selector, as in kubectl get -l' },
    all: { type: 'boolean', default: false, describe: 'Every node' },
    drifted: { type: 'boolean', default: false, describe: 'Nodes whose ENIs differ from their NodeENIConfig (with -l: among those)' },
    force: { type: 'boolean', default: false, describe: 'Resync nodes that are in sync too (skipped otherwise: the toggle would take their groups away for nothing)' },
    /** '' when given without a run ID (every interrupted run). */
    resume: { type: 'string', describe: 'Finish the nodes an interrupted run left marked: RUN-ID, or every run when empty' },
    /** Absent: auto (and refused with --resume, whose nodes keep their run's method). */
    method: { choices: METHOD_CHOICES, describe: 'auto: need-sync on ipamd v3.5.8+, else the toggle (default auto)' },
    'ipamd-version': { type: 'string', nargs: 1, describe: 'The ipamd version (vX.Y.Z), used only where neither its image tag nor the addon eniipamd names it (image latest, digest only)' },
    // nargs 1: a value that starts with a dash (-5s) is the flag's value to judge, not another flag.
    concurrency: { type: 'string', nargs: 1, describe: 'Nodes in flight (default 40 with the toggle, 100 with need-sync)' },
    'toggle-wait': { type: 'string', nargs: 1, default: formatDuration(DEFAULT_TOGGLE_WAIT_MS), describe: 'Pause between "yes" and "no" of the toggle (documented: 2-5 s)' },
    timeout: { type: 'string', nargs: 1, default: formatDuration(DEFAULT_TIMEOUT_MS), describe: 'Per node, from its first write until its ENIs are verified' },
    output: outputFlag(MUTATION_OUTPUTS, 'Output format (json and yaml: kind ResyncPlan with --dry-run, else ResyncResult)'),
  },
});

export type ResyncArgs = ArgsOf<typeof resyncArgs>;
