// The ipamd simulator's pure rules: version features, where the configuration is read and how
// (args in both spellings, the typo, the ConfigMap document), the policy, the per-ENI plan, and
// the work queue, the token bucket and the batching of cloud calls. No apiserver or emulator
// needed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeScenario } from '../sandbox/scenario.ts';
import { Coalescer, type Outcome } from '../sandbox/tke/ipamd/batch.ts';
import { ipamdArgs, ipamdConfigMapData } from '../sandbox/tke/ipamd-objects.ts';
import { FlagError, configFromArgs, configFromNetworkConf, parseFlags, policyGroups } from '../sandbox/tke/ipamd/config.ts';
import { applyChange, planEni } from '../sandbox/tke/ipamd/plan.ts';
import { NodeMemory } from '../sandbox/tke/ipamd/node-sync.ts';
import { WorkQueue } from '../sandbox/tke/ipamd/queue.ts';
import { TokenBucket } from '../sandbox/tke/ipamd/rate.ts';
import { featuresOf, parseVersion } from '../sandbox/tke/ipamd/version.ts';
import { NETWORK_CONF_KEY, parseNetworkConf, renderNetworkConf, securityGroupSetting, vpcCniOfScenario } from '../sandbox/tke/network-conf.ts';

describe('versions', () => {
  it('reads image tags and addon versions, numerically', () => {
    expect(parseVersion('ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd:v3.10.0')).toEqual({ major: 3, minor: 10, patch: 0 });
    expect(parseVersion('3.11.0')).toEqual({ major: 3, minor: 11, patch: 0 });
    expect(parseVersion('tke-eni-ipamd:latest')).toBeUndefined();
    expect(featuresOf(parseVersion('v3.10.0')).needSync).toBe(true); // not a string compare
  });

  it('has the feature from v3.2.0, strong sync from v3.3.2, the ConfigMap from v3.5.0, need-sync from v3.5.8', () => {
    expect(featuresOf(parseVersion('v3.1.9'))).toEqual({ securityGroups: false, strongSync: false, configFrom: 'args', needSync: false });
    expect(featuresOf(parseVersion('v3.2.0'))).toEqual({ securityGroups: true, strongSync: false, configFrom: 'args', needSync: false });
    expect(featuresOf(parseVersion('v3.3.1')).strongSync).toBe(false);
    expect(featuresOf(parseVersion('v3.3.2')).strongSync).toBe(true);
    expect(featuresOf(parseVersion('v3.4.7')).configFrom).toBe('args');
    expect(featuresOf(parseVersion('v3.5.0')).configFrom).toBe('configmap');
    expect(featuresOf(parseVersion('v3.5.7')).needSync).toBe(false);
    expect(featuresOf(parseVersion('v3.5.8')).needSync).toBe(true);
    expect(featuresOf(undefined).securityGroups).toBe(false);
  });
});

