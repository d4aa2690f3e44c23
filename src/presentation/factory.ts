// From the flags every verb shares to the operations' Factory: the one place where flag
// spellings become options.
import { Factory } from '../operations/factory.ts';
import { kubeOverridesOf, parseRequestTimeout, type CommonArgs } from './kube-flags.ts';

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
