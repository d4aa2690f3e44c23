// Every key of the TUI, in one table: the reducer finds a key's command here and the help
// screen (`?`) lists this table, so what help says and what a key does cannot drift apart.

/** Where a key applies: the view shown, or the panel on top of it. */
/**
 * vnodes, vnode, eci-pod: Alibaba ECI's views (the virtual nodes, one virtual node's pods, an ECI
 * pod); snodes, snode, snode-pod: TKE super nodes' (read-only); the others without a provider in
 * their name are TKE VPC-CNI's or shared.
 */
export type KeyContext = 'nodes' | 'pick-nodes' | 'node' | 'groups' | 'pick-group' | 'group' | 'pod' | 'vnodes' | 'vnode' | 'eci-pod' | 'snodes' | 'snode' | 'snode-pod' | 'picker' | 'confirm' | 'running' | 'done' | 'help';

export type Command =
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'top'
  | 'bottom'
  | 'left'
  | 'right'
  | 'toggle'
  | 'select-shown'
  | 'select-drifted'
  | 'filter'
  | 'selector'
  | 'sort'
  | 'open'
  | 'back'
  | 'set-groups'
  | 'resync'
  | 'set-workload'
  | 'eci-default'
  | 'switch-provider'
  | 'groups-view'
  | 'nodes-view'
  | 'pod-view'
  | 'raise'
  | 'lower'
  | 'accept'
  | 'cancel'
  | 'apply'
  | 'stop'
  | 'refresh'
  | 'help'
  | 'verb'
  | 'clear'
  | 'quit';

export interface Binding {
  /** Key names as keyName() spells them. */
  keys: string[];
  /** How help shows the keys. */
  label: string;
  command: Command;
  where: KeyContext[];
  what: string;
}

const LISTS: KeyContext[] = ['nodes', 'pick-nodes', 'groups', 'pick-group', 'picker'];
const SCROLLED: KeyContext[] = [...LISTS, 'vnodes', 'vnode', 'snodes', 'snode', 'node', 'group', 'pod', 'eci-pod', 'snode-pod', 'confirm', 'running', 'done', 'help'];
/** A picker a verb opened: leaving it without a choice cancels the verb. */
const PICKING: KeyContext[] = ['pick-nodes', 'pick-group'];
const VIEWS: KeyContext[] = ['nodes', 'node', 'vnodes', 'vnode', 'snodes', 'snode', 'groups', 'group', 'pod', 'eci-pod', 'snode-pod'];
/** What the `:` prompt takes. */
export const VERBS = 'nodes, groups, group SG-ID, pod [NS/]NAME, resync, set, workload, default, tke, supernode, eci, sort name|state, help, quit';

/** Views of text, which may be wider than the terminal (a plan's table). */
const TEXTS: KeyContext[] = ['node', 'group', 'pod', 'eci-pod', 'snode-pod', 'confirm', 'running', 'done', 'help'];

