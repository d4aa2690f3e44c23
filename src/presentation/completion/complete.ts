// What to offer for the word being completed, from the words typed before it: kubectl's plugin
// completion protocol (kubectl >= 1.26 runs kubectl_complete-sg with the words after `kubectl
// sg`, the last one the word being completed, "" for a new one) answered the way cobra's
// __complete answers: candidates one per line, `value<TAB>description`, then `:<directive>`.
// Pure: values that live in the cluster or the cloud are asked for as a ValueKind, which
// complete-run.ts resolves.
import { PROVIDERS, type ProviderName } from '../../domain/provider-choice.ts';
import type { ValueKind } from '../../operations/completion-values.ts';
import type { CommandShape, FlagShape } from './command-shape.ts';

/** cobra's ShellCompDirective bits (kubectl reads the number as cobra defines it). */
export const Directive = { default: 0, noSpace: 2, noFileComp: 4 } as const;


export interface Candidate {
  value: string;
  description?: string;
}

export type CompletionRequest =
  | { kind: 'static'; candidates: Candidate[]; directive: number }
  /** The shell completes file names (--kubeconfig). */
  | { kind: 'files' }
  | {
      kind: 'dynamic';
      source: ValueKind;
      /** Printed before each value: `--groups=sg-a,` when completing the second of a list. */
      prefix: string;
      /** What is typed of the value so far. */
      partial: string;
      /** Values already typed where a value may not repeat (a list, variadic names). */
      exclude: string[];
      directive: number;
    };

export interface Typed {
  /** The verb's shape once its words are typed. */
  shape: CommandShape | undefined;
  /** Values of the flags typed before the word being completed (kubeconfig, context, namespace, region, ...). */
  flags: Record<string, string>;
  /** Whose clouds group IDs come from: the verb's providers, narrowed by --provider (none when it names one the verb refuses). */
  providers: ProviderName[];
}

function providersOf(shape: CommandShape | undefined, forced: string | undefined): ProviderName[] {
  const serves = shape?.providers ?? PROVIDERS;
  return forced === undefined ? [...serves] : serves.filter((p) => p === forced);
}

function findFlag(flags: readonly FlagShape[], text: string): FlagShape | undefined {
  const name = text.replace(/^--?/, '');
  return flags.find((f) => f.name === name || f.aliases.includes(name) || (f.negatable && name === `no-${f.name}`));
}

/** Reads the words before the one being completed: the verb, its operands, its flags' values. */
function readTyped(before: readonly string[], shapes: readonly CommandShape[]): Omit<Typed, 'providers'> & { operands: string[]; pending: FlagShape | undefined } {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  let shape: CommandShape | undefined;
  let pending: FlagShape | undefined;
  const known = () => (shape ? shape.flags : shapes.flatMap((s) => s.flags));
  for (const w of before) {
    if (pending) {
      flags[pending.name] = w;
      pending = undefined;
    } else if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=');
      const flag = findFlag(known(), eq > 0 ? w.slice(0, eq) : w);
      if (flag?.takesValue) {
        if (eq > 0) flags[flag.name] = w.slice(eq + 1);
        else pending = flag;
      }
    } else {
      words.push(w);
      shape ??= shapes.find((s) => s.words.length <= words.length && s.words.every((x, i) => x === words[i]));
    }
  }
  return { shape, flags, operands: shape ? words.slice(shape.words.length) : words, pending };
}

