// The flags of `npm run sandbox -- up`, read into UpOptions: one reading for the CLI (cli.ts) and
// for the test files that bring a sandbox up in their own process (e2e/sandbox-fixture.ts), so a
// flag means the same wherever it is typed. A value that is not one the flag takes is an
// UpFlagError naming the flag, what it takes and what it got.
import { parseArgs } from 'node:util';
import type { Provider, UpOptions } from './up.ts';
import {
  BIND_EVENT_WORDINGS,
  CALLER_POLICIES,
  EMPTY_LIST_READINGS,
  ENI_MARKINGS,
  GROUP_SET_ORDERS,
  AUDIT_RESOURCE_MATCHES,
  NETWORK_CONF_SHAPES,
  TOGGLE_SEEN_READINGS,
} from './scenario.ts';
import { EMPTY_SELECTOR_READINGS, SECURITY_GROUP_ID_FORMATS } from './eci/scenario.ts';
import { INSTANCES_LISTED_READINGS, NO_GROUPS_DEFAULTS, SGP_PRECEDENCES } from './supernode/scenario.ts';

export const UP_FLAGS = {
  provider: { type: 'string' },
  'virtual-nodes': { type: 'string' },
  'vk-version': { type: 'string' },
  'sg-id-format': { type: 'string' },
  'empty-selector': { type: 'string' },
  'super-nodes': { type: 'string' },
  'supernode-default': { type: 'string' },
  'supernode-instances': { type: 'string' },
  'supernode-max-groups': { type: 'string' },
  'supernode-type-label': { type: 'boolean' },
  'sgp-precedence': { type: 'string' },
  nodes: { type: 'string' },
  'ipamd-version': { type: 'string' },
  feature: { type: 'string' },
  'global-groups': { type: 'string' },
  'empty-list': { type: 'string' },
  'group-set-order': { type: 'string' },
  'audit-resource-match': { type: 'string' },
  'toggle-seen': { type: 'string' },
  'network-conf-shape': { type: 'string' },
  'typo-flag': { type: 'boolean' },
  'no-cam-policy': { type: 'boolean' },
  'caller-policy': { type: 'string' },
  'pods-per-node': { type: 'string' },
  'reaction-delay': { type: 'string' },
  'bind-event-reason': { type: 'string' },
  'bind-event-wording': { type: 'string' },
  'other-enis': { type: 'boolean' },
  'eni-marking': { type: 'string' },
} as const;

