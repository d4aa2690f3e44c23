// ipamd's `vpcCni` values with only the security-group setting changed: as an object (the
// addon's values, sent back whole through UpdateAddon) and as the YAML text of the ConfigMap's
// tke-network-conf.yaml, which mirrors that object (domain.md, inferred). The text is edited
// line by line so that everything outside `securityGroups` stays byte-identical (comments,
// key order, quoting); the edit is checked by parsing it, and when the document is written in
// a shape the line edit does not know, it is rewritten from its values instead, and said so.
import { isDeepStrictEqual } from 'node:util';
import { dump, load } from 'js-yaml';
import type { ClusterPolicy } from './cluster-policy.ts';

type Values = Record<string, unknown>;

const isObject = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `vpcCni` with `securityGroups.{enableSecurityGroups, securityGroups}` set; every other key, inside it too, kept. */
export function withVpcCniSecurityGroups(vpcCni: unknown, want: ClusterPolicy): Values {
  const base = isObject(vpcCni) ? vpcCni : {};
  const sg = isObject(base.securityGroups) ? base.securityGroups : {};
  return { ...base, securityGroups: { ...sg, enableSecurityGroups: want.enabled, securityGroups: [...want.globalList] } };
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

/** The lines for `securityGroups:` (the list) at `indent`, items at `itemIndent`, as js-yaml writes them. */
function listLines(indent: string, itemIndent: string, groups: readonly string[]): string[] {
  if (groups.length === 0) return [`${indent}securityGroups: []`];
  return [`${indent}securityGroups:`, ...groups.map((g) => `${itemIndent}- ${g}`)];
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

/** The line edit; undefined when the document is not in the block layout it knows. */
function editLines(text: string, want: ClusterPolicy): string | undefined {
  const lines = text.split('\n');
  const unit = lines.map((l) => (isBlankOrComment(l) ? 0 : indentOf(l))).find((n) => n > 0) ?? 2;
  const pad = (n: number) => ' '.repeat(n);
  const top = lines.findIndex((l) => /^securityGroups:\s*(#.*)?$/.test(l));
  if (top < 0) {
    if (lines.some((l) => /^securityGroups:/.test(l))) return undefined; // an inline value
    const block = ['securityGroups:', `${pad(unit)}enableSecurityGroups: ${want.enabled}`, ...listLines(pad(unit), pad(2 * unit), want.globalList)];
    const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    return `${body}${block.join('\n')}\n`;
  }
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

function lastContentLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlankOrComment(lines[i]!)) return i;
  return -1;
}

/**
 * tke-network-conf.yaml with the setting changed. Throws when the text is not YAML (the caller
 * reports it; the document is not guessed at).
 */
export function editNetworkConf(text: string, want: ClusterPolicy): NetworkConfEdit {
  const doc = load(text) ?? {};
  if (!isObject(doc)) throw new Error('tke-network-conf.yaml is not a YAML mapping');
  const expected = withVpcCniSecurityGroups(doc, want);
  const edited = editLines(text, want);
  if (edited !== undefined && isDeepStrictEqual(load(edited), expected)) return { text: edited, layout: 'kept' };
  return { text: dump(expected, { lineWidth: -1, noRefs: true }), layout: 'rewritten' };
}