describe('configuration from the Deployment args (< v3.5.0)', () => {
  it('reads both value spellings and Go bool syntax', () => {
    expect(configFromArgs(['--clusterid', 'cls-abcdefgh', '--enable-security-groups', '--security-groups=sg-aaaaaaaa,sg-bbbbbbbb'])).toMatchObject({
      enabled: true,
      globalList: ['sg-aaaaaaaa', 'sg-bbbbbbbb'],
    });
    expect(configFromArgs(['-enable-security-groups', '--security-groups', 'sg-bbbbbbbb,sg-aaaaaaaa'])).toMatchObject({
      enabled: true,
      globalList: ['sg-bbbbbbbb', 'sg-aaaaaaaa'],
    });
    expect(configFromArgs(['--enable-security-groups=false', '--security-groups=sg-aaaaaaaa']).enabled).toBe(false);
    expect(configFromArgs(['--enable-security-groups', '--security-groups=']).globalList).toEqual([]);
    // A bool flag never eats the next item.
    expect(parseFlags(['--enable-security-groups', 'x']).get('enable-security-groups')).toBe('true');
  });

  it('refuses what Go refuses (ipamd exits 2) and stops at the first non-flag or --', () => {
    for (const bad of [['--enable-security-groups=yes'], ['--enable-security-groups='], ['--security-groups'], ['---enable-security-groups'], ['-=x']]) {
      expect(() => parseFlags(bad), bad.join(' ')).toThrow(FlagError);
    }
    expect(() => parseFlags(['--enable-security-groups=yes'])).toThrow('invalid boolean value "yes" for -enable-security-groups');
    for (const ok of ['1', 't', 'T', 'TRUE', 'True', '0', 'f', 'F', 'FALSE', 'False']) expect(() => parseFlags([`-enable-security-groups=${ok}`])).not.toThrow();
    expect(configFromArgs(['--enable-security-groups', 'false', '--security-groups=sg-aaaaaaaa'])).toMatchObject({ enabled: true, globalList: [] });
    expect(configFromArgs(['--', '--enable-security-groups']).enabled).toBe(false);
    // a non-boolean takes the next item whatever it looks like
    expect(parseFlags(['--security-groups', '--enable-security-groups']).get('security-groups')).toBe('--enable-security-groups');
  });

  it('treats the typo --enable-security-group as an unknown flag: the feature stays off', () => {
    const c = configFromArgs(['--enable-security-group', '--security-groups=sg-aaaaaaaa']);
    expect(c.enabled).toBe(false);
    expect(c.unknownFlags).toEqual(['enable-security-group']);
  });

  it('is what the seeded Deployment carries', () => {
    const s = makeScenario({ ipamdVersion: 'v3.3.1', globalGroups: 2 });
    const args = ipamdArgs(s);
    expect(args.slice(0, 2)).toEqual(['--clusterid', s.clusterId]);
    expect(configFromArgs(args)).toMatchObject({ enabled: true, globalList: s.ipamd.securityGroups });
    expect(ipamdArgs(makeScenario({ ipamdVersion: 'v3.3.1', typoFlag: true }))).toContain('--enable-security-group');
    expect(ipamdArgs(makeScenario({ ipamdVersion: 'v3.3.1', globalGroups: 0 })).some((a) => a.startsWith('--security-groups'))).toBe(false);
    expect(ipamdArgs(makeScenario({ ipamdVersion: 'v3.5.8' })).some((a) => a.includes('security-group'))).toBe(false);
  });
});

describe('configuration from the ConfigMap (>= v3.5.0)', () => {
  it('mirrors the addon vpcCni values, both ways', () => {
    const s = makeScenario({ ipamdVersion: 'v3.5.8', globalGroups: 2 });
    const data = ipamdConfigMapData(s);
    expect(Object.keys(data)).toEqual([NETWORK_CONF_KEY]);
    const doc = parseNetworkConf(data[NETWORK_CONF_KEY]!);
    expect(doc).toEqual(vpcCniOfScenario(s));
    expect(doc.securityGroups).toEqual({ enableSecurityGroups: true, securityGroups: s.ipamd.securityGroups });
    expect(configFromNetworkConf(renderNetworkConf(doc))).toMatchObject({ enabled: true, globalList: s.ipamd.securityGroups });
  });

  it('or, in the dotted reading, spells them as flat dotted keys and reads only those', () => {
    const s = makeScenario({ ipamdVersion: 'v3.5.8', globalGroups: 2, networkConfShape: 'dotted' });
    const text = ipamdConfigMapData(s)[NETWORK_CONF_KEY]!;
    expect(text).toContain('\nsecurityGroups.enableSecurityGroups: true\n');
    expect(text).not.toMatch(/^securityGroups:/m);
    expect(parseNetworkConf(text, 'dotted')).toEqual(vpcCniOfScenario(s));
    expect(configFromNetworkConf(text, 'dotted')).toMatchObject({ enabled: true, globalList: s.ipamd.securityGroups });
    // Each reader misses the other spelling.
    expect(configFromNetworkConf(text, 'nested')).toMatchObject({ enabled: false, globalList: [] });
    expect(configFromNetworkConf(renderNetworkConf(vpcCniOfScenario(s)), 'dotted')).toMatchObject({ enabled: false, globalList: [] });
  });

  it('defaults to off, and refuses wrong types', () => {
    expect(configFromNetworkConf(undefined)).toMatchObject({ enabled: false, globalList: [] });
    expect(configFromNetworkConf('routeEni: {ipMinWarmTarget: 5}\n')).toMatchObject({ enabled: false });
    expect(() => securityGroupSetting({ securityGroups: { enableSecurityGroups: 'yes' } })).toThrow(/boolean/);
    expect(() => configFromNetworkConf('- a\n- b\n')).toThrow(/mapping/);
  });

  it('keeps the old ConfigMap keys before v3.5.0', () => {
    const s = makeScenario({ ipamdVersion: 'v3.4.7' });
    expect(ipamdConfigMapData(s)).toEqual({ TKE_ENI_IPAMD_VPC_ID: s.vpc.id, TKE_ENI_IPAMD_SUBNET_ID: s.subnets[1]!.id });
  });
});

