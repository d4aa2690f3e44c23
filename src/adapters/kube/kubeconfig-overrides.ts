// kubectl's global flags (--server --token --as ... : cli-runtime's genericclioptions.ConfigFlags)
// laid over the kubeconfig's cluster and user entries with client-go's rules, so that the plugin
// reaches the cluster as the same user kubectl would with the same flags. The rules, from
// client-go tools/clientcmd (client_config.go getCluster/getAuthInfo, validation.go; read at
// kubernetes/client-go 32ce75a, July 2026) and
// cli-runtime pkg/genericclioptions/config_flags.go (toRawKubeConfigLoader):
// - a non-empty flag replaces the entry's field (mergo WithOverride); an empty one changes nothing;
// - --certificate-authority or --insecure-skip-tls-verify replace all three of the entry's
//   certificate-authority, certificate-authority-data and insecure-skip-tls-verify;
// - --server or --tls-server-name replace the entry's tls-server-name (with the flag's, maybe none);
// - --client-certificate replaces client-certificate-data too, --client-key client-key-data, and
//   --token tokenFile;
// - a cluster or user named by --cluster/--user must exist; the context's own need not.
// Paths on the command line are relative to the working directory, not to a kubeconfig.
import { resolve } from 'node:path';

export interface KubeOverrides {
  cluster?: string;
  user?: string;
  server?: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  token?: string;
  /** Impersonation: --as, --as-group (repeatable), --as-uid. */
  as?: string;
  asGroups?: string[];
  asUid?: string;
}

type Entry = Record<string, unknown>;

const given = (v: string | undefined): v is string => v !== undefined && v !== '';

export function overrideCluster(cluster: Entry, o: KubeOverrides): Entry {
  const out = { ...cluster };
  if (given(o.server)) out.server = o.server;
  if (o.insecureSkipTlsVerify === true || given(o.certificateAuthority)) {
    out['insecure-skip-tls-verify'] = o.insecureSkipTlsVerify === true;
    out['certificate-authority'] = given(o.certificateAuthority) ? resolve(o.certificateAuthority) : undefined;
    out['certificate-authority-data'] = undefined;
  }
  if (given(o.tlsServerName) || given(o.server)) out['tls-server-name'] = o.tlsServerName;
  return out;
}

export function overrideUser(user: Entry, o: KubeOverrides): Entry {
  const out = { ...user };
  if (given(o.clientCertificate)) {
    out['client-certificate'] = resolve(o.clientCertificate);
    out['client-certificate-data'] = undefined;
  }
  if (given(o.clientKey)) {
    out['client-key'] = resolve(o.clientKey);
    out['client-key-data'] = undefined;
  }
  if (given(o.token)) {
    out.token = o.token;
    out.tokenFile = undefined;
  }
  if (given(o.as)) out.as = o.as;
  if (o.asGroups && o.asGroups.length > 0) out['as-groups'] = [...o.asGroups];
  if (given(o.asUid)) out['as-uid'] = o.asUid;
  return out;
}

