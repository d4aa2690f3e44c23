// From the flags every verb shares to the operations' Factory: the one place where flag
// spellings become options.
import { Factory } from '../operations/factory.ts';
import { parseRequestTimeout } from './kube-flags.ts';
import type { ProviderName } from '../domain/provider-choice.ts';

export interface CommonArgs {
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
    timeoutMs: parseRequestTimeout(args['request-timeout'] ?? '0'),
    region: args.region,
    cloud: args.cloud,
  });
}