describe('policy', () => {
  const on = (globalList: string[], source: 'args' | 'configmap' = 'args') => ({ enabled: true, globalList, source, unknownFlags: [] });
  it('uses the global list, else the primary ENI groups', () => {
    expect(policyGroups(on(['sg-b', 'sg-a']), ['sg-p'], 'inherit-primary')).toEqual(['sg-b', 'sg-a']);
    expect(policyGroups(on([]), ['sg-p', 'sg-q'], 'inherit-primary')).toEqual(['sg-p', 'sg-q']);
  });
  it('reads an empty list as the scenario says from v3.5.0 on, and as the seeds say before', () => {
    expect(policyGroups(on([], 'configmap'), ['sg-p'], 'inherit-primary')).toEqual(['sg-p']);
    expect(policyGroups(on([], 'configmap'), ['sg-p'], 'no-extra-groups')).toEqual([]);
    expect(policyGroups(on([], 'args'), ['sg-p'], 'no-extra-groups')).toEqual(['sg-p']);
    expect(policyGroups(on(['sg-a'], 'configmap'), ['sg-p'], 'no-extra-groups')).toEqual(['sg-a']);
  });
});

describe('a disable "yes" → "no" faster than ipamd (scenario toggleSeen)', () => {
  const node = (disable?: string) => {
    const annotations: Record<string, string> = disable ? { 'tke.cloud.tencent.com/disable-node-eni-security-groups': disable } : {};
    return { metadata: { name: 'n1', annotations }, spec: { providerID: 'qcloud:///100003/ins-aaaaaaaa' } };
  };
  it('both-edits: the re-enable counts though ipamd never acted on "yes"', () => {
    const m = new NodeMemory('both-edits');
    m.observe(node());
    m.observe(node('yes'));
    m.observe(node('no'));
    expect(m.reenabled.has('n1')).toBe(true);
  });
  it('final-state: it counts only if ipamd unbound the groups for "yes" first', () => {
    const m = new NodeMemory('final-state');
    m.observe(node());
    m.observe(node('yes'));
    m.observe(node('no'));
    expect(m.reenabled.has('n1')).toBe(false);
    m.observe(node('yes'));
    m.disabledActedOn('n1');
    m.observe(node('no'));
    expect(m.reenabled.has('n1')).toBe(true);
  });
});

describe('per-ENI plan', () => {
  it('binds an ENI without groups in order', () => {
    expect(planEni('eni-1', [], ['a', 'b'], 'strong')).toEqual({ eniId: 'eni-1', remove: [], add: ['a', 'b'] });
    expect(planEni('eni-1', [], ['a', 'b'], 'bind-if-empty')).toEqual({ eniId: 'eni-1', remove: [], add: ['a', 'b'] });
  });
  it('keeps an ENI with groups before v3.3.2', () => {
    expect(planEni('eni-1', ['x'], ['a', 'b'], 'bind-if-empty')).toBeUndefined();
  });
  it('strong-syncs to exactly the target, order included', () => {
    const cases: Array<[string[], string[]]> = [
      [['x'], ['a', 'b']],
      [['b', 'a'], ['a', 'b']],
      [['a', 'x', 'b'], ['a', 'b']],
      [['a'], ['a', 'b']],
      [['a', 'b', 'c'], ['a', 'b']],
      [['c', 'a'], ['a', 'b', 'c']],
    ];
    for (const [cur, target] of cases) expect(applyChange(cur, planEni('e', cur, target, 'strong'))).toEqual(target);
    expect(planEni('e', ['a', 'b'], ['a', 'b'], 'strong')).toBeUndefined();
    // The prefix already in place stays bound (no needless unbinding).
    expect(planEni('e', ['a', 'c'], ['a', 'b'], 'strong')).toEqual({ eniId: 'e', remove: ['c'], add: ['b'] });
  });
  it('unbinds everything when disabled', () => {
    expect(planEni('e', ['a', 'b'], [], 'unbind-all')).toEqual({ eniId: 'e', remove: ['a', 'b'], add: [] });
    expect(planEni('e', [], [], 'unbind-all')).toBeUndefined();
  });
});