export type UpFlagValues = { [K in keyof typeof UP_FLAGS]?: (typeof UP_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export class UpFlagError extends Error {}

/** The worlds `--provider` may name (here, not in up.ts: parsing flags must not load the sandbox). */
export const PROVIDERS: readonly Provider[] = ['tke', 'eci', 'supernode'];

/** `raw` when it is one of `choices` (or absent), else an UpFlagError. */
function oneOf<T extends string>(flag: string, raw: string | undefined, choices: readonly T[]): T | undefined {
  if (raw !== undefined && !choices.includes(raw as T)) throw new UpFlagError(`--${flag} must be ${choices.join(' or ')}, got "${raw}"`);
  return raw as T | undefined;
}

function shaped(flag: string, raw: string | undefined, shape: RegExp, example: string): string | undefined {
  if (raw !== undefined && !shape.test(raw)) throw new UpFlagError(`--${flag} must ${example}, got "${raw}"`);
  return raw;
}

function count(flag: string, raw: string | undefined, fallback: number | undefined): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UpFlagError(`--${flag} must be a whole number >= 0, got "${raw}"`);
  return n;
}

function superNodeMaxGroups(raw: string | undefined): number | undefined {
  const n = count('supernode-max-groups', raw, undefined);
  if (n !== undefined && (n < 1 || n > 10)) throw new UpFlagError(`--supernode-max-groups must be 1 to 10, got "${raw}"`);
  return n;
}

export function upOptionsFrom(v: UpFlagValues): UpOptions {
  const providers = [...new Set((v.provider ?? 'tke').split(',').map((p) => p.trim()))];
  if (providers.some((p) => !(PROVIDERS as readonly string[]).includes(p))) {
    throw new UpFlagError(`--provider must be a comma-separated list of ${PROVIDERS.join(', ')} (e.g. tke,supernode), got "${v.provider}"`);
  }
  const superNodes = count('super-nodes', v['super-nodes'], 1)!;
  if (superNodes < 1 || superNodes > 3) throw new UpFlagError(`--super-nodes must be 1, 2 or 3, got "${v['super-nodes']}"`);
  const virtualNodes = count('virtual-nodes', v['virtual-nodes'], 1)!;
  if (virtualNodes < 1 || virtualNodes > 2) throw new UpFlagError(`--virtual-nodes must be 1 or 2, got "${v['virtual-nodes']}"`);
  return {
    providers: providers as Provider[],
    eci: {
      virtualNodes,
      virtualKubeletVersion: shaped('vk-version', v['vk-version'], /^v\d+\.\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$/, 'look like v2.0.0.90-15deb126e-aliyun'),
      securityGroupIdFormat: oneOf('sg-id-format', v['sg-id-format'], SECURITY_GROUP_ID_FORMATS),
      emptySelectorMatches: oneOf('empty-selector', v['empty-selector'], EMPTY_SELECTOR_READINGS),
    },
    supernode: {
      virtualNodes: superNodes,
      noGroupsDefault: oneOf('supernode-default', v['supernode-default'], NO_GROUPS_DEFAULTS),
      instancesListed: oneOf('supernode-instances', v['supernode-instances'], INSTANCES_LISTED_READINGS),
      maxGroups: superNodeMaxGroups(v['supernode-max-groups']),
      typeVirtualKubeletLabel: v['supernode-type-label'] ?? false,
      sgpPrecedence: oneOf('sgp-precedence', v['sgp-precedence'], SGP_PRECEDENCES),
    },
    nodes: count('nodes', v.nodes, 3),
    ipamdVersion: shaped('ipamd-version', v['ipamd-version'], /^v\d+\.\d+\.\d+$/, 'look like v3.5.8') ?? 'v3.5.8',
    enableSecurityGroups: oneOf('feature', v.feature, ['on', 'off']) !== 'off',
    globalGroups: count('global-groups', v['global-groups'], 2),
    emptyList: oneOf('empty-list', v['empty-list'], EMPTY_LIST_READINGS),
    groupSetOrder: oneOf('group-set-order', v['group-set-order'], GROUP_SET_ORDERS),
    auditResourceMatch: oneOf('audit-resource-match', v['audit-resource-match'], AUDIT_RESOURCE_MATCHES),
    toggleSeen: oneOf('toggle-seen', v['toggle-seen'], TOGGLE_SEEN_READINGS),
    networkConfShape: oneOf('network-conf-shape', v['network-conf-shape'], NETWORK_CONF_SHAPES),
    typoFlag: v['typo-flag'] ?? false,
    ipamdRoleHasPolicy: !v['no-cam-policy'],
    callerPolicy: oneOf('caller-policy', v['caller-policy'], CALLER_POLICIES),
    podsPerNode: count('pods-per-node', v['pods-per-node'], undefined),
    reactionDelayMs: count('reaction-delay', v['reaction-delay'], 200),
    // An Event's reason is a CamelCase word (the API server refuses an empty one).
    bindEventReason: shaped('bind-event-reason', v['bind-event-reason'], /^[A-Za-z][A-Za-z0-9]*$/, 'be one word of letters and digits'),
    bindEventWording: oneOf('bind-event-wording', v['bind-event-wording'], BIND_EVENT_WORDINGS),
    otherEnis: v['other-enis'] ?? false,
    eniMarking: oneOf('eni-marking', v['eni-marking'], ENI_MARKINGS),
  };
}

/** `up`'s flags as a command line gives them (no positionals, no other flags). */
export function parseUpFlags(args: string[]): UpOptions {
  let values: UpFlagValues;
  try {
    values = parseArgs({ args, options: UP_FLAGS, strict: true, allowPositionals: false }).values as UpFlagValues;
  } catch (e) {
    throw new UpFlagError(e instanceof Error ? e.message : String(e));
  }
  return upOptionsFrom(values);
}
