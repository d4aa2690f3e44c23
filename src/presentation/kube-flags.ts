// The flags every verb shares, spelled as kubectl spells them, so that an operator's muscle
// memory and runbooks carry over: kubectl's global flags (kubectl passes none of its own to a
// plugin, so `kubectl sg --as x ...` reaches the plugin as typed; kubectl-tree takes them with
// cli-runtime's genericclioptions.ConfigFlags, this is that list with its meanings); the cloud
// ones: --provider --region --cluster-id --no-cloud; and -o. Declared once, as data: a verb's
// declaration spreads in the sets it takes (command-spec.ts).
import type { KubeOverrides } from '../adapters/kube/kubeconfig-overrides.ts';
import { parseDuration } from '../domain/duration.ts';
import { PROVIDERS } from '../domain/provider-choice.ts';
import type { ArgsOf, FlagSpecs } from './command-spec.ts';

/** Declared on the root too (cli.ts), so they may come before the verb as well as after it. */
export const KUBE_FLAGS = {
  kubeconfig: { type: 'string', nargs: 1, complete: 'files', describe: 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)' },
  context: { type: 'string', nargs: 1, complete: 'context', describe: 'The kubeconfig context to use' },
  cluster: { type: 'string', nargs: 1, describe: 'The kubeconfig cluster to use (instead of the context\'s)' },
  user: { type: 'string', nargs: 1, describe: 'The kubeconfig user to use (instead of the context\'s)' },
  namespace: { type: 'string', nargs: 1, alias: 'n', complete: 'namespace', describe: 'The namespace scope of this request (default: the context\'s, else default)' },
  server: { type: 'string', nargs: 1, alias: 's', describe: 'The address and port of the Kubernetes API server' },
  'tls-server-name': { type: 'string', nargs: 1, describe: 'Server name to use for server certificate validation (default: the server\'s host name)' },
  'insecure-skip-tls-verify': { type: 'boolean', describe: 'Do not check the server\'s certificate (insecure)' },
  'certificate-authority': { type: 'string', nargs: 1, describe: 'Path to a cert file for the certificate authority' },
  'client-certificate': { type: 'string', nargs: 1, describe: 'Path to a client certificate file for TLS' },
  'client-key': { type: 'string', nargs: 1, describe: 'Path to a client key file for TLS' },
  token: { type: 'string', nargs: 1, describe: 'Bearer token for authentication to the API server' },
  as: { type: 'string', nargs: 1, describe: 'Username to impersonate for the operation (a user or a service account)' },
  'as-group': { type: 'string', nargs: 1, array: true, describe: 'Group to impersonate for the operation; repeat for several' },
  'as-uid': { type: 'string', nargs: 1, describe: 'UID to impersonate for the operation' },
  // Accepted as kubectl accepts it: the plugin keeps no discovery or HTTP cache, so it has no use for it.
  'cache-dir': { type: 'string', nargs: 1, describe: 'kubectl\'s cache directory (the plugin caches nothing there)' },
  'request-timeout': {
    type: 'string',
    nargs: 1,
    default: '0',
    describe: 'How long to wait for one API call before giving up (e.g. 5s, 1m; a plain number is seconds; 0 = no limit)',
  },
} as const satisfies FlagSpecs;

/** Which cloud and where: --provider and --region (show group needs no more). */
export const PROVIDER_FLAGS = {
  provider: { choices: PROVIDERS, describe: 'tke (TKE VPC-CNI), supernode (TKE super nodes) or eci (Alibaba ECI virtual nodes) (default: what the cluster runs)' },
  region: {
    type: 'string',
    describe: 'Cloud region: Tencent ap-guangzhou or Alibaba cn-hangzhou (default: $TENCENTCLOUD_REGION or $ALIBABA_CLOUD_REGION_ID, then the nodes\' region label)',
  },
} as const satisfies FlagSpecs;

export const CLUSTER_ID_FLAG = { type: 'string', describe: 'TKE cluster ID, cls-xxxxxxxx (default: detected from the cluster)' } as const satisfies FlagSpecs[string];

export const CLOUD_FLAGS = {
  ...PROVIDER_FLAGS,
  'cluster-id': CLUSTER_ID_FLAG,
  cloud: { type: 'boolean', default: true, describe: 'Ask the cloud for the ENIs\' actual groups (--no-cloud to skip)' },
} as const satisfies FlagSpecs;

/** -o, kubectl's spelling; a verb names its formats (the first is the default). */
export const outputFlag = <const C extends readonly ['table', ...string[]]>(choices: C, describe = 'Output format') =>
  ({ alias: 'o', choices, default: 'table', describe }) as const;

/** The flags the operations' Factory is built from (factory.ts): kubectl's, and the cloud's where a verb takes them. */
export type CommonArgs = ArgsOf<{ flags: typeof KUBE_FLAGS }> & Partial<ArgsOf<{ flags: typeof CLOUD_FLAGS }>>;

export const kubeOverridesOf = (a: CommonArgs): KubeOverrides => ({
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

/** kubectl's --request-timeout; 0 means none. */
export const parseRequestTimeout = (text: string): number => parseDuration(text, '--request-timeout', { allowZero: true });
