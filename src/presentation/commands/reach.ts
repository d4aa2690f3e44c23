import type { CommandSpec } from '../command-spec.ts';
import type { ReachArgs } from './reach-run.ts';
import { withKubeFlags, withProviderFlags } from '../kube-flags.ts';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/output.ts';

export const reachCommand: CommandSpec = {
  command: 'reach <source> <destination>',
  describe: 'Can SOURCE reach DESTINATION through the security groups, and which rule decides (exit 0 allowed, 3 denied, 1 unknown)',
  examples: [
    ['kubectl sg reach pod/api-7d9 10.0.5.3:3306 -n shop', 'the pod\'s egress and the database ENI\'s ingress, TCP 3306'],
    ['kubectl sg reach 0.0.0.0/0 pod/api-7d9:22 -n shop', 'can anyone reach the pod on port 22?'],
    ['kubectl sg reach node/10.0.0.12 10.0.8.9:53/udp', 'from a node, UDP'],
    ['kubectl sg reach pod/web-0 10.0.5.3/icmp --explain', 'ICMP, with every rule looked at and why it did or did not match'],
    ['kubectl sg reach pod/shop/cart-0 pod/pay/ledger-0:5432 -o json', 'pods of two namespaces; as JSON (kind Reach), for scripts'],
  ],
  options: (y) =>
    withProviderFlags(withKubeFlags(y))
      .positional('source', { type: 'string', describe: 'pod/NAME (in -n), pod/NAMESPACE/NAME, node/NAME, an IP address or a CIDR block' })
      .positional('destination', { type: 'string', describe: 'ADDRESS:PORT[/tcp|udp], ADDRESS/icmp, pod/[NAMESPACE/]NAME:PORT or node/NAME:PORT (ADDRESS: an IP or a CIDR block)' })
      .option('cluster-id', { type: 'string', describe: 'TKE cluster ID, cls-xxxxxxxx (default: detected from the cluster)' })
      .option('explain', { type: 'boolean', default: false, describe: 'Print the whole evaluation: every rule looked at, in order, and why it did or did not match' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table' as OutputFormat, describe: 'Output format' }),
  // The work loads only when the verb runs (--help stays within the start-up budget).
  handler: async (args) => (await import('./reach-run.ts')).runReach(args as unknown as ReachArgs),
};
