// The flags every verb shares, spelled as kubectl spells them, so that an operator's muscle
// memory and runbooks carry over: kubectl's global flags (kubectl passes none of its own to a
// plugin, so `kubectl sg --as x ...` reaches the plugin as typed; kubectl-tree takes them with
// cli-runtime's genericclioptions.ConfigFlags, this is that list with its meanings); and the
// cloud ones: --provider --region --cluster-id --no-cloud.
import type { Argv } from 'yargs';
import type { KubeOverrides } from '../adapters/kube/kubeconfig-overrides.ts';
import { parseDuration } from '../domain/duration.ts';
import { PROVIDERS } from '../domain/provider-choice.ts';

/** Declared on the root too (cli.ts), so they may come before the verb as well as after it. */
export function withKubeFlags<T>(y: Argv<T>) {
  // nargs 1: a value that starts with a dash is the flag's value, as kubectl (pflag) reads it.
  const text = (describe: string) => ({ type: 'string', nargs: 1, describe }) as const;
  return y
    .option('kubeconfig', text('Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)'))
    .option('context', text('The kubeconfig context to use'))
    .option('cluster', text('The kubeconfig cluster to use (instead of the context\'s)'))
    .option('user', text('The kubeconfig user to use (instead of the context\'s)'))
    .option('namespace', { ...text('The namespace scope of this request (default: the context\'s, else default)'), alias: 'n' })
    .option('server', { ...text('The address and port of the Kubernetes API server'), alias: 's' })
    .option('tls-server-name', text('Server name to use for server certificate validation (default: the server\'s host name)'))
    .option('insecure-skip-tls-verify', { type: 'boolean', describe: 'Do not check the server\'s certificate (insecure)' })
    .option('certificate-authority', text('Path to a cert file for the certificate authority'))
    .option('client-certificate', text('Path to a client certificate file for TLS'))
    .option('client-key', text('Path to a client key file for TLS'))
    .option('token', text('Bearer token for authentication to the API server'))
    .option('as', text('Username to impersonate for the operation (a user or a service account)'))
    .option('as-group', { ...text('Group to impersonate for the operation; repeat for several'), array: true })
    .option('as-uid', text('UID to impersonate for the operation'))
    // Accepted as kubectl accepts it: the plugin keeps no discovery or HTTP cache, so it has no use for it.
    .option('cache-dir', text('kubectl\'s cache directory (the plugin caches nothing there)'))
    .option('request-timeout', {
      ...text('How long to wait for one API call before giving up (e.g. 5s, 1m; a plain number is seconds; 0 = no limit)'),
      default: '0',
    });
}

/** The parsed flags, as client-go's ConfigOverrides (adapters/kube/kubeconfig-overrides.ts applies them). */
export interface KubeFlagArgs {
  cluster?: string;
  user?: string;
  server?: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority'?: string;
  'client-certificate'?: string;
  'client-key'?: string;
  token?: string;
  as?: string;
  'as-group'?: string[];
  'as-uid'?: string;
}

export const kubeOverridesOf = (a: KubeFlagArgs): KubeOverrides => ({
  cluster: a.cluster,
  user: a.user,
  server: a.server,
  tlsServerName: a['tls-server-name'],
  insecureSkipTlsVerify: a['insecure-skip-tls-verify'],
  certificateAuthority: a['certificate-authority'],
  clientCertificate: a['client-certificate'],
  clientKey: a['client-key'],
  token: a.token,
  as: a.as,
  asGroups: a['as-group']?.map(String),
  asUid: a['as-uid'],
});

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
