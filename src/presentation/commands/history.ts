import type { CommandSpec } from '../command-spec.ts';
import type { HistoryArgs } from './history-run.ts';
import { withCloudFlags, withKubeFlags } from '../kube-flags.ts';
import { MUTATION_OUTPUTS } from '../mutation.ts';

export const historyCommand: CommandSpec = {
  command: 'history [target..]',
  describe:
    'Who changed which security groups, when, from what to what: the changes kubectl-sg recorded (the object\'s annotation, its Events, the local log) and, for a node, what the cloud\'s audit service recorded on its ENIs, newest first',
  examples: [
    ['kubectl sg history', 'every change recorded in this cluster and in this machine\'s log'],
    ['kubectl sg history node/10.0.1.12', 'one node: kubectl-sg\'s changes and every call that changed its ENIs\' groups (CloudAudit)'],
    ['kubectl sg history workload deployment/web -n shop -o json', 'one workload, as JSON (kind History)'],
    ['kubectl sg history cluster', 'changes to the cluster-wide setting (ipamd\'s, eci-profile\'s)'],
    ['kubectl sg history node/10.0.1.12 --no-cloud', 'only what kubectl-sg recorded, without asking the cloud\'s audit service'],
  ],
  options: (y) =>
    withCloudFlags(withKubeFlags(y))
      .positional('target', { type: 'string', array: true, describe: 'node/NAME, workload KIND/NAME or cluster (default: everything)' })
      .option('output', { alias: 'o', choices: MUTATION_OUTPUTS, default: 'table' as const, describe: 'Output format' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./history-run.ts')).runHistory(args as unknown as HistoryArgs),
};
