// The `selectors` key of eci-profile: a string holding a JSON array of
//   {name, namespaceSelector?: {matchLabels}, objectSelector?: {matchLabels}, effect?: {annotations?, labels?}}
// tried in order when a pod is created on a virtual node. A matching selector's effect adds its
// annotations and labels to the pod but never overwrites what the pod (or an earlier selector)
// already has. A selector sets the pod's groups through the same annotation a pod would carry
// (effect.annotations["k8s.aliyun.com/eci-security-group"]; inferred from the documents).
// A selector that names neither selector (or only empty ones) is read as matching every pod, as
// an empty Kubernetes label selector does; no document says so, and the other reading (it
// matches none) is carried along wherever it changes a pod's groups (requested-groups.ts,
// docs/assumptions.md). matchExpressions (In, NotIn, Exists, DoesNotExist) are honoured
// too, since the fields are Kubernetes label selectors.

import { isEmptySelector, isObject, parseLabelSelector, selects, stringMap, type Labels, type LabelSelector } from '../label-selector.ts';

/** The pod annotation that names an ECI pod's groups, "sg-a,sg-b". */
export const ECI_GROUP_ANNOTATION = 'k8s.aliyun.com/eci-security-group';

export type { Labels } from '../label-selector.ts';

export interface EciSelector {
  name: string;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  effect: { annotations: Record<string, string>; labels: Record<string, string> };
}

export interface ParsedSelectors {
  selectors: EciSelector[];
  /** Why ECI would reject the value (and with it the whole profile); empty when it is fine. */
  problems: string[];
}

/** The selectors of a profile value; "" or absent means none. */
export function parseSelectors(text: string | undefined): ParsedSelectors {
  const problems: string[] = [];
  if (text === undefined || text.trim() === '') return { selectors: [], problems };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { selectors: [], problems: [`selectors is not valid JSON (${(e as Error).message})`] };
  }
  if (!Array.isArray(raw)) return { selectors: [], problems: ['selectors must be a JSON array of selectors'] };
  const selectors: EciSelector[] = [];
  const names = new Set<string>();
  raw.forEach((s: unknown, i) => {
    const at = `selectors[${i}]`;
    if (!isObject(s)) {
      problems.push(`${at} is not an object`);
      return;
    }
    if (typeof s.name !== 'string' || s.name.trim() === '') {
      problems.push(`${at} has no name (every selector needs one)`);
      return;
    }
    const where = `selector "${s.name}"`;
    if (names.has(s.name)) problems.push(`${where} is defined twice`);
    names.add(s.name);
    const effect = s.effect === undefined || s.effect === null ? {} : s.effect;
    if (!isObject(effect)) problems.push(`${where}: effect must be an object with annotations and labels`);
    const e = isObject(effect) ? effect : {};
    selectors.push({
      name: s.name,
      namespaceSelector: parseLabelSelector(s.namespaceSelector, `${where}: namespaceSelector`, problems),
      objectSelector: parseLabelSelector(s.objectSelector, `${where}: objectSelector`, problems),
      effect: { annotations: stringMap(e.annotations, `${where}: effect.annotations`, problems), labels: stringMap(e.labels, `${where}: effect.labels`, problems) },
    });
  });
  return { selectors, problems };
}

export function selectorMatches(s: EciSelector, namespaceLabels: Labels, podLabels: Labels): boolean {
  return selects(s.namespaceSelector, namespaceLabels) && selects(s.objectSelector, podLabels);
}

/**
 * Whether any selector looks at a namespace's labels. When none does, no pod's match depends on
 * them (an absent or empty namespaceSelector selects every namespace), so they need not be read.
 */
export function readsNamespaceLabels(selectors: readonly EciSelector[]): boolean {
  return selectors.some((s) => !isEmptySelector(s.namespaceSelector));
}

/** True when the selector constrains nothing: no namespaceSelector or objectSelector, or only empty ones. */
export function hasNoSelectors(s: EciSelector): boolean {
  return isEmptySelector(s.namespaceSelector) && isEmptySelector(s.objectSelector);
}

/** Splits an annotation value "sg-a, sg-b" into IDs, in order; empty entries dropped. */
export function splitGroupAnnotation(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The groups a selector's effect sets, or undefined when it sets none. */
export function selectorGroups(s: EciSelector): string[] | undefined {
  const v = s.effect.annotations[ECI_GROUP_ANNOTATION];
  return v === undefined ? undefined : splitGroupAnnotation(v);
}
