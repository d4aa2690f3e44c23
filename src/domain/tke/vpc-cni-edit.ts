// ipamd's `vpcCni` values with only the security-group setting changed: as an object (the
// addon's values, sent back whole through UpdateAddon) and as the YAML text of the ConfigMap's
// tke-network-conf.yaml. How that document spells the values is not published
// (docs/assumptions.md): mirroring the object (`securityGroups: {enableSecurityGroups, …}`,
// "nested"), or as flat dotted keys (`securityGroups.enableSecurityGroups: true`, "dotted"), the
// spelling of the cluster's other ConfigMap, tke-network-conf. The document is edited in the
// spelling it already uses; one that holds neither (or both) is not guessed at. The text is
// edited line by line so that everything outside the setting stays byte-identical (comments,
// key order, quoting); the edit is checked by parsing it, and when the document is written in
// a layout the line edit does not know, it is rewritten from its values instead, and said so.
import { isDeepStrictEqual } from 'node:util';
import { dump, load } from 'js-yaml';
import type { ClusterPolicy } from '../cluster-policy.ts';

type Values = Record<string, unknown>;

const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `vpcCni` with `securityGroups.{enableSecurityGroups, securityGroups}` set; every other key, inside it too, kept. */
export function withVpcCniSecurityGroups(vpcCni: unknown, want: ClusterPolicy): Values {
  const base = isObject(vpcCni) ? vpcCni : {};
  const sg = isObject(base.securityGroups) ? base.securityGroups : {};
  return { ...base, securityGroups: { ...sg, enableSecurityGroups: want.enabled, securityGroups: [...want.globalList] } };
}

/** The setting's keys in the dotted spelling of tke-network-conf.yaml. */
export const DOTTED_KEYS = { enable: 'securityGroups.enableSecurityGroups', list: 'securityGroups.securityGroups' } as const;

export type NetworkConfShape = 'nested' | 'dotted';

/** The spellings of the setting a parsed tke-network-conf.yaml holds: none, one, or both. */
export function shapesOf(doc: Values): NetworkConfShape[] {
  return [...('securityGroups' in doc ? (['nested'] as const) : []), ...(DOTTED_KEYS.enable in doc || DOTTED_KEYS.list in doc ? (['dotted'] as const) : [])];
}

function withDottedSecurityGroups(doc: Values, want: ClusterPolicy): Values {
  return { ...doc, [DOTTED_KEYS.enable]: want.enabled, [DOTTED_KEYS.list]: [...want.globalList] };
}

/** The addon's whole values with only `vpcCni.securityGroups` changed. */
export function withAddonSecurityGroups(values: Values, want: ClusterPolicy): Values {
  return { ...values, vpcCni: withVpcCniSecurityGroups(values.vpcCni, want) };
}

export interface NetworkConfEdit {
  text: string;
  /** `kept`: only the lines of the setting changed; `rewritten`: the document was dumped again (comments and layout lost). */
  layout: 'kept' | 'rewritten';
}

const indentOf = (line: string) => /^ */.exec(line)![0].length;
const isBlankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);

/** The lines for the list under `key` at `indent`, items at `itemIndent`, as js-yaml writes them. */
function listLines(indent: string, itemIndent: string, groups: readonly string[], key = 'securityGroups'): string[] {
  if (groups.length === 0) return [`${indent}${key}: []`];
  return [`${indent}${key}:`, ...groups.map((g) => `${itemIndent}- ${g}`)];
}

/** Index after the last line of the value that starts below `start` at `indent` (deeper lines, or `- ` items at the same indent). */
function valueEnd(lines: readonly string[], start: number, indent: number, sequenceAtSameIndent: boolean): number {
  let end = start + 1;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (isBlankOrComment(l)) continue;
    const n = indentOf(l);
    if (n > indent || (sequenceAtSameIndent && n === indent && l.slice(n).startsWith('- '))) end = i + 1;
    else break;
  }
  return end;
}

