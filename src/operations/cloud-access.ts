// A cloud as a verb gets it, whichever cloud it is: the client, or in one line why there is none
// (--no-cloud, no credentials, no region), with the region and the credential that were found
// (doctor and show cluster say where each came from). The factory opens it; a provider's
// operations take an opener, so that a verb that never needs the cloud never opens it.
import type { CloudCredential, ResolvedRegion, TencentCloud } from '../adapters/tencent/index.ts';
import type { AlibabaCloud, AlibabaCredential, ResolvedAlibabaRegion } from '../adapters/alibaba/index.ts';
import type { KubeNode } from '../adapters/kube/nodes.ts';

export interface CloudAccess<Cloud, Region, Credential> {
  cloud: Cloud | undefined;
  /** The region and where it came from, when one was found. */
  region?: Region | undefined;
  /** Why there is no cloud, in one line, when there is none. */
  missing: string | undefined;
  /** The credential found, even when the cloud cannot be used for want of a region. */
  credential?: Credential;
  /** Where credentials were looked for, for doctor (when the factory says). */
  searched?: string[];
}

export type TencentAccess = CloudAccess<TencentCloud, ResolvedRegion, CloudCredential>;
export type AlibabaAccess = CloudAccess<AlibabaCloud, ResolvedAlibabaRegion, AlibabaCredential>;

/** Opens a cloud; node region labels (gz, cn-hangzhou, ...) are the last resort for the region. */
export type CloudOpener<Access = TencentAccess> = (regionHints: readonly string[]) => Promise<Access>;

/** Opens the cloud once, on first use, however many parts of a verb ask for it. */
export function lazyCloud<Access = TencentAccess>(open: CloudOpener<Access>): CloudOpener<Access> {
  let session: Promise<Access> | undefined;
  return (hints) => (session ??= open(hints));
}

const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];

/** Node region labels (`gz`, ...), for when neither --region nor the environment names the region. */
export function regionHintsOf(nodes: readonly KubeNode[]): string[] {
  for (const n of nodes) {
    for (const l of REGION_LABELS) {
      const v = n.metadata?.labels?.[l];
      if (v) return [v];
    }
  }
  return [];
}
