// `kubectl sg reach` on ECI as kubectl runs the built plugin (run.ts). The rules are set on the
// Alibaba emulator here, and every expected verdict and deciding rule was worked out by hand from
// Alibaba's documented semantics (docs/reach.md): Priority 1 (highest) to 100 over all of an
// instance's groups, a drop before an accept of equal priority, the first match decides; then the
// defaults — a basic group lets everything out and its own members in, an advanced one nothing.
//
// The sandbox's ECI pods: cart, ledger, … with [eci-default] (basic); payments with
// [eci-payments] (basic); secrets with [eci-isolated] (advanced); frontend with
// [legacy-wide-open, eci-default] (both basic).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from './run.ts';
import { sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import type { Permission } from '../sandbox/eci/scenario.ts';
import type { ReachJson } from './contract-json.ts';
import { checkCase, type ReachCase } from './reach-cases.ts';

let sb: Sandbox;
const { outputs, sgAsync } = sgRunner(() => sb);
const ids: Record<string, string> = {};
/** Pod addresses by a short name (cart-a, cart-b, payments-a, …) and the pods' pod/NS/NAME. */
const ip: Record<string, string> = {};
const pod: Record<string, string> = {};

const ingress = (policy: Permission['policy'], priority: number, ipProtocol: Permission['ipProtocol'], portRange: string, from: string): Permission => ({
  direction: 'ingress',
  policy,
  priority,
  ipProtocol,
  portRange,
  ...(from.startsWith('sg-') ? { sourceGroupId: from } : { sourceCidrIp: from }),
});
const egress = (policy: Permission['policy'], priority: number, ipProtocol: Permission['ipProtocol'], portRange: string, to: string): Permission => ({
  direction: 'egress',
  policy,
  priority,
  ipProtocol,
  portRange,
  ...(to.startsWith('sg-') ? { destGroupId: to } : { destCidrIp: to }),
});

beforeAll(async () => {
  sb = await startSandbox('--provider', 'eci');
  const a = sb.alibaba!;
  for (const g of (await a.state()).securityGroups) ids[g.name] = g.id;
  const pods = JSON.parse(kubectl(['get', 'pods', '-A', '-o', 'json'], sb.env).stdout) as { items: { metadata: { name: string; namespace: string }; status: { podIP: string } }[] };
  const seen: Record<string, number> = {};
  for (const p of [...pods.items].sort((x, y) => x.metadata.name.localeCompare(y.metadata.name))) {
    const base = p.metadata.name.replace(/-[a-z0-9]{10}-[a-z0-9]{5}$|-[0-9]+$|-[a-z0-9]{5}$/, '');
    const key = `${base}-${String.fromCharCode(97 + (seen[base] = (seen[base] ?? -1) + 1))}`;
    ip[key] = p.status.podIP;
    pod[key] = `pod/${p.metadata.namespace}/${p.metadata.name}`;
  }
  await a.setRules(ids['eci-default']!, [
    ingress('Accept', 10, 'TCP', '80/80', '192.168.0.0/16'),
    ingress('Drop', 5, 'TCP', '22/22', '0.0.0.0/0'),
    ingress('Accept', 5, 'TCP', '22/22', '192.168.0.0/16'),
    egress('Drop', 1, 'TCP', '25/25', '0.0.0.0/0'),
  ]);
  await a.setRules(ids['eci-payments']!, [
    ingress('Accept', 1, 'TCP', '8443/8443', ids['eci-default']!),
    ingress('Drop', 10, 'TCP', '5432/5432', '192.168.0.0/16'),
    ingress('Accept', 5, 'TCP', '5432/5432', `${ip['ledger-a']}/32`),
    egress('Accept', 1, 'TCP', '443/443', '0.0.0.0/0'),
    egress('Drop', 100, 'ALL', '-1/-1', '0.0.0.0/0'),
  ]);
  await a.setRules(ids['eci-isolated']!, [ingress('Accept', 1, 'TCP', '443/443', '192.168.0.0/16'), egress('Accept', 1, 'TCP', '443/443', '192.168.0.0/16')]);
  await a.setRules(ids['legacy-wide-open']!, [ingress('Accept', 100, 'ALL', '-1/-1', '0.0.0.0/0'), ingress('Drop', 50, 'TCP', '3306/3306', '0.0.0.0/0')]);
  // A database outside the cluster: an instance with its own ENI in the VPC and group reach-db.
  const state = await a.state();
  const office = await a.createPrefixList({ name: 'office', entries: ['10.20.0.0/16', '10.30.0.0/16'] });
  const db = await a.createSecurityGroup({
    name: 'reach-db',
    vpcId: state.vpcId,
    type: 'normal',
    rules: [
      ingress('Accept', 1, 'TCP', '5432/5432', ids['eci-default']!),
      ingress('Drop', 100, 'ALL', '-1/-1', '0.0.0.0/0'),
      { direction: 'ingress', policy: 'Accept', priority: 2, ipProtocol: 'TCP', portRange: '22/22', sourcePrefixListId: office.id },
    ],
  });
  ids['reach-db'] = db.id;
  const host = await a.createContainerGroup({ name: 'db-0', namespace: 'data', vpcId: state.vpcId, vSwitchId: state.vSwitches[0]!.id, securityGroupIds: [db.id] });
  ip['db'] = host.intranetIp;
  ip['db-eni'] = host.eniInstanceId;
}, 900_000);
afterAll(() => sb.down());

const BASIC_OUT = 'no rule matched: a basic group allows all outbound traffic by default';
const ADVANCED = 'no rule matched: an advanced group denies by default';
const DEFAULT = 'no rule matched: denied by default';
const SAME = (who: string, group: string) => `no rule matched: ${who} is in the same basic group ${group}, whose members reach each other by default`;

/** Cases naming pods by their short names; `<x>` becomes pod/NS/NAME, `{x}` the address. */
const cases = (): ReachCase[] => [
  // Out: default's only egress rule drops TCP 25 → basic default lets it out. In: payments #1 (priority 1) accepts members of eci-default.
  ['<cart-a>', '<payments-a>:8443', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'eci-payments ingress#1']],
  // Out of an advanced group: its one egress rule is 443 → refused by default. In: no rule for a member of eci-isolated, not in eci-payments → refused.
  ['<secrets-a>', '<payments-a>:8443', 'denied', ['denied', ADVANCED], ['denied', DEFAULT]],
  // Priority 5 (ledger's /32, accept) comes before priority 10 (drop 5432 from the VPC).
  ['<ledger-a>', '<payments-a>:5432', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'eci-payments ingress#3']],
  // Anyone else in the VPC: the priority 10 drop.
  ['<cart-a>', '<payments-a>:5432', 'denied', ['allowed', BASIC_OUT], ['denied', 'eci-payments ingress#2']],
  // The same, the ledger found by its address (the pod holding it).
  ['{ledger-a}', '{payments-a}:5432', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'eci-payments ingress#3']],
  // Between payments pods on 9000: the priority 100 drop of all egress; in, the intra-group default would let it.
  ['<payments-a>', '<payments-b>:9000', 'denied', ['denied', 'eci-payments egress#2'], ['allowed', SAME('{payments-a}', '{eci-payments}')]],
  // On 443: egress #1; in, no rule matches and the two share eci-payments.
  ['<payments-a>', '<payments-b>:443', 'allowed', ['allowed', 'eci-payments egress#1'], ['allowed', SAME('{payments-a}', '{eci-payments}')]],
  // SSH inside eci-default: drop and accept both at priority 5 — the drop wins.
  ['<cart-a>', '<cart-b>:22', 'denied', ['allowed', BASIC_OUT], ['denied', 'eci-default ingress#2']],
  // HTTP: priority 10 accept.
  ['<cart-a>', '<cart-b>:80', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'eci-default ingress#1']],
  // Any other port: no rule, the intra-group default of eci-default.
  ['<cart-a>', '<cart-b>:9999', 'allowed', ['allowed', BASIC_OUT], ['allowed', SAME('{cart-a}', '{eci-default}')]],
  // SMTP out: the priority 1 drop.
  ['<cart-a>', '8.8.8.8:25', 'denied', ['denied', 'eci-default egress#1'], [null, 'outside']],
  // HTTPS out: no rule, the basic default; the internet is outside the evaluation.
  ['<cart-a>', '8.8.8.8:443', 'allowed', ['allowed', BASIC_OUT], [null, 'outside']],
  // UDP to payments: every payments rule is TCP; cart is not in eci-payments.
  ['<cart-a>', '<payments-a>:53/udp', 'denied', ['allowed', BASIC_OUT], ['denied', DEFAULT]],
  // Advanced group to itself on 443: its rules, out and in.
  ['<secrets-a>', '<secrets-b>:443', 'allowed', ['allowed', 'eci-isolated egress#1'], ['allowed', 'eci-isolated ingress#1']],
  // On 8080: no rule either way, and an advanced group has no intra-group default.
  ['<secrets-a>', '<secrets-b>:8080', 'denied', ['denied', ADVANCED], ['denied', ADVANCED]],
  // ICMP out of the advanced group: its egress rule is TCP.
  ['<secrets-a>', '{secrets-b}/icmp', 'denied', ['denied', ADVANCED], ['denied', ADVANCED]],
  // Into frontend [legacy, default] on 3306: priorities 5, 5, 10 (default's) do not match; legacy's priority 50 drop does.
  ['<cart-a>', '<frontend-a>:3306', 'denied', ['allowed', BASIC_OUT], ['denied', 'legacy-wide-open ingress#2']],
  // On 8080: legacy's priority 100 accept-all decides before the defaults.
  ['<cart-a>', '<frontend-a>:8080', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'legacy-wide-open ingress#1']],
  // Anyone on 22: default's priority 5 drop covers all of 0.0.0.0/0.
  ['0.0.0.0/0', '<frontend-a>:22', 'denied', [null, 'outside'], ['denied', 'eci-default ingress#2']],
  // Anyone on 80 to cart: the accept covers only part of 0.0.0.0/0, and whether the rest shares eci-default cannot be told.
  ['0.0.0.0/0', '<cart-a>:80', 'unknown', [null, 'outside'], ['unknown', 'whether 0.0.0.0/0 shares a basic group with internal access allowed ({eci-default}) is not known']],
  // 10.0.0.0/8 to the advanced group's 443: its rule covers 192.168.0.0/16 only; advanced default refuses.
  ['10.0.0.0/8', '<secrets-a>:443', 'denied', [null, 'outside'], ['denied', ADVANCED]],
  // The VPC's block to it: all of it is covered by the accept.
  ['192.168.0.0/16', '<secrets-a>:443', 'allowed', [null, 'outside'], ['allowed', 'eci-isolated ingress#1']],
  // The database outside the cluster, found by address: its #1 (priority 1) accepts members of eci-default.
  ['<cart-a>', '{db}:5432', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'reach-db ingress#1']],
  // payments' priority 100 drop stops it going out; and it is not in eci-default, so reach-db's #2 drops it coming in.
  ['<payments-a>', '{db}:5432', 'denied', ['denied', 'eci-payments egress#2'], ['denied', 'reach-db ingress#2']],
  // The database as a source: reach-db has no egress rule (basic: out by default); eci-default's priority 10 accepts 80 from the VPC.
  ['{db}', '<cart-a>:80', 'allowed', ['allowed', BASIC_OUT], ['allowed', 'eci-default ingress#1']],
  // SSH from the office: #1 is 5432; #3 (priority 2) accepts the prefix list's 10.20.0.0/16, before #2's priority 100 drop.
  ['10.20.1.1', '{db}:22', 'allowed', [null, 'outside'], ['allowed', 'reach-db ingress#3']],
  // From elsewhere: not in the list; #2 drops.
  ['10.40.1.1', '{db}:22', 'denied', [null, 'outside'], ['denied', 'reach-db ingress#2']],
  // 10.20.0.0/15 is only half in the list: #3 would accept part of it, #2 drops the rest — cannot be told.
  ['10.20.0.0/15', '{db}:22', 'unknown', [null, 'outside'], ['unknown', 'reach-db ingress#2']],
];

