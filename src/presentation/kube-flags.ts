// The flags every verb shares, spelled as kubectl spells them, so that an operator's muscle
// memory and runbooks carry over: --kubeconfig --context -n -l -o --request-timeout; and the
// cloud ones: --provider --region --cluster-id --no-cloud.
import type { Argv } from 'yargs';
import { parseDuration } from '../domain/duration.ts';
import { PROVIDERS } from '../domain/provider-choice.ts';

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

/** Which cloud and where: --provider and --region (show group needs no more). */
export function withProviderFlags<T>(y: Argv<T>) {
  return y
    .option('provider', { choices: PROVIDERS, describe: 'tke (TKE VPC-CNI) or eci (Alibaba ECI virtual nodes) (default: what the cluster runs)' })
    .option('region', {
      type: 'string',
      describe: 'Cloud region: Tencent ap-guangzhou or Alibaba cn-hangzhou (default: $TENCENTCLOUD_REGION or $ALIBABA_CLOUD_REGION_ID, then the nodes\' region label)',
    });
}

export function withCloudFlags<T>(y: Argv<T>) {
  return withProviderFlags(y)
    .option('cluster-id', { type: 'string', describe: 'TKE cluster ID, cls-xxxxxxxx (default: detected from the cluster)' })
    .option('cloud', { type: 'boolean', default: true, describe: 'Ask the cloud for the ENIs\' actual groups (--no-cloud to skip)' });
}

/** kubectl's --request-timeout; 0 means none. */
export const parseRequestTimeout = (text: string): number => parseDuration(text, '--request-timeout', { allowZero: true });