/** The nested line edit; undefined when the document is not in the block layout it knows (an inline value). */
function editLines(text: string, want: ClusterPolicy): string | undefined {
  const lines = text.split('\n');
  const unit = lines.map((l) => (isBlankOrComment(l) ? 0 : indentOf(l))).find((n) => n > 0) ?? 2;
  const pad = (n: number) => ' '.repeat(n);
  const top = lines.findIndex((l) => /^securityGroups:\s*(#.*)?$/.test(l));
  if (top < 0) return undefined;
  const end = valueEnd(lines, top, 0, false);
  const first = lines.slice(top + 1, end).find((l) => !isBlankOrComment(l));
  const childIndent = first === undefined ? unit : indentOf(first);
  const ind = pad(childIndent);
  const out = lines.slice(top + 1, end);
  const listLine = () => out.findIndex((l) => l.startsWith(`${ind}securityGroups:`));
  // The enable line is replaced in place (same line count) before the list's lines move anything.
  const enableAt = out.findIndex((l) => l.startsWith(`${ind}enableSecurityGroups:`));
  if (enableAt >= 0) {
    const m = /^(\s*enableSecurityGroups:\s*)([^\s#]+)(\s+#.*)?$/.exec(out[enableAt]!);
    if (!m) return undefined;
    out[enableAt] = `${m[1]}${want.enabled}${m[3] ?? ''}`;
  }
  const listAt = listLine();
  if (listAt >= 0) {
    const listEnd = valueEnd(out, listAt, childIndent, true);
    const firstItem = out.slice(listAt + 1, listEnd).find((l) => l.trimStart().startsWith('- '));
    const itemIndent = firstItem === undefined ? pad(childIndent + unit) : pad(indentOf(firstItem));
    out.splice(listAt, listEnd - listAt, ...listLines(ind, itemIndent, want.globalList));
  } else {
    out.splice(lastContentLine(out) + 1, 0, ...listLines(ind, pad(childIndent + unit), want.globalList));
  }
  if (enableAt < 0) out.splice(listLine(), 0, `${ind}enableSecurityGroups: ${want.enabled}`);
  return [...lines.slice(0, top + 1), ...out, ...lines.slice(end)].join('\n');
}

/** The dotted line edit: the two top-level keys' lines replaced where they are, a missing one added after the other. */
function editDottedLines(text: string, want: ClusterPolicy): string | undefined {
  const lines = text.split('\n');
  const enableAt = lines.findIndex((l) => l.startsWith(`${DOTTED_KEYS.enable}:`));
  if (enableAt >= 0) {
    const m = /^([^:]+:\s*)([^\s#]+)(\s+#.*)?$/.exec(lines[enableAt]!);
    if (!m) return undefined;
    lines[enableAt] = `${m[1]}${want.enabled}${m[3] ?? ''}`;
  }
  const listAt = lines.findIndex((l) => l.startsWith(`${DOTTED_KEYS.list}:`));
  if (listAt >= 0) {
    const end = valueEnd(lines, listAt, 0, true);
    const firstItem = lines.slice(listAt + 1, end).find((l) => l.trimStart().startsWith('- '));
    lines.splice(listAt, end - listAt, ...listLines('', firstItem === undefined ? '  ' : ' '.repeat(indentOf(firstItem)), want.globalList, DOTTED_KEYS.list));
  } else {
    lines.splice(enableAt + 1, 0, ...listLines('', '  ', want.globalList, DOTTED_KEYS.list));
  }
  if (enableAt < 0) lines.splice(lines.findIndex((l) => l.startsWith(`${DOTTED_KEYS.list}:`)), 0, `${DOTTED_KEYS.enable}: ${want.enabled}`);
  return lines.join('\n');
}

function lastContentLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlankOrComment(lines[i]!)) return i;
  return -1;
}

/**
 * tke-network-conf.yaml with the setting changed, in the spelling the document uses. Throws when
 * the text is not YAML, or holds neither spelling or both (the caller reports it; the document
 * is not guessed at).
 */
export function editNetworkConf(text: string, want: ClusterPolicy): NetworkConfEdit {
  const doc = load(text) ?? {};
  if (!isObject(doc)) throw new Error('tke-network-conf.yaml is not a YAML mapping');
  const shapes = shapesOf(doc);
  const spellings = `nested (securityGroups: {enableSecurityGroups, securityGroups}) or as dotted keys (${DOTTED_KEYS.enable}, ${DOTTED_KEYS.list})`;
  if (shapes.length === 0) throw new Error(`tke-network-conf.yaml holds no security-group setting, and whether ipamd reads it ${spellings} is not documented, so none is added`);
  if (shapes.length === 2) throw new Error(`tke-network-conf.yaml holds the security-group setting twice, ${spellings}, and which one ipamd reads is not documented`);
  const dotted = shapes[0] === 'dotted';
  const expected = dotted ? withDottedSecurityGroups(doc, want) : withVpcCniSecurityGroups(doc, want);
  const edited = dotted ? editDottedLines(text, want) : editLines(text, want);
  if (edited !== undefined && isDeepStrictEqual(load(edited), expected)) return { text: edited, layout: 'kept' };
  return { text: dump(expected, { lineWidth: -1, noRefs: true }), layout: 'rewritten' };
}
