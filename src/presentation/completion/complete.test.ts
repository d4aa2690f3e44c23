import { describe, expect, it } from 'vitest';
import { defineArgs, defineCommand, isGroup, type CommandTable } from '../command-spec.ts';
import { commands } from '../commands/index.ts';
import { commandShapes } from './command-shape.ts';
import { completionRequest, Directive, renderCompletion, type CompletionRequest } from './complete.ts';

// The verbs that change things, as their specs declare them (names and a --groups list, a
// --method choice), so these tests do not depend on which verbs the table registers today.
const run = async () => () => 0;
const writers: CommandTable = [
  {
    group: 'set',
    describe: 'Change groups',
    commands: [
      defineCommand({
        name: 'node',
        describe: 'Set the groups of nodes',
        args: defineArgs({
          positionals: [{ name: 'names', variadic: true, complete: 'node', describe: 'Nodes' }],
          flags: {
            selector: { alias: 'l', type: 'string', complete: 'node-label', describe: '' },
            groups: { type: 'string', complete: 'security-group', list: true, describe: '' },
            add: { type: 'string', complete: 'security-group', list: true, describe: '' },
          },
        }),
        examples: [],
        load: run,
      }),
    ],
  },
  defineCommand({
    name: 'resync',
    describe: 'Resync nodes',
    args: defineArgs({ positionals: [{ name: 'names', variadic: true, complete: 'node', describe: 'Nodes' }], flags: { method: { choices: ['auto', 'need-sync', 'toggle'], describe: '' } } }),
    examples: [],
    load: run,
  }),
];
const specs: CommandTable = [...commands.filter((c) => !(isGroup(c) ? c.group === 'set' : c.name === 'resync')), ...writers];
const shapes = commandShapes(specs);
const request = (...words: string[]) => completionRequest(words, shapes).request;
const values = (r: CompletionRequest) => (r.kind === 'static' ? r.candidates.map((c) => c.value) : []);

describe('verbs and sub-verbs from the command table', () => {
  it('offers every first word, a group word once, with what it leads to', () => {
    const r = request('');
    expect(values(r)).toEqual([...new Set(specs.map((c) => (isGroup(c) ? c.group : c.name)))]);
    const show = r.kind === 'static' ? r.candidates.find((c) => c.value === 'show') : undefined;
    expect(show?.description).toBe('cluster, node, pod, group');
    expect(r.kind === 'static' && r.directive).toBe(Directive.noFileComp);
  });

  it('completes a sub-verb by its prefix', () => {
    expect(values(request('show', 'n'))).toEqual(['node']);
    expect(values(request('show', ''))).toEqual(['cluster', 'node', 'pod', 'group']);
  });

  it('a verb added to the table completes with no further work', () => {
    const extra = defineCommand({
      name: 'widget',
      describe: 'Frobs widgets',
      args: defineArgs({ positionals: [{ name: 'names', variadic: true, describe: 'Widgets' }], flags: { speed: { choices: ['slow', 'fast'], describe: '' }, force: { type: 'boolean', describe: '' } } }),
      examples: [],
      load: run,
    });
    const all = [...shapes, ...commandShapes([{ group: 'frob', describe: 'Frob things', commands: [extra] }])];
    expect(values(completionRequest(['fr'], all).request)).toEqual(['frob']);
    expect(values(completionRequest(['frob', 'widget', '--'], all).request)).toEqual(['--speed', '--force', '--help']);
    expect(values(completionRequest(['frob', 'widget', '--speed', ''], all).request)).toEqual(['slow', 'fast']);
  });
});

describe('flags', () => {
  it('lists a verb\'s flags, long and short, without those already given', () => {
    const all = values(request('show', 'node', '-'));
    expect(all).toEqual(expect.arrayContaining(['--output', '-o', '--selector', '-l', '--context', '--no-cloud', '--help']));
    expect(all).not.toContain('--cloud');
    expect(values(request('show', 'node', '-o', 'json', '--o'))).toEqual([]);
  });

  it('offers a flag\'s choices after it, and after --flag=', () => {
    expect(values(request('show', 'node', '-o', ''))).toEqual(['table', 'wide', 'json', 'yaml']);
    expect(values(request('show', 'node', '--output=j'))).toEqual(['--output=json']);
    expect(values(request('resync', '--method', ''))).toEqual(['auto', 'need-sync', 'toggle']);
  });

  it('a flag value is not taken for an operand', () => {
    const r = request('show', 'node', '--context', 'prod', '');
    expect(r).toMatchObject({ kind: 'dynamic', source: 'node', exclude: [] });
    expect(completionRequest(['show', 'pod', '--context', 'prod', '-n', 'x', ''], shapes).typed.flags).toEqual({ context: 'prod', namespace: 'x' });
  });

  it('leaves --kubeconfig to the shell\'s file completion', () => {
    expect(request('show', 'node', '--kubeconfig', '')).toEqual({ kind: 'files' });
  });

  it('offers nothing (and no files) for a free-text flag', () => {
    expect(request('show', 'node', '--request-timeout', '')).toEqual({ kind: 'static', candidates: [], directive: Directive.noFileComp });
  });
});

