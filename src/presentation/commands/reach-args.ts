// The command line of `kubectl sg reach`: declared once, read by the command table (reach.ts)
// and, as the inferred ReachArgs, by the run function (reach-run.ts).
import { defineArgs, type ArgsOf } from '../command-spec.ts';
import { CLUSTER_ID_FLAG, KUBE_FLAGS, PROVIDER_FLAGS, outputFlag } from '../kube-flags.ts';
import { OUTPUT_FORMATS } from '../render/output.ts';

export const reachArgs = defineArgs({
  positionals: [
    { name: 'source', required: true, describe: 'pod/NAME (in -n), pod/NAMESPACE/NAME, node/NAME, an IP address or a CIDR block' },
    { name: 'destination', required: true, describe: 'ADDRESS:PORT[/tcp|udp], ADDRESS/icmp, pod/[NAMESPACE/]NAME:PORT or node/NAME:PORT (ADDRESS: an IP or a CIDR block)' },
  ],
  flags: {
    ...KUBE_FLAGS,
    ...PROVIDER_FLAGS,
    'cluster-id': CLUSTER_ID_FLAG,
    explain: { type: 'boolean', default: false, describe: 'Print the whole evaluation: every rule looked at, in order, and why it did or did not match' },
    output: outputFlag(OUTPUT_FORMATS),
  },
});

export type ReachArgs = ArgsOf<typeof reachArgs>;