export const BINDINGS: readonly Binding[] = [
  { keys: ['up', 'k'], label: '↑ k', command: 'up', where: SCROLLED, what: 'move up' },
  { keys: ['down', 'j'], label: '↓ j', command: 'down', where: SCROLLED, what: 'move down' },
  { keys: ['pageup', 'ctrl-b'], label: 'PgUp ctrl-b', command: 'page-up', where: SCROLLED, what: 'one page up' },
  { keys: ['pagedown', 'ctrl-f'], label: 'PgDn ctrl-f', command: 'page-down', where: SCROLLED, what: 'one page down' },
  { keys: ['home', 'g'], label: 'Home g', command: 'top', where: SCROLLED, what: 'first row' },
  { keys: ['end', 'G'], label: 'End G', command: 'bottom', where: SCROLLED, what: 'last row' },
  { keys: ['left'], label: '←', command: 'left', where: TEXTS, what: 'scroll left' },
  { keys: ['right'], label: '→', command: 'right', where: TEXTS, what: 'scroll right (a plan wider than the terminal)' },
  { keys: ['space'], label: 'space', command: 'toggle', where: ['nodes', 'pick-nodes'], what: 'select or unselect the node under the cursor' },
  { keys: ['space'], label: 'space', command: 'toggle', where: ['picker'], what: 'add the group (lowest priority) or remove it' },
  { keys: ['a'], label: 'a', command: 'select-shown', where: ['nodes', 'pick-nodes'], what: 'select every node shown (again: unselect them)' },
  { keys: ['d'], label: 'd', command: 'select-drifted', where: ['nodes', 'pick-nodes'], what: 'select every drifted node shown' },
  { keys: ['/'], label: '/', command: 'filter', where: LISTS, what: 'filter as you type (name, state, group IDs); enter keeps it, esc clears it' },
  { keys: ['l'], label: 'l', command: 'selector', where: ['nodes', 'pick-nodes'], what: 'label selector, as kubectl get -l (asked of the API server)' },
  { keys: ['o'], label: 'o', command: 'sort', where: ['nodes', 'pick-nodes'], what: 'sort by name or by state (problems first)' },
  { keys: ['enter'], label: 'enter', command: 'open', where: ['nodes'], what: 'the node: its ENIs and their groups' },
  { keys: ['enter'], label: 'enter', command: 'open', where: ['groups'], what: 'the group: rules, lint, which nodes (ECI: pods) use it' },
  { keys: ['enter'], label: 'enter', command: 'open', where: ['vnodes'], what: 'the virtual node: its pods, the groups each asks for (and where from) and its instance has' },
  { keys: ['enter'], label: 'enter', command: 'open', where: ['vnode'], what: 'the pod: its instance, what it asks for, its groups with their rules' },
  { keys: ['enter'], label: 'enter', command: 'open', where: ['snodes'], what: 'the super node: its pods, the groups each asks for (where from, under which reading) and its instance has' },
  { keys: ['enter'], label: 'enter', command: 'open', where: ['snode'], what: 'the pod: its instance, each reading of what it asks for, its groups with their rules (read-only)' },
  { keys: ['enter'], label: 'enter', command: 'accept', where: ['pick-nodes'], what: 'use the selected nodes (none selected: the one under the cursor)' },
  { keys: ['enter'], label: 'enter', command: 'accept', where: ['pick-group'], what: 'use the group under the cursor' },
  { keys: ['enter'], label: 'enter', command: 'accept', where: ['picker'], what: 'use the chosen groups, in the order shown (first = highest priority)' },
  { keys: ['esc', 'q', 'ctrl-c'], label: 'esc q ctrl-c', command: 'cancel', where: PICKING, what: 'cancel: nothing is changed' },
  { keys: ['K', 'shift-up', '+'], label: 'K shift-↑ +', command: 'raise', where: ['picker'], what: 'raise the chosen group\'s priority' },
  { keys: ['J', 'shift-down', '-'], label: 'J shift-↓ -', command: 'lower', where: ['picker'], what: 'lower the chosen group\'s priority' },
  { keys: ['s'], label: 's', command: 'set-groups', where: ['nodes', 'node'], what: 'set the groups of the selected nodes (else the one under the cursor): pick, see the plan, confirm' },
  { keys: ['r'], label: 'r', command: 'resync', where: ['nodes', 'node'], what: 'resync the selected nodes to the cluster policy: see the plan, confirm' },
  { keys: ['w'], label: 'w', command: 'set-workload', where: ['eci-pod'], what: 'set the groups of the pod\'s workload (its pod template): pick, see the plan, confirm; new pods get them as it rolls out' },
  { keys: ['e'], label: 'e', command: 'eci-default', where: ['vnodes', 'vnode'], what: 'set the eci-profile default group (pods nothing else names groups for, created from then on): pick one, see the plan, confirm' },
  { keys: ['p', 'tab'], label: 'p tab', command: 'switch-provider', where: VIEWS, what: 'the next provider\'s nodes and groups (a cluster running several: TKE VPC-CNI, super nodes, ECI)' },
  { keys: ['y'], label: 'y', command: 'apply', where: ['confirm'], what: 'apply the plan shown' },
  { keys: ['n', 'esc'], label: 'n esc', command: 'back', where: ['confirm'], what: 'change nothing' },
  { keys: ['ctrl-c', 'esc'], label: 'ctrl-c esc', command: 'stop', where: ['running'], what: 'stop safely: no new node starts, nodes in flight are restored (set workload: the workload stays written, the wait ends)' },
  { keys: ['1'], label: '1', command: 'nodes-view', where: VIEWS, what: 'nodes view (ECI: the virtual nodes; super nodes: the super nodes)' },
  { keys: ['2'], label: '2', command: 'groups-view', where: VIEWS, what: 'groups view: the region\'s groups (ECI: those of the eci-profile\'s VPC)' },
  { keys: ['3'], label: '3', command: 'pod-view', where: VIEWS, what: 'pod view: find a pod, its ENI (ECI: its instance) and groups' },
  { keys: ['ctrl-r'], label: 'ctrl-r', command: 'refresh', where: VIEWS, what: 'read everything again (the view also follows a watch)' },
  { keys: ['esc'], label: 'esc', command: 'back', where: ['node', 'vnode', 'snode', 'group', 'pod', 'eci-pod', 'snode-pod', 'picker', 'done', 'help'], what: 'back' },
  { keys: ['enter'], label: 'enter', command: 'back', where: ['done'], what: 'back to the nodes' },
  { keys: [':'], label: ':', command: 'verb', where: VIEWS, what: `command (k9s's habit): ${VERBS}` },
  { keys: ['esc'], label: 'esc', command: 'clear', where: ['nodes', 'groups'], what: 'clear the filter, then the selection' },
  { keys: ['?'], label: '?', command: 'help', where: [...VIEWS, ...PICKING, 'picker'], what: 'this help' },
  { keys: ['q'], label: 'q', command: 'quit', where: [...VIEWS, 'help', 'done'], what: 'quit' },
  { keys: ['ctrl-c'], label: 'ctrl-c', command: 'quit', where: [...VIEWS, 'picker', 'confirm', 'done', 'help'], what: 'quit (during a run: stop it first)' },
];

