// The cluster's security-group setting as ipamd sees it: its version (the Deployment's image
// tag; where the tag names none — `latest`, no tag, digest only — the eniipamd addon's
// AddonVersion, else what --ipamd-version says), what that version can do, and the global list
// read from every place it may live, with the one that counts for that version and any
// disagreement between them.
import { readIpamdSecurityGroupArgs, type NearMiss, type RefusedFlag } from '../../domain/tke/ipamd-args.ts';
import { capabilitiesOf, formatVersion, parseIpamdVersion, type IpamdCapabilities, type IpamdVersion } from '../../domain/tke/ipamd-version.ts';
import { sameGroups, type ClusterPolicy } from '../../domain/cluster-policy.ts';
import { KubeApiError, type KubeClient } from '../../adapters/kube/kube-client.ts';
import { getIpamdConfigMap, getIpamdDeployment } from '../../adapters/kube/tke/objects.ts';
import { deploymentFacts, readNetworkConf, type DeploymentFacts } from '../../adapters/kube/tke/ipamd-config.ts';

export type SettingPlace = 'deployment-args' | 'configmap' | 'addon-values';
export type VersionSource = 'image-tag' | 'addon' | 'flag';

export interface SettingSource extends ClusterPolicy {
  place: SettingPlace;
}

export interface ClusterSetting {
  /** undefined: no tke-eni-ipamd Deployment in kube-system (not a VPC-CNI cluster). */
  ipamd: DeploymentFacts | undefined;
  version: string | undefined;
  /** Where `version` was read: the image tag, the addon's AddonVersion (DescribeAddon), or --ipamd-version. */
  versionFrom: VersionSource | undefined;
  capabilities: IpamdCapabilities | undefined;
  /** The setting ipamd acts on; feature off when nothing could be read. */
  policy: ClusterPolicy;
  /** Where `policy` was read from. */
  place: SettingPlace | undefined;
  sources: SettingSource[];
  /** Places that say something other than the authoritative one. */
  disagreements: SettingSource[];
  nearMisses: NearMiss[];
  /** A security-group flag value Go refuses: ipamd does not start (whatever its version). */
  refused: RefusedFlag | undefined;
  /** Security-group flags after the point where Go stops reading flags. */
  unread: string[];
  problems: string[];
}

const notFound = (err: unknown) => err instanceof KubeApiError && err.status === 404;

export interface AddonReader {
  /**
   * The addon's `vpcCni.securityGroups`, or undefined when the addon is not installed (or could
   * not be read). `ipamd` is the Deployment just read, for readers that find the cluster ID in its args.
   */
  securityGroupValues(ipamd?: DeploymentFacts): Promise<{ enableSecurityGroups: boolean; securityGroups: string[] } | undefined>;
  /** The addon's AddonVersion, or undefined when it could not be read (`outcome.notRead` says why). */
  addonVersion(ipamd?: DeploymentFacts): Promise<string | undefined>;
  readonly outcome: { notRead: string | undefined };
}

/** The version and where it came from, or the problem that names the way out. */
type KnownVersion = { version: string; parsed: IpamdVersion; from: VersionSource } | { problem: string };

async function ipamdVersion(ipamd: DeploymentFacts, addon: AddonReader | undefined, flag: string | undefined): Promise<KnownVersion> {
  const tag = ipamd.imageTag;
  const fromTag = tag ? parseIpamdVersion(tag) : undefined;
  if (fromTag) return { version: tag!, parsed: fromTag, from: 'image-tag' };
  const addonVersion = addon ? await addon.addonVersion(ipamd) : undefined;
  const fromAddon = addonVersion ? parseIpamdVersion(addonVersion) : undefined;
  if (fromAddon) return { version: formatVersion(fromAddon), parsed: fromAddon, from: 'addon' };
  const fromFlag = flag ? parseIpamdVersion(flag) : undefined;
  if (fromFlag) return { version: formatVersion(fromFlag), parsed: fromFlag, from: 'flag' };
  const why = addon ? (addon.outcome.notRead ?? `addon eniipamd's AddonVersion ${addonVersion ? `"${addonVersion}" is not a version` : 'is empty'}`) : 'the addon eniipamd was not asked';
  return {
    problem: `cannot tell the ipamd version: image ${ipamd.image ?? '(none)'} has ${tag ? `tag ${tag}, not a version like v3.5.8` : 'no tag'}, and ${why}; pass --ipamd-version vX.Y.Z`,
  };
}

/** `versionFlag`: --ipamd-version, used only where neither the image tag nor the addon names the version. */
export async function readClusterSetting(kube: KubeClient, addon?: AddonReader, versionFlag?: string): Promise<ClusterSetting> {
  const deployment = await getIpamdDeployment(kube).catch((err: unknown) => {
    if (notFound(err)) return undefined;
    throw err;
  });
  const result: ClusterSetting = {
    ipamd: deployment ? deploymentFacts(deployment) : undefined,
    version: undefined,
    versionFrom: undefined,
    capabilities: undefined,
    policy: { enabled: false, globalList: [] },
    place: undefined,
    sources: [],
    disagreements: [],
    nearMisses: [],
    refused: undefined,
    unread: [],
    problems: [],
  };
  if (!result.ipamd) return result;
  const args = readIpamdSecurityGroupArgs(result.ipamd.args);
  result.nearMisses = args.nearMisses;
  result.refused = args.refused;
  result.unread = args.unread;
  const known = await ipamdVersion(result.ipamd, addon, versionFlag);
  if ('problem' in known) {
    result.problems.push(known.problem);
    return result;
  }
  result.version = known.version;
  result.versionFrom = known.from;
  result.capabilities = capabilitiesOf(known.parsed);

  if (args.enabled || args.groups !== undefined || result.capabilities.globalSetting === 'deployment-args') {
    result.sources.push({ place: 'deployment-args', enabled: args.enabled, globalList: args.groups ?? [] });
  }
  if (result.capabilities.globalSetting === 'addon-values') {
    // The ConfigMap and the addon side by side: neither needs the other, and the addon is a cloud
    // call (a tunnel and a TLS session) that would otherwise start only after the ConfigMap's answer.
    const [cm, values] = await Promise.all([
      getIpamdConfigMap(kube).catch((err: unknown) => {
        if (notFound(err)) return undefined;
        throw err;
      }),
      addon ? addon.securityGroupValues(result.ipamd) : undefined,
    ]);
    const conf = cm ? readNetworkConf(cm) : { found: false as const };
    if ('error' in conf) result.problems.push(`ConfigMap kube-system/tke-eni-ipamd: ${conf.error}`);
    else if (conf.found) {
      const v = conf.values;
      result.sources.push({ place: 'configmap', enabled: v?.enableSecurityGroups ?? false, globalList: v?.securityGroups ?? [] });
    }
    if (values) result.sources.push({ place: 'addon-values', enabled: values.enableSecurityGroups, globalList: values.securityGroups });
  }
  // The addon is what TKE renders the ConfigMap from; before v3.5.0 only the args count.
  const order: SettingPlace[] = result.capabilities.globalSetting === 'addon-values' ? ['addon-values', 'configmap'] : ['deployment-args'];
  const authoritative = order.map((p) => result.sources.find((s) => s.place === p)).find(Boolean);
  if (authoritative) {
    result.policy = { enabled: authoritative.enabled, globalList: authoritative.globalList };
    result.place = authoritative.place;
    result.disagreements = result.sources.filter(
      (s) => s !== authoritative && (s.enabled !== authoritative.enabled || !sameGroups(s.globalList, authoritative.globalList)),
    );
  }
  return result;
}
