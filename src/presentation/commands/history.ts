import { defineCommand } from '../command-spec.ts';
import { historyArgs } from './history-args.ts';

export const historyCommand = defineCommand({
  name: 'history',
  describe:
    'Who changed which security groups, when, from what to what: the changes kubectl-sg recorded (the object\'s annotation, its Events, the local log) and, for a node, what the cloud\'s audit service recorded on its ENIs, newest first',
  args: historyArgs,
  examples: [
    ['kubectl sg history', 'every change recorded in this cluster and in this machine\'s log'],
    ['kubectl sg history node/10.0.1.12', 'one node: kubectl-sg\'s changes and every call that changed its ENIs\' groups (CloudAudit)'],
    ['kubectl sg history workload deployment/web -n shop -o json', 'one workload, as JSON (kind History)'],
    ['kubectl sg history cluster', 'changes to the cluster-wide setting (ipamd\'s, eci-profile\'s)'],
    ['kubectl sg history node/10.0.1.12 --no-cloud', 'only what kubectl-sg recorded, without asking the cloud\'s audit service'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./history-run.ts')).runHistory,
});
