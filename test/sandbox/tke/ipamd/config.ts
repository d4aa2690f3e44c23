// Where ipamd reads its security-group setting, and the cluster policy it derives a node's
// groups from (domain.md, seeds 000/001).
// - < v3.5.0: the Deployment's container args. `--enable-security-groups` (Go flag syntax, see
//   parseFlags) turns the feature on; the known typo
//   `--enable-security-group` is just an unknown flag, so the feature stays off (the documents
//   say a typo "silently does nothing"). `--security-groups=sg-a,sg-b` or the separate-item
//   form `--security-groups` `sg-a,sg-b`; absent or empty = no global list.
// - >= v3.5.0: the ConfigMap `tke-eni-ipamd`, key `tke-network-conf.yaml` (network-conf.ts).
import type { EmptyListReading, NetworkConfShape } from '../../scenario.ts';
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

/** What Go's flag package answers where real ipamd exits with status 2 (flag.ExitOnError) and never starts. */
export class FlagError extends Error {}

/** strconv.ParseBool's spellings, the only values a Go boolean flag takes. */
const GO_TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

/**
 * ipamd's command line as Go's `flag` package parses it (src/flag/flag.go, FlagSet.parseOne):
 * one or two dashes; `-a=b`; `-a b` for non-boolean flags only (the next item whatever it is);
 * a boolean's value must pass strconv.ParseBool; parsing stops before the first non-flag item
 * (`-` is one) or after `--`. Throws FlagError for what Go refuses. An undefined flag is kept
 * (and logged as unknown) instead of refused: the product documents say the
 * `--enable-security-group` typo "silently does nothing", which real Go flag parsing would not
 * do; docs/assumptions.md keeps that conflict.
 */
export function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.length < 2 || !a.startsWith('-')) break;
    if (a === '--') break;
    const body = a.startsWith('--') ? a.slice(2) : a.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) throw new FlagError(`bad flag syntax: ${a}`);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    let value = eq < 0 ? undefined : body.slice(eq + 1);
    if (BOOL_FLAGS.has(name)) {
      if (value === undefined) value = 'true';
      else if (!GO_TRUE.includes(value) && !GO_FALSE.includes(value)) throw new FlagError(`invalid boolean value "${value}" for -${name}: parse error`);
    } else if (value === undefined) {
      const next = args[i + 1];
      if (KNOWN_FLAGS.has(name)) {
        if (next === undefined) throw new FlagError(`flag needs an argument: ${a}`);
        value = args[++i]!;
      } else value = next !== undefined && !next.startsWith('-') ? args[++i]! : 'true';
    }
    flags.set(name, value);
  }
  return flags;
}

const splitList = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function configFromArgs(args: readonly string[]): IpamdConfig {
  const flags = parseFlags(args);
  const enable = flags.get('enable-security-groups');
  return {
    enabled: enable !== undefined && GO_TRUE.includes(enable),
    globalList: splitList(flags.get('security-groups')),
    source: 'args',
    unknownFlags: [...flags.keys()].filter((f) => !KNOWN_FLAGS.has(f)),
  };
}

/** From the ConfigMap document, read in `shape`; a missing document = the chart default (off). Throws when malformed. */
export function configFromNetworkConf(text: string | undefined, shape: NetworkConfShape = 'nested'): IpamdConfig {
  const sg = securityGroupSetting(text === undefined ? {} : parseNetworkConf(text, shape));
  return { enabled: sg.enableSecurityGroups, globalList: sg.securityGroups, source: 'configmap', unknownFlags: [] };
}

/**
 * The groups a node gets from the cluster policy (the NEC's default). Feature on with an empty
 * global list, the documents conflict (domain.md, "conflict to keep visible"): both product
 * documents in seeds/ (000, 001: "If `--security-groups` is not set, or its value is empty, the
 * security group of each node will use the security group bound to the node instance") say the
 * node inherits the primary ENI's groups; the 2026 tccli runbook of page 50360 says ENIs get no
 * extra groups. The scenario picks the reading (`ipamd.emptyList`, docs/assumptions.md); it
 * applies from v3.5.0 on (ConfigMap/addon), where the newer text is about; the args era keeps
 * the seeds' rule.
 */
export function policyGroups(cfg: IpamdConfig, primaryEniGroups: readonly string[], emptyList: EmptyListReading): string[] {
  if (cfg.globalList.length > 0) return [...cfg.globalList];
  if (emptyList === 'no-extra-groups' && cfg.source === 'configmap') return [];
  return [...primaryEniGroups];
}

export function sameConfig(a: IpamdConfig, b: IpamdConfig): boolean {
  return a.enabled === b.enabled && a.source === b.source && a.globalList.join(',') === b.globalList.join(',');
}
