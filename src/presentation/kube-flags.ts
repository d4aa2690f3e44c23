// The flags every verb shares, spelled as kubectl spells them, so that an operator's muscle
// memory and runbooks carry over: --kubeconfig --context -n -l -o --request-timeout; and the
// cloud ones: --region --cluster-id --no-cloud.
import type { Argv } from 'yargs';
import { BadInputError } from '../domain/bad-input.ts';

export function withKubeFlags<T>(y: Argv<T>) {
  return y
    .option('kubeconfig', { type: 'string', describe: 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' })
    .option('context', { type: 'string', describe: 'The kubeconfig context to use' })
    .option('request-timeout', {
      type: 'string',
      default: '0',
      describe: 'How long to wait for one API call before giving up (e.g. 5s, 1m, 0 = no limit)',
    });
}

export function withCloudFlags<T>(y: Argv<T>) {
  return y
    .option('region', { type: 'string', describe: 'Tencent Cloud region, e.g. ap-guangzhou (default: $TENCENTCLOUD_REGION, then the nodes\' region label)' })
    .option('cluster-id', { type: 'string', describe: 'TKE cluster ID, cls-xxxxxxxx (default: detected from the cluster)' })
    .option('cloud', { type: 'boolean', default: true, describe: 'Ask the cloud for the ENIs\' actual groups (--no-cloud to skip)' });
}

/** A duration as kubectl spells it, in milliseconds: a bare number is seconds; units ms, s, m, h. */
export function parseDuration(text: string, flag: string, example = '30s or 2m'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new BadInputError(`invalid ${flag} "${text}": use a duration such as ${example}`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(n * unit);
}

/** kubectl's --request-timeout; 0 means none. */
export const parseRequestTimeout = (text: string): number => parseDuration(text, '--request-timeout', '30s, 1m or 0 for none');