/** What a key does here; undefined when nothing. */
export function commandFor(context: KeyContext, key: string): Command | undefined {
  return BINDINGS.find((b) => b.where.includes(context) && b.keys.includes(key))?.command;
}

/** Ink's key flags, as far as the TUI reads them. */
export interface InkKey {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
}

/** One name per key press: 'up', 'shift-up', 'enter', 'ctrl-c', 'space', or the character typed. */
export function keyName(input: string, key: InkKey): string {
  const named: [boolean | undefined, string][] = [
    [key.upArrow, 'up'],
    [key.downArrow, 'down'],
    [key.leftArrow, 'left'],
    [key.rightArrow, 'right'],
    [key.pageUp, 'pageup'],
    [key.pageDown, 'pagedown'],
    [key.home, 'home'],
    [key.end, 'end'],
    [key.return, 'enter'],
    [key.escape, 'esc'],
    [key.tab, 'tab'],
    [key.backspace, 'backspace'],
    [key.delete, 'backspace'], // most terminals send DEL (0x7f) for the backspace key, which Ink calls delete
  ];
  const hit = named.find(([on]) => on);
  if (hit) return key.shift && (hit[1] === 'up' || hit[1] === 'down') ? `shift-${hit[1]}` : hit[1];
  if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
  return charKey(input);
}

/** One character of a burst that arrived as one string (Ink names only whole keypresses). */
function charKey(ch: string): string {
  if (ch === ' ') return 'space';
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  if (ch === '\t') return 'tab';
  if (ch === '\x1b') return 'esc';
  const code = ch.length === 1 ? ch.charCodeAt(0) : 0;
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  return ch;
}
