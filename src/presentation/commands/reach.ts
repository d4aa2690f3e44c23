import { defineCommand } from '../command-spec.ts';
import { reachArgs } from './reach-args.ts';

export const reachCommand = defineCommand({
  name: 'reach',
  describe: 'Can SOURCE reach DESTINATION through the security groups, and which rule decides (exit 0 allowed, 3 denied, 1 unknown)',
  args: reachArgs,
  examples: [
    ['kubectl sg reach pod/api-7d9 10.0.5.3:3306 -n shop', 'the pod\'s egress and the database ENI\'s ingress, TCP 3306'],
    ['kubectl sg reach 0.0.0.0/0 pod/api-7d9:22 -n shop', 'can anyone reach the pod on port 22?'],
    ['kubectl sg reach node/10.0.0.12 10.0.8.9:53/udp', 'from a node, UDP'],
    ['kubectl sg reach pod/web-0 10.0.5.3/icmp --explain', 'ICMP, with every rule looked at and why it did or did not match'],
    ['kubectl sg reach pod/shop/cart-0 pod/pay/ledger-0:5432 -o json', 'pods of two namespaces; as JSON (kind Reach), for scripts'],
  ],
  // The work loads only when the verb runs (--help stays within the start-up budget).
  load: async () => (await import('./reach-run.ts')).runReach,
});
