// From the flags every verb shares to the operations' Factory: the one place where flag
// spellings become options.
import { Factory } from '../operations/factory.ts';
import { kubeOverridesOf, parseRequestTimeout, type KubeFlagArgs } from './kube-flags.ts';
import type { ProviderName } from '../domain/provider-choice.ts';

export interface CommonArgs extends KubeFlagArgs {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  'request-timeout'?: string;
  region?: string;
  'cluster-id'?: string;
  cloud?: boolean;
  provider?: ProviderName;
}

export function factoryFor(args: CommonArgs): Factory {
  return new Factory({
    kubeconfig: args.kubeconfig,
    context: args.context,
    namespace: args.namespace,
    overrides: kubeOverridesOf(args),
    timeoutMs: parseRequestTimeout(args['request-timeout'] ?? '0'),
    region: args.region,
    cloud: args.cloud,
  });
}