const expand = (c: ReachCase): ReachCase => {
  const names = (t: string) => t.replace(/<([a-z0-9-]+)>/g, (_, k: string) => pod[k] ?? `<${k}?>`);
  const words = (leg: ReachCase[3]): ReachCase[3] => [leg[0], leg[1]?.replace(/\{([a-z0-9-]+)\}/g, (_, k: string) => ip[k] ?? ids[k] ?? `<${k}?>`) ?? null];
  return [names(c[0]), names(c[1]), c[2], words(c[3]), words(c[4])];
};

describe('kubectl sg reach on ECI: verdicts and deciding rules worked out by hand', () => {
  it.each(cases().map((c) => [c[0], c[1], c[2], c] as const))('%s → %s: %s', async (_s, _d, _v, c) => {
    const j = await checkCase(sgAsync, expand(c), ids, ip);
    expect(j.provider).toBe('eci');
  });
});

describe('kubectl sg reach on ECI: output', () => {
  it('names the priority of the deciding rule, the instance\'s ENI and the pod behind an address', async () => {
    const r = await sgAsync(['reach', ip['ledger-a']!, `${ip['payments-a']}:5432`, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as ReachJson;
    expect(j.ingress.decidedBy).toEqual({ group: ids['eci-payments'], direction: 'ingress', position: 3, priority: 5, action: 'accept', rule: `TCP 5432 from ${ip['ledger-a']}/32` });
    // Evaluated by priority: 1 (#1), 5 (#3), and the match stops there; #2 (priority 10) is never looked at.
    expect(j.ingress.steps.map((s) => [s.position, s.priority, s.match])).toEqual([
      [1, 1, 'no'],
      [3, 5, 'yes'],
    ]);
    expect(j.source.note).toBe(`held by ECI pod ${pod['ledger-a']!.slice('pod/'.length)}`);
    expect(j.destination.eni?.id).toMatch(/^eni-/);
    expect(j.destination.groups).toEqual([ids['eci-payments']]);
  });

  it('--explain shows the priority order, a drop before an accept of equal priority', async () => {
    const r = await sgAsync(['reach', pod['cart-a']!, `${pod['cart-b']}:22`, '--explain']);
    expect(r.code, r.stderr).toBe(3);
    const rows = r.stdout.split('Ingress of ')[1]!.split('\n').filter((l) => /^\d+ /.test(l));
    // eci-default's ingress rules are #1 (10, accept 80), #2 (5, drop 22), #3 (5, accept 22): #2 first.
    expect(rows.map((l) => l.split(/\s{2,}/).slice(0, 4))).toEqual([['1', ids['eci-default'], '2', '5']]);
  });

  it('names the ENI of the VPC that holds an address no pod holds', async () => {
    const r = await sgAsync(['reach', pod['cart-a']!, `${ip['db']}:5432`, '-o', 'json']);
    const j = JSON.parse(r.stdout) as ReachJson;
    expect(j.destination).toEqual({ named: ip['db'], address: ip['db'], eni: { id: ip['db-eni'], primary: false, instanceId: null }, groups: [ids['reach-db']], note: `no pod of the cluster holds it: ENI ${ip['db-eni']} of the VPC does` });
  });

  it('leaves a virtual node out of the evaluation, and says why', async () => {
    const node = JSON.parse(kubectl(['get', 'nodes', '-o', 'json'], sb.env).stdout).items[0].metadata.name as string;
    const r = await sgAsync(['reach', `node/${node}`, `${pod['cart-a']}:80`, '-o', 'json']);
    const j = JSON.parse(r.stdout) as ReachJson;
    expect(j.egress).toMatchObject({ evaluated: false, note: 'a virtual node has no ENI of its own: each ECI pod carries its instance\'s groups' });
    expect(j.source.groups).toBeNull();
  });

  it('show group: the lint follows priority, a drop first', async () => {
    const state = await sb.alibaba!.state();
    const g = await sb.alibaba!.createSecurityGroup({
      name: 'lint-priority',
      vpcId: state.vpcId,
      type: 'normal',
      rules: [ingress('Accept', 10, 'TCP', '22/22', '0.0.0.0/0'), ingress('Drop', 1, 'TCP', '22/22', '0.0.0.0/0'), ingress('Accept', 5, 'TCP', '443/443', '0.0.0.0/0')],
    });
    const r = await sgAsync(['show', 'group', g.id, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const findings = (JSON.parse(r.stdout) as { items: { findings: { code: string; message: string }[] }[] }).items[0]!.findings;
    // #2 (priority 1, drop 22) comes before #1 (priority 10, accept 22): #1 never applies and opens nothing; #3 opens 443.
    expect(findings.map((f) => f.code)).toEqual(['open-to-internet', 'dead-accept']);
    expect(findings[0]!.message).toMatch(/^ingress rule 3 .* \(TCP 443\)/);
    expect(findings[1]!.message).toMatch(/^ingress rule 1 \(priority 10: TCP 22 from 0\.0\.0\.0\/0\) never applies: ingress rule 2 \(priority 1: drop TCP 22/);
  });

  it('never printed a secret key', () => {
    expect(outputs.length).toBeGreaterThan(40);
    const key = sb.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!;
    expect(key.length).toBeGreaterThan(8);
    for (const out of outputs) expect(out).not.toContain(key);
  });
});
