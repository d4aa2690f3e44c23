// Which TKE cluster this is, for the TKE APIs that take its ID: `--cluster-id`, else ipamd's own
// `--clusterid` arg, else the API server host. Shared by the providers that talk to TKE's API
// (VPC-CNI's addon, super node pools).
import { checkClusterId, clusterIdFromIpamdArgs, clusterIdFromServer } from '../domain/cluster-id.ts';
import { orUndefinedOn, type KubeClient } from '../adapters/kube/kube-client.ts';
import { getIpamdDeployment } from '../adapters/kube/tke/objects.ts';
import { deploymentFacts } from '../adapters/kube/tke/ipamd-config.ts';

export type ClusterIdSource = 'flag' | 'ipamd-args' | 'server-host';

export interface ResolvedClusterId {
  id: string;
  source: ClusterIdSource;
  /** What it was read from, in words: `--cluster-id`, `tke-eni-ipamd args (--clusterid)`, the server URL. */
  from: string;
}

/** The cluster ID and where it came from; a malformed flag throws InvalidClusterIdError. */
export function resolveClusterId(i: { flag?: string; ipamdArgs?: readonly string[]; server?: string }): ResolvedClusterId | undefined {
  if (i.flag !== undefined && i.flag !== '') return { id: checkClusterId(i.flag), source: 'flag', from: '--cluster-id' };
  const fromArgs = clusterIdFromIpamdArgs(i.ipamdArgs ?? []);
  if (fromArgs) return { id: fromArgs, source: 'ipamd-args', from: 'Deployment kube-system/tke-eni-ipamd args (--clusterid)' };
  const fromHost = i.server ? clusterIdFromServer(i.server) : undefined;
  if (fromHost) return { id: fromHost, source: 'server-host', from: `the API server host ${new URL(i.server!).hostname}` };
  return undefined;
}

/** The same, reading ipamd's Deployment for its args when the flag does not say (a cluster without ipamd, or one the caller may not read, has none). */
export async function readClusterId(kube: KubeClient, flag: string | undefined): Promise<ResolvedClusterId | undefined> {
  if (flag) return resolveClusterId({ flag });
  const ipamd = await orUndefinedOn(getIpamdDeployment(kube), 403, 404);
  return resolveClusterId({ ipamdArgs: ipamd ? deploymentFacts(ipamd).args : undefined, server: kube.target.server });
}