// Time is the subject here: the queue and the bucket run on vitest's fake timers (setTimeout and
// performance.now), so delays, backoff and the token rate are exact, however loaded the machine.
describe('work queue (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('dedupes, delays, bounds concurrency and re-runs a key changed while it ran', async () => {
    const t0 = performance.now();
    const starts: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const q = new WorkQueue({
      concurrency: 2,
      process: async (k) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        starts.push(`${k}@${performance.now() - t0}`);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
      },
    });
    for (const k of ['a', 'b', 'c', 'a', 'b']) q.add(k, 10);
    await vi.advanceTimersByTimeAsync(9);
    expect(starts).toEqual([]); // the delay
    await vi.advanceTimersByTimeAsync(6); // t = 15: a and b run, c waits for a worker
    expect(starts).toEqual(['a@10', 'b@10']);
    q.add('a', 0); // while a runs: runs again afterwards, not alongside
    await vi.advanceTimersByTimeAsync(14);
    expect(starts).toEqual(['a@10', 'b@10']);
    await vi.advanceTimersByTimeAsync(1); // t = 30: a and b are done; c takes a free worker
    expect(starts).toEqual(['a@10', 'b@10', 'c@30']);
    await vi.advanceTimersByTimeAsync(1); // the re-run of a is due now, and Node's timers wait at least 1 ms
    expect(starts).toEqual(['a@10', 'b@10', 'c@30', 'a@31']);
    const idle = q.idle();
    await vi.advanceTimersByTimeAsync(20);
    await idle;
    expect(starts).toHaveLength(4);
    expect(maxInFlight).toBe(2);
  });

  it('retries a failed key with backoff: 30 ms, then 60 ms', async () => {
    const t0 = performance.now();
    const attempts: number[] = [];
    const q = new WorkQueue({
      concurrency: 1,
      retryBaseMs: 30,
      process: async () => {
        attempts.push(performance.now() - t0);
        if (attempts.length < 3) throw new Error('boom');
      },
    });
    q.add('k');
    await vi.advanceTimersByTimeAsync(29);
    expect(attempts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([0, 30]);
    await vi.advanceTimersByTimeAsync(59);
    expect(attempts).toEqual([0, 30]);
    const idle = q.idle();
    await vi.advanceTimersByTimeAsync(1);
    await idle;
    expect(attempts).toEqual([0, 30, 90]);
  });
});

describe('token bucket (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits the burst at once, then exactly one token per 1/rate, first come first served', async () => {
    const b = new TokenBucket(50, 5);
    const t0 = performance.now();
    const taken: Array<[number, number]> = [];
    const takers = Array.from({ length: 40 }, (_, i) => b.take().then(() => taken.push([i, performance.now() - t0])));
    await vi.advanceTimersByTimeAsync(0);
    expect(taken).toEqual([0, 1, 2, 3, 4].map((i) => [i, 0]));
    await vi.advanceTimersByTimeAsync(19);
    expect(taken).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(35 * 20 - 19);
    await Promise.all(takers);
    // 5 at t = 0, then the 6th at 20 ms, the 7th at 40 ms, ..., the 40th at 700 ms.
    expect(taken).toEqual(Array.from({ length: 40 }, (_, i) => [i, i < 5 ? 0 : (i - 4) * 20]));
  });

  it('refills while idle up to the burst, never beyond', async () => {
    const b = new TokenBucket(50, 5);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await b.take();
    await vi.advanceTimersByTimeAsync(10_000); // idle: refills to 5, not 500
    const taken: number[] = [];
    const takers = Array.from({ length: 7 }, () => b.take().then(() => taken.push(performance.now() - t0)));
    await vi.advanceTimersByTimeAsync(0);
    expect(taken).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    await vi.advanceTimersByTimeAsync(40);
    await Promise.all(takers);
    expect(taken).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_020, 10_040]);
  });
});

