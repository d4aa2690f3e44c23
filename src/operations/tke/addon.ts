// Reading ipamd's global setting from the TKE addon `eniipamd` (ipamd >= v3.5.0): which cluster
// (`--cluster-id`, else ipamd's own `--clusterid` arg, else the API server host), the cloud
// opened only when the addon is actually needed, and every reason it could not be read kept
// for the report instead of failing the whole command.
import { resolveClusterId, type ResolvedClusterId } from '../cluster-id.ts';
import { securityGroupValues, type DeploymentFacts, type SecurityGroupValues } from '../../adapters/kube/tke/ipamd-config.ts';
import type { Addon } from '../../adapters/tencent/index.ts';
import type { TencentAccess } from '../cloud-access.ts';
import type { AddonReader } from './cluster-setting.ts';
import { errorMessage } from '../../domain/error-message.ts';

export { resolveClusterId, type ResolvedClusterId };

export const IPAMD_ADDON = 'eniipamd';

export interface AddonOutcome {
  /** Whether the addon was needed (ipamd >= v3.5.0) and so asked for. */
  asked: boolean;
  clusterId: ResolvedClusterId | undefined;
  /** undefined when not asked or not installed. */
  version: string | undefined;
  phase: string | undefined;
  installed: boolean | undefined;
  /** Why the values were not read, in one line; undefined when they were (or were not needed). */
  notRead: string | undefined;
}

/** `vpcCni.securityGroups` of the installed addon; the chart default when the key is absent. */
const CHART_DEFAULT: SecurityGroupValues = { enableSecurityGroups: false, securityGroups: [] };

export class TkeAddonReader implements AddonReader {
  readonly outcome: AddonOutcome = { asked: false, clusterId: undefined, version: undefined, phase: undefined, installed: undefined, notRead: undefined };
  /** The addon's whole values as read (RawValues decoded), for a writer that must send all of them back. */
  values: Record<string, unknown> | undefined;
  private readonly o: { clusterIdFlag?: string; server?: string; cloud: () => Promise<TencentAccess> };

  constructor(o: { clusterIdFlag?: string; server?: string; cloud: () => Promise<TencentAccess> }) {
    this.o = o;
  }

  private described: Promise<Addon | undefined> | undefined;

  /**
   * The installed addon as DescribeAddon answers, or undefined with `outcome.notRead` saying why;
   * asked once per reader, whether for the version (a tag-less image) or the values or both. A
   * reader reads one moment: to see the addon again after a write, make a new reader.
   */
  private describe(ipamd: DeploymentFacts | undefined): Promise<Addon | undefined> {
    return (this.described ??= this.describeNow(ipamd));
  }

  private async describeNow(ipamd: DeploymentFacts | undefined): Promise<Addon | undefined> {
    const out = this.outcome;
    out.asked = true;
    out.clusterId = resolveClusterId({ flag: this.o.clusterIdFlag, ipamdArgs: ipamd?.args, server: this.o.server });
    if (!out.clusterId) {
      out.notRead = 'no cluster ID: pass --cluster-id cls-xxxxxxxx (ipamd\'s args carry no --clusterid)';
      return undefined;
    }
    const session = await this.o.cloud();
    if (!session.cloud) {
      out.notRead = session.missing ?? 'no Tencent Cloud access';
      return undefined;
    }
    try {
      const addon = await session.cloud.tke.describeAddon(out.clusterId.id, IPAMD_ADDON);
      out.installed = addon !== undefined;
      if (!addon) {
        out.notRead = `addon ${IPAMD_ADDON} is not installed in ${out.clusterId.id} (TKE answered ResourceNotFound)`;
        return undefined;
      }
      out.version = addon.version;
      out.phase = addon.phase;
      return addon;
    } catch (err) {
      out.notRead = `cannot read addon ${IPAMD_ADDON}: ${errorMessage(err)}`;
      return undefined;
    }
  }

  async securityGroupValues(ipamd?: DeploymentFacts): Promise<SecurityGroupValues | undefined> {
    const addon = await this.describe(ipamd);
    if (!addon) return undefined;
    if (addon.valuesError) {
      this.outcome.notRead = `addon ${IPAMD_ADDON}: ${addon.valuesError}`;
      return undefined;
    }
    this.values = addon.values ?? {};
    return securityGroupValues(this.values.vpcCni) ?? CHART_DEFAULT;
  }

  /** The addon's AddonVersion (e.g. `3.5.8`), for an image whose tag names no version. */
  async addonVersion(ipamd?: DeploymentFacts): Promise<string | undefined> {
    return (await this.describe(ipamd))?.version || undefined;
  }
}
