// Where ipamd reads its security-group setting, and the cluster policy it derives a node's
// groups from (domain.md, seeds 000/001).
// - < v3.5.0: the Deployment's container args. `--enable-security-groups` (Go flag syntax: one
//   or two dashes, `=true|false` allowed) turns the feature on; the known typo
//   `--enable-security-group` is just an unknown flag, so the feature stays off (the documents
//   say a typo "silently does nothing"). `--security-groups=sg-a,sg-b` or the separate-item
//   form `--security-groups` `sg-a,sg-b`; absent or empty = no global list.
// - >= v3.5.0: the ConfigMap `tke-eni-ipamd`, key `tke-network-conf.yaml` (network-conf.ts).
import { securityGroupSetting, parseNetworkConf } from '../network-conf.ts';

export interface IpamdConfig {
  enabled: boolean;
  /** Global list in priority order; empty = none set. */
  globalList: string[];
  source: 'args' | 'configmap';
  /** Flags ipamd does not know (e.g. the typo), for the log. */
  unknownFlags: string[];
}

/** Boolean flags of ipamd: they never take the next list item as their value. */
const BOOL_FLAGS = new Set([
  'enable-security-groups',
  'enable-ownerref',
  'enable-node-condition',
  'enable-node-taint',
  'only-nominated-eni-subnets',
  'enable-trunking-eni',
]);
const KNOWN_FLAGS = new Set([...BOOL_FLAGS, 'security-groups', 'clusterid', 'claim-expired-duration', 'v', 'region', 'subnet-ids', 'vpc-id', 'kubeconfig']);

/** Go-flag-style parse: `--a=b`, `-a=b`, `--a b` (non-boolean flags), `--bool`, `--bool=false`. */
export function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--?([^=\s]+)(?:=(.*))?$/s.exec(a);
    if (!m) continue; // a positional argument
    const name = m[1]!;
    if (m[2] !== undefined) flags.set(name, m[2]);
    else if (BOOL_FLAGS.has(name)) flags.set(name, 'true');
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('-')) flags.set(name, args[++i]!);
    else flags.set(name, 'true');
  }
  return flags;
}

const splitList = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function configFromArgs(args: readonly string[]): IpamdConfig {
  const flags = parseFlags(args);
  const enable = flags.get('enable-security-groups');
  return {
    enabled: enable !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(enable),
    globalList: splitList(flags.get('security-groups')),
    source: 'args',
    unknownFlags: [...flags.keys()].filter((f) => !KNOWN_FLAGS.has(f)),
  };
}

/** From the ConfigMap document; a missing document = the chart default (off). Throws when malformed. */
export function configFromNetworkConf(text: string | undefined): IpamdConfig {
  const sg = securityGroupSetting(text === undefined ? {} : parseNetworkConf(text));
  return { enabled: sg.enableSecurityGroups, globalList: sg.securityGroups, source: 'configmap', unknownFlags: [] };
}

/**
 * Feature on, empty global list. The documents conflict (domain.md, "conflict to keep visible"):
 * both product documents in seeds/ (000, 001: "If `--security-groups` is not set, or its value
 * is empty, the security group of each node will use the security group bound to the node
 * instance") say the node inherits the primary ENI's groups; only a newer v3.5+ text, known from
 * domain.md without a primary source here, says "no extra groups". We follow the seeds for every
 * version. This constant is the single switch: set it to 'no-extra-groups' to model the newer
 * text (it then applies from v3.5.0 on, where that text is about; the args era keeps the seeds').
 */
export const EMPTY_LIST_MEANS: 'inherit-primary' | 'no-extra-groups' = 'inherit-primary';

/** The groups a node gets from the cluster policy (the NEC's default). */
export function policyGroups(cfg: IpamdConfig, primaryEniGroups: readonly string[]): string[] {
  if (cfg.globalList.length > 0) return [...cfg.globalList];
  if (EMPTY_LIST_MEANS === 'no-extra-groups' && cfg.source === 'configmap') return [];
  return [...primaryEniGroups];
}

export function sameConfig(a: IpamdConfig, b: IpamdConfig): boolean {
  return a.enabled === b.enabled && a.source === b.source && a.globalList.join(',') === b.globalList.join(',');
}