describe('batched cloud calls (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A coalescer whose calls are recorded, and whose gate opens only when the test says so. */
  const recorder = (max: number, windowMs: number) => {
    const calls: Array<{ key: string; items: string[]; at: number }> = [];
    const gates: Array<() => void> = [];
    let gateOpen = true;
    const c = new Coalescer<string, string>({
      max,
      windowMs,
      gate: () => (gateOpen ? Promise.resolve() : new Promise<void>((r) => gates.push(r))),
      run: async (key, items) => {
        calls.push({ key, items, at: performance.now() });
        return new Map(items.map((i): [string, Outcome<string>] => [i, i === 'bad' ? { ok: false, error: new Error('bad ENI') } : { ok: true, value: `${key}:${i}` }]));
      },
    });
    return {
      c,
      calls,
      holdGate: () => (gateOpen = false),
      openGate: () => {
        gateOpen = true;
        for (const g of gates.splice(0)) g();
      },
    };
  };

  it('sends what arrives within the window as one call per key, and answers each caller with its own item', async () => {
    const r = recorder(100, 10);
    const t0 = performance.now();
    const answers = [r.c.add('assoc', 'eni-1'), r.c.add('assoc', 'eni-2'), r.c.add('disassoc', 'eni-3')];
    await vi.advanceTimersByTimeAsync(5);
    answers.push(r.c.add('assoc', 'eni-4'), r.c.add('assoc', 'eni-1')); // eni-1 twice: one item
    await vi.advanceTimersByTimeAsync(4);
    expect(r.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await Promise.all(answers)).toEqual(['assoc:eni-1', 'assoc:eni-2', 'disassoc:eni-3', 'assoc:eni-4', 'assoc:eni-1']);
    expect(r.calls).toEqual([
      { key: 'assoc', items: ['eni-1', 'eni-2', 'eni-4'], at: t0 + 10 },
      { key: 'disassoc', items: ['eni-3'], at: t0 + 10 },
    ]);
  });

  it('cuts at the maximum, and keeps filling the next batch while the gate holds it back', async () => {
    const r = recorder(100, 10);
    const t0 = performance.now();
    r.holdGate();
    const answers = Array.from({ length: 250 }, (_, i) => r.c.add('assoc', `eni-${i}`));
    await vi.advanceTimersByTimeAsync(1_000); // the budget is spent: nothing goes out however long it waits
    answers.push(...Array.from({ length: 30 }, (_, i) => r.c.add('assoc', `eni-${250 + i}`)));
    expect(r.calls).toEqual([]);
    r.openGate();
    await vi.runAllTimersAsync();
    await Promise.all(answers);
    expect(r.calls.map((x) => x.items.length)).toEqual([100, 100, 80]);
    expect(r.calls.flatMap((x) => x.items)).toEqual(Array.from({ length: 280 }, (_, i) => `eni-${i}`));
    // Back to back once the gate opens, not a window apart.
    expect(r.calls.map((x) => x.at - t0)).toEqual([1_000, 1_000, 1_000]);
  });

  it('fails only the item the cloud refused', async () => {
    const r = recorder(100, 10);
    const good = r.c.add('assoc', 'eni-1');
    const bad = r.c.add('assoc', 'bad');
    const refused = expect(bad).rejects.toThrow('bad ENI');
    await vi.advanceTimersByTimeAsync(10);
    expect(await good).toBe('assoc:eni-1');
    await refused;
    expect(r.calls).toHaveLength(1);
  });
});