export function completionRequest(words: readonly string[], shapes: readonly CommandShape[]): { request: CompletionRequest; typed: Typed } {
  const current = words.at(-1) ?? '';
  const t = readTyped(words.slice(0, -1), shapes);
  const typed = { shape: t.shape, flags: t.flags, providers: providersOf(t.shape, t.flags.provider) };
  const flags = t.shape?.flags ?? shapes[0]?.flags.filter((f) => f.name === 'help') ?? [];
  if (t.pending) return { request: flagValue(t.pending, '', current), typed };
  if (current.startsWith('-')) {
    const eq = current.indexOf('=');
    const flag = eq > 0 ? findFlag(flags, current.slice(0, eq)) : undefined;
    if (flag?.takesValue) return { request: flagValue(flag, current.slice(0, eq + 1), current.slice(eq + 1)), typed };
    return { request: flagNames(flags, words.slice(0, -1), current), typed };
  }
  if (!t.shape) return { request: nextWords(t.operands, shapes, current), typed };
  const index = t.operands.length;
  const last = t.shape.positionals.at(-1);
  const positional = t.shape.positionals[index] ?? (last?.variadic ? last : undefined);
  const source = positional?.source;
  if (!positional || !source || source === 'files') return { request: { kind: 'static', candidates: [], directive: Directive.noFileComp }, typed };
  return { request: { kind: 'dynamic', source, prefix: '', partial: current, exclude: positional.variadic ? t.operands : [], directive: Directive.noFileComp }, typed };
}

function flagValue(flag: FlagShape, prefix: string, text: string): CompletionRequest {
  if (flag.choices) {
    return { kind: 'static', candidates: flag.choices.filter((c) => c.startsWith(text)).map((c) => ({ value: prefix + c })), directive: Directive.noFileComp };
  }
  if (!flag.source) return { kind: 'static', candidates: [], directive: Directive.noFileComp };
  if (flag.source === 'files') return { kind: 'files' };
  if (!flag.list) return { kind: 'dynamic', source: flag.source, prefix, partial: text, exclude: [], directive: Directive.noFileComp };
  // A comma-separated list: complete its last element, keep the ones before it, and let the
  // user type another comma (no space after the candidate).
  const comma = text.lastIndexOf(',');
  const done = comma < 0 ? [] : text.slice(0, comma).split(',');
  return { kind: 'dynamic', source: flag.source, prefix: prefix + text.slice(0, comma + 1), partial: text.slice(comma + 1), exclude: done, directive: Directive.noFileComp | Directive.noSpace };
}

function flagNames(flags: readonly FlagShape[], before: readonly string[], text: string): CompletionRequest {
  const used = new Set(before.filter((w) => w.startsWith('-')).map((w) => findFlag(flags, w.split('=')[0]!)?.name));
  const candidates: Candidate[] = [];
  for (const f of flags) {
    if (used.has(f.name) && !f.array) continue;
    const names = [f.negatable ? `--no-${f.name}` : `--${f.name}`, ...f.aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`))];
    for (const n of names) if (n.startsWith(text)) candidates.push({ value: n, description: f.describe });
  }
  return { kind: 'static', candidates, directive: Directive.noFileComp };
}

/** The verb's next word: `show` then `node`, with what each does. */
function nextWords(typed: readonly string[], shapes: readonly CommandShape[], text: string): CompletionRequest {
  const below = shapes.filter((s) => s.words.length > typed.length && typed.every((w, i) => s.words[i] === w));
  const byWord = new Map<string, CommandShape[]>();
  for (const s of below) byWord.set(s.words[typed.length]!, [...(byWord.get(s.words[typed.length]!) ?? []), s]);
  const candidates: Candidate[] = [];
  for (const [word, group] of byWord) {
    if (!word.startsWith(text)) continue;
    // A word that leads to several verbs (show) is described by what follows it.
    const description = group.length === 1 && group[0]!.words.length === typed.length + 1 ? group[0]!.describe : group.map((s) => s.words.slice(typed.length + 1).join(' ')).join(', ');
    candidates.push({ value: word, description });
  }
  return { kind: 'static', candidates, directive: Directive.noFileComp };
}

/** cobra's output: `value<TAB>description` lines (descriptions on one line), then `:<directive>`. */
export function renderCompletion(candidates: readonly Candidate[], directive: number): string {
  const lines = candidates.map((c) => (c.description ? `${c.value}\t${c.description.replace(/\s+/g, ' ').trim()}` : c.value));
  return [...lines, `:${directive}`].join('\n') + '\n';
}