describe('values from the cluster and the cloud', () => {
  it('node names for show node, set node and resync, without the ones typed', () => {
    expect(request('show', 'node', '10.0.0.1', '10.')).toMatchObject({ kind: 'dynamic', source: 'node', partial: '10.', exclude: ['10.0.0.1'] });
    expect(request('set', 'node', '')).toMatchObject({ kind: 'dynamic', source: 'node' });
    expect(request('resync', '')).toMatchObject({ kind: 'dynamic', source: 'node' });
  });

  it('pods for show pod, one only', () => {
    expect(request('show', 'pod', '')).toMatchObject({ kind: 'dynamic', source: 'pod' });
    expect(request('show', 'pod', 'web-0', '')).toEqual({ kind: 'static', candidates: [], directive: Directive.noFileComp });
  });

  it('security groups for show group and the list flags, the last element of a list', () => {
    expect(request('show', 'group', 'sg-')).toMatchObject({ kind: 'dynamic', source: 'security-group', partial: 'sg-' });
    expect(request('set', 'node', 'n1', '--groups', 'sg-aaaa1111,sg-b')).toEqual({
      kind: 'dynamic',
      source: 'security-group',
      prefix: 'sg-aaaa1111,',
      partial: 'sg-b',
      exclude: ['sg-aaaa1111'],
      directive: Directive.noFileComp | Directive.noSpace,
    });
    expect(request('set', 'node', 'n1', '--add=sg-')).toMatchObject({ prefix: '--add=', partial: 'sg-' });
  });

  it('namespaces, contexts and node labels for -n, --context and -l', () => {
    expect(request('show', 'pod', '-n', '')).toMatchObject({ source: 'namespace' });
    expect(request('doctor', '--context', '')).toMatchObject({ source: 'context' });
    expect(request('show', 'node', '-l', '')).toMatchObject({ source: 'node-label' });
  });
});

describe('set workload and the clouds group IDs come from', () => {
  const table = commandShapes(commands);
  const typed = (...words: string[]) => completionRequest(words, table);

  it('KIND/NAME of workloads for set workload, in the namespace typed', () => {
    const { request: r, typed: t } = typed('set', 'workload', '-n', 'shop', 'dep');
    expect(r).toMatchObject({ kind: 'dynamic', source: 'workload', partial: 'dep' });
    expect(t.flags.namespace).toBe('shop');
    expect(typed('set', 'workload', 'deployment/web', '').request).toEqual({ kind: 'static', candidates: [], directive: Directive.noFileComp });
  });

  it('a verb of one provider takes its cloud\'s groups, one of either --provider\'s, else both', () => {
    expect(typed('set', 'workload', 'deploy/web', '--groups', '').typed.providers).toEqual(['eci', 'supernode']);
    expect(typed('set', 'node', 'n1', '--groups', '').typed.providers).toEqual(['tke']);
    expect(typed('set', 'cluster', '--provider', 'eci', '--groups', '').typed.providers).toEqual(['eci']);
    expect(typed('set', 'cluster', '--groups', '').typed.providers).toEqual(['tke', 'supernode', 'eci']);
    expect(typed('show', 'group', '--provider=tke', '').typed.providers).toEqual(['tke']);
    // A provider the verb refuses: no cloud's groups (the verb will say why).
    expect(typed('set', 'workload', '--provider', 'tke', '--groups', '').typed.providers).toEqual([]);
  });
});

describe('cobra\'s output', () => {
  it('prints value<TAB>description lines, then :directive', () => {
    expect(renderCompletion([{ value: 'a', description: 'two\nlines' }, { value: 'b' }], 6)).toBe('a\ttwo lines\nb\n:6\n');
  });
});
