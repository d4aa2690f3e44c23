// `kubectl sg reach` on TKE as kubectl runs the built plugin (run.ts). The rules are set on the
// emulator here, and every expected verdict and deciding rule below was worked out by hand from
// Tencent's documented semantics (docs/reach.md: rules from the top, the first that matches
// decides, groups in their order on the ENI, nothing matched: refused), never copied from the
// plugin.
//
// Layout: pods on ENIs with [pods-base, pods-web]; nodes' primary ENIs with [tke-node-default];
// two database hosts outside the cluster (instances the cluster has no node for), found by
// address: DB-A with [reach-db, reach-gate], DB-B with the same groups the other way round; and
// DB-C with [reach-tpl], whose rules name address and service templates and template groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, runPluginAsync } from './run.ts';
import { sgRunner } from './sg-runner.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import type { Rule } from '../sandbox/scenario.ts';
import type { ReachJson } from './contract-json.ts';
import { checkCase, type ReachCase } from './reach-cases.ts';

let sb: Sandbox;
const { outputs, sgAsync } = sgRunner(() => sb);

/** Group IDs by name, pod and node addresses, the database hosts' addresses. */
const ids: Record<string, string> = {};
const ip: Record<string, string> = {};

const rule = (Action: 'ACCEPT' | 'DROP', Protocol: Rule['Protocol'], Port: string, peer: string): Rule =>
  peer.startsWith('sg-') ? { Action, Protocol, Port, SecurityGroupId: peer } : { Action, Protocol, Port, CidrBlock: peer };

beforeAll(async () => {
  sb = await startSandbox('--nodes', '2', '--pods-per-node', '2', '--ipamd-version', 'v3.5.8');
  const state = await sb.control.state();
  for (const g of state.securityGroups) ids[g.name] = g.id;
  const pods = JSON.parse(kubectl(['get', 'pods', '-o', 'json'], sb.env).stdout) as { items: { metadata: { name: string }; status: { podIP: string } }[] };
  for (const p of pods.items) ip[p.metadata.name] = p.status.podIP;
  for (const i of state.instances) ip[`node-${state.instances.indexOf(i)}`] = i.nodeName;

  const c = sb.control;
  await c.setGroupRules(ids['pods-base']!, {
    ingress: [rule('ACCEPT', 'TCP', '80,443', '10.0.0.0/16'), rule('ACCEPT', 'ICMP', 'all', '10.0.0.0/16')],
    egress: [rule('DROP', 'TCP', '25', '0.0.0.0/0'), rule('ACCEPT', 'UDP', '53', '10.0.0.0/16')],
  });
  await c.setGroupRules(ids['pods-web']!, {
    ingress: [rule('ACCEPT', 'TCP', '443', '0.0.0.0/0'), rule('ACCEPT', 'TCP', '8080', ids['pods-web']!)],
    egress: [rule('ACCEPT', 'TCP', '3306', '10.0.0.0/16'), rule('ACCEPT', 'TCP', '80,443', '0.0.0.0/0'), rule('DROP', 'ALL', 'all', '0.0.0.0/0')],
  });
  await c.setGroupRules(ids['tke-node-default']!, {
    ingress: [rule('ACCEPT', 'TCP', '22', '10.0.0.0/16'), rule('DROP', 'ALL', 'all', '0.0.0.0/0')],
    egress: [rule('ACCEPT', 'ALL', 'all', '0.0.0.0/0')],
  });
  const db = await c.createGroup({
    name: 'reach-db',
    ingress: [
      rule('DROP', 'TCP', '3306', `${ip['web-1-1']}/32`),
      rule('ACCEPT', 'TCP', '3306', ids['pods-web']!),
      rule('ACCEPT', 'TCP', '3306-3310', '10.0.0.0/16'),
      rule('ACCEPT', 'ICMP', 'all', '10.0.0.0/16'),
      rule('DROP', 'ALL', 'all', '0.0.0.0/0'),
    ],
    egress: [rule('ACCEPT', 'ALL', 'all', '0.0.0.0/0')],
  });
  const gate = await c.createGroup({ name: 'reach-gate', ingress: [rule('DROP', 'TCP', '3306,5432', '0.0.0.0/0')], egress: [] });
  ids['reach-db'] = db.id;
  ids['reach-gate'] = gate.id;
  const dbA = await c.createInstance({ groups: [db.id, gate.id] });
  const dbB = await c.createInstance({ groups: [gate.id, db.id] });
  ip['db-a'] = dbA.primaryEni.ips[0]!;
  ip['db-b'] = dbB.primaryEni.ips[0]!;

  // Rules by template on a third host: DB-C with [reach-tpl].
  const office = await c.createTemplate('address', 'office', ['10.0.250.0/24', '10.0.251.1-10.0.251.100']);
  const partners = await c.createTemplate('address', 'partners', ['203.0.113.0/24']);
  const trusted = await c.createTemplate('address-group', 'trusted', [office.id, partners.id]);
  const web = await c.createTemplate('service', 'web', ['tcp:80', 'tcp:443']);
  const mgmt = await c.createTemplate('service', 'mgmt', ['tcp:22', 'udp:161']);
  const edge = await c.createTemplate('service-group', 'edge', [web.id, mgmt.id]);
  const tpl = await c.createGroup({
    name: 'reach-tpl',
    ingress: [
      { Action: 'DROP', ServiceTemplate: { ServiceId: mgmt.id }, AddressTemplate: { AddressId: partners.id } },
      { Action: 'ACCEPT', ServiceTemplate: { ServiceGroupId: edge.id }, AddressTemplate: { AddressGroupId: trusted.id } },
      { Action: 'ACCEPT', Protocol: 'TCP', Port: '8080', AddressTemplate: { AddressId: office.id } },
      { Action: 'ACCEPT', Protocol: 'TCP', Port: '443', Ipv6CidrBlock: '2001:db8::/32' },
    ],
    egress: [rule('ACCEPT', 'ALL', 'all', '0.0.0.0/0')],
  });
  ids['reach-tpl'] = tpl.id;
  ip['db-c'] = (await c.createInstance({ groups: [tpl.id] })).primaryEni.ips[0]!;
}, 900_000);
afterAll(() => sb.down());

const reach = async (...args: string[]) => {
  const r = await sgAsync(['reach', ...args, '-o', 'json']);
  return { code: r.code, stderr: r.stderr, json: r.stdout ? (JSON.parse(r.stdout) as ReachJson) : undefined };
};
const DEFAULT = 'no rule matched: denied by default';

const cases: ReachCase[] = [
  // egress web#1 (TCP 3306 to 10/16); ingress db#1 drops only web-1-1's /32, db#2 accepts members of pods-web.
  ['pod/web-0-0', '{db-a}:3306', 'allowed', ['allowed', 'pods-web egress#1'], ['allowed', 'reach-db ingress#2']],
  // The same pod-to-database request from web-1-1: its /32 is dropped by db#1 before db#2.
  ['pod/web-1-1', '{db-a}:3306', 'denied', ['allowed', 'pods-web egress#1'], ['denied', 'reach-db ingress#1']],
  // DB-B lists reach-gate first: its drop of 3306 decides before reach-db is looked at.
  ['pod/web-0-0', '{db-b}:3306', 'denied', ['allowed', 'pods-web egress#1'], ['denied', 'reach-gate ingress#1']],
  // 3307: egress web#1 is 3306 only, web#2 80,443, web#3 drops all; ingress would accept by db#3 (3306-3310).
  ['pod/web-0-0', '{db-a}:3307', 'denied', ['denied', 'pods-web egress#3'], ['allowed', 'reach-db ingress#3']],
  // A node: its primary ENI's egress accepts all; the node is not in pods-web, so db#3 decides.
  ['node/{node-0}', '{db-a}:3307', 'allowed', ['allowed', 'tke-node-default egress#1'], ['allowed', 'reach-db ingress#3']],
  // 5432 matches none of db#1-#4; db#5 drops all before reach-gate (second on DB-A) is reached.
  ['node/{node-0}', '{db-a}:5432', 'denied', ['allowed', 'tke-node-default egress#1'], ['denied', 'reach-db ingress#5']],
  // ICMP from the VPC: db#4.
  ['node/{node-0}', '{db-a}/icmp', 'allowed', ['allowed', 'tke-node-default egress#1'], ['allowed', 'reach-db ingress#4']],
  // ICMP from a pod: base's egress is TCP 25 and UDP 53 only, web#1-#2 TCP, web#3 drops all.
  ['pod/web-0-0', '{db-a}/icmp', 'denied', ['denied', 'pods-web egress#3'], ['allowed', 'reach-db ingress#4']],
  // HTTPS to the internet: web#2; no ENI of the VPC holds 8.8.8.8, so its side is outside.
  ['pod/web-0-0', '8.8.8.8:443', 'allowed', ['allowed', 'pods-web egress#2'], [null, 'outside']],
  // SMTP: pods-base (first on the ENI) drops TCP 25 by its rule 1.
  ['pod/web-0-0', '8.8.8.8:25', 'denied', ['denied', 'pods-base egress#1'], [null, 'outside']],
  // DNS inside the VPC: base#2 (UDP 53 to 10/16), to an address no ENI holds.
  ['pod/web-0-0', '10.0.250.250:53/udp', 'allowed', ['allowed', 'pods-base egress#2'], [null, 'outside']],
  // DNS to the internet: base#2 covers 10/16 only; web#3 drops it.
  ['pod/web-0-0', '8.8.8.8:53/udp', 'denied', ['denied', 'pods-web egress#3'], [null, 'outside']],
  // UDP 3306: base#2 is port 53, web#1 is TCP; web#3 drops.
  ['pod/web-0-0', '{db-a}:3306/udp', 'denied', ['denied', 'pods-web egress#3'], ['denied', 'reach-db ingress#5']],
  // Pod to pod on 443: web#2 out; base#1 in (TCP 80,443 from 10/16).
  ['pod/web-0-0', 'pod/web-1-0:443', 'allowed', ['allowed', 'pods-web egress#2'], ['allowed', 'pods-base ingress#1']],
  // Pod to pod on 8080: web#3 drops on the way out, though web's ingress #2 would accept a member of pods-web.
  ['pod/web-0-0', 'pod/web-1-0:8080', 'denied', ['denied', 'pods-web egress#3'], ['allowed', 'pods-web ingress#2']],
  // Anyone on 443: base#1 covers only part of 0.0.0.0/0 (unknown, but it would accept too); web#1 accepts 0.0.0.0/0.
  ['0.0.0.0/0', 'pod/web-1-0:443', 'allowed', [null, 'outside'], ['allowed', 'pods-web ingress#1']],
  // Anyone on 80: part of 0.0.0.0/0 is accepted by base#1, the rest falls to the default: cannot be told.
  ['0.0.0.0/0', 'pod/web-1-0:80', 'unknown', [null, 'outside'], ['unknown', DEFAULT]],
  // 192.168.0.0/16 is apart from every peer of pods-base and pods-web on port 80: the default refuses.
  ['192.168.0.0/16', 'pod/web-1-0:80', 'denied', [null, 'outside'], ['denied', DEFAULT]],
  // SSH to a node from the VPC: node#1.
  ['10.0.0.0/16', 'node/{node-1}:22', 'allowed', [null, 'outside'], ['allowed', 'tke-node-default ingress#1']],
  // SSH from the internet: node#1 covers 10/16 only; node#2 drops all.
  ['203.0.113.7', 'node/{node-1}:22', 'denied', [null, 'outside'], ['denied', 'tke-node-default ingress#2']],
  // An IPv6 source: node#1 and node#2 are IPv4 blocks and match no IPv6 peer; the default refuses.
  ['2001:db8::1', 'node/{node-1}:22', 'denied', [null, 'outside'], ['denied', DEFAULT]],
  // A pod to a node on 22: pods' egress has no rule for it but web#3's drop.
  ['pod/web-0-0', 'node/{node-1}:22', 'denied', ['denied', 'pods-web egress#3'], ['allowed', 'tke-node-default ingress#1']],
  // The database host as a source (found by address): db's egress #1; web#2 needs a member of pods-web, DB-A is not.
  ['{db-a}', 'pod/web-0-0:8080', 'denied', ['allowed', 'reach-db egress#1'], ['denied', DEFAULT]],
  // DB-B to DB-A: reach-gate has no egress rule, reach-db's #1 accepts; DB-A's db#5 drops 5432.
  ['{db-b}', '{db-a}:5432', 'denied', ['allowed', 'reach-db egress#1'], ['denied', 'reach-db ingress#5']],
  // An address no ENI holds: whether it is in pods-web (db#2) cannot be told, but db#2 and db#3 both accept.
  ['10.0.250.250', '{db-a}:3306', 'allowed', [null, 'outside'], ['allowed', 'reach-db ingress#3']],
  // From outside the VPC: db#2 (a group reference, unknown) would accept, db#5 drops: cannot be told.
  ['172.16.0.5', '{db-a}:3306', 'unknown', [null, 'outside'], ['unknown', 'reach-db ingress#5']],
  // Templates, DB-C: tpl#1 drops mgmt (tcp:22, udp:161) from partners (203.0.113.0/24).
  ['203.0.113.9', '{db-c}:22', 'denied', [null, 'outside'], ['denied', 'reach-tpl ingress#1']],
  // 443 is not in mgmt; tpl#2's edge (web + mgmt) has tcp:443 and trusted (office + partners) has the partner.
  ['203.0.113.9', '{db-c}:443', 'allowed', [null, 'outside'], ['allowed', 'reach-tpl ingress#2']],
  // An office address in the range 10.0.251.1-10.0.251.100: not a partner (tpl#1 no), trusted (tpl#2 yes).
  ['10.0.251.50', '{db-c}:22', 'allowed', [null, 'outside'], ['allowed', 'reach-tpl ingress#2']],
  // Just past the range: in neither template; tpl#3 is 8080: the default refuses.
  ['10.0.251.101', '{db-c}:22', 'denied', [null, 'outside'], ['denied', DEFAULT]],
  // 8080 is in neither service template; tpl#3 (TCP 8080 from office, 10.0.250.0/24) accepts.
  ['10.0.250.7', '{db-c}:8080', 'allowed', [null, 'outside'], ['allowed', 'reach-tpl ingress#3']],
  // UDP 161 from the office: mgmt has udp:161 but the office is not a partner; edge and trusted cover it.
  ['10.0.250.7', '{db-c}:161/udp', 'allowed', [null, 'outside'], ['allowed', 'reach-tpl ingress#2']],
  // The partners' whole block on UDP 161: all of it is in partners, so tpl#1 drops it.
  ['203.0.113.0/24', '{db-c}:161/udp', 'denied', [null, 'outside'], ['denied', 'reach-tpl ingress#1']],
  // IPv6: the templates hold IPv4 entries only (tpl#1, #2 no), #3 is 8080; tpl#4's Ipv6CidrBlock 2001:db8::/32 accepts.
  ['2001:db8::5', '{db-c}:443', 'allowed', [null, 'outside'], ['allowed', 'reach-tpl ingress#4']],
  // Outside 2001:db8::/32: nothing matches.
  ['2001:db9::5', '{db-c}:443', 'denied', [null, 'outside'], ['denied', DEFAULT]],
];

describe('kubectl sg reach on TKE: verdicts and deciding rules worked out by hand', () => {
  it.each(cases)('%s → %s: %s', async (...c) => {
    await checkCase(sgAsync, c, ids, ip);
  });
});

describe('kubectl sg reach: output', () => {
  it('answers the documented JSON, naming each side, its ENI and groups', async () => {
    const r = await reach('pod/web-1-1', `${ip['db-a']}:3306`);
    expect(r.code).toBe(3);
    const j = r.json!;
    expect(j).toMatchObject({
      apiVersion: 'kubectl-sg/v1',
      kind: 'Reach',
      provider: 'tke',
      packet: { protocol: 'tcp', port: 3306 },
      source: { named: 'pod/default/web-1-1', address: ip['web-1-1'], groups: [ids['pods-base'], ids['pods-web']] },
      destination: { named: ip['db-a'], address: ip['db-a'], groups: [ids['reach-db'], ids['reach-gate']], note: null },
      verdict: 'denied',
    });
    expect(j.destination.eni?.id).toMatch(/^eni-/);
    expect(j.ingress.decidedBy).toEqual({ group: ids['reach-db'], direction: 'ingress', position: 1, action: 'drop', rule: `drop TCP 3306 from ${ip['web-1-1']}/32` });
    expect(j.reason).toContain("the destination's ingress denies it");
  });

  it('--explain lists every rule looked at, in evaluation order, and why', async () => {
    const r = await sgAsync(['reach', 'node/' + ip['node-0'], `${ip['db-b']}:5432`, '--explain']);
    expect(r.code, r.stderr).toBe(3);
    // DB-B: reach-gate first (its one rule drops 3306,5432), so one step decides.
    expect(r.stdout).toMatch(/^Verdict: +DENIED: TCP 5432 from node\/\S+ to \S+/m);
    expect(r.stdout).toContain(`denied: by ${ids['reach-gate']} ingress rule 1: drop TCP 3306,5432 from 0.0.0.0/0`);
    const j = (await reach('node/' + ip['node-0'], `${ip['db-a']}:5432`)).json!;
    // DB-A: reach-db's five rules in order, the fifth decides; reach-gate is never reached.
    expect(j.ingress.steps.map((s) => [s.position, s.match])).toEqual([
      [1, 'no'],
      [2, 'no'],
      [3, 'no'],
      [4, 'no'],
      [5, 'yes'],
    ]);
    expect(j.ingress.steps[1]!.why).toBe(`port 5432 is not in 3306`);
    expect(j.ingress.steps[3]!.why).toBe('ICMP is not TCP');
    const table = await sgAsync(['reach', 'node/' + ip['node-0'], `${ip['db-a']}:5432`, '--explain']);
    expect(table.stdout).toMatch(/Ingress of \S+, in evaluation order:\nSTEP +GROUP +# +RULE +MATCH +WHY\n1 /);
    // A side outside the evaluation is said so in the explanation too.
    const outsideLeg = await sgAsync(['reach', '203.0.113.7', `${ip['db-a']}:5432`, '--explain']);
    expect(outsideLeg.stdout).toContain('\nEgress of 203.0.113.7: not evaluated (no ENI in ');
  });

  it('-o yaml carries the same document', async () => {
    const r = await sgAsync(['reach', 'pod/web-0-0', '8.8.8.8:443', '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apiVersion: kubectl-sg\/v1\nkind: Reach\n/);
    expect(r.stdout).toMatch(/^verdict: allowed$/m);
  });
});

describe('kubectl sg show group: the lint evaluates the rules in order', () => {
  it('names the dead accept, the shadowed rule, and only the ports really open to anywhere', async () => {
    const g = await sb.control.createGroup({
      name: 'lint-order',
      ingress: [rule('DROP', 'TCP', '22', '0.0.0.0/0'), rule('ACCEPT', 'TCP', '22', '10.0.0.0/8'), rule('ACCEPT', 'TCP', '80,443', '0.0.0.0/0'), rule('ACCEPT', 'TCP', '443', '0.0.0.0/0')],
      egress: [],
    });
    const r = await sgAsync(['show', 'group', g.id, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const findings = (JSON.parse(r.stdout) as { items: { findings: { level: string; code: string; message: string }[] }[] }).items[0]!.findings;
    // #1 drops TCP 22 from anywhere, so #2 (TCP 22 from 10.0.0.0/8) never applies; #3 opens TCP
    // 80 and 443 to anywhere and takes all #4 (TCP 443 from anywhere) would match.
    expect(findings.map((f) => [f.level, f.code])).toEqual([
      ['warn', 'open-to-internet'],
      ['warn', 'dead-accept'],
      ['warn', 'shadowed-rule'],
    ]);
    expect(findings[0]!.message).toMatch(/^ingress rule 3 \(TCP 80,443 from 0\.0\.0\.0\/0\) accepts traffic from anywhere \(TCP 80, 443\)/);
    expect(findings[1]!.message).toMatch(/^ingress rule 2 \(TCP 22 from 10\.0\.0\.0\/8\) never applies: ingress rule 1 \(drop TCP 22 from 0\.0\.0\.0\/0\)/);
    expect(findings[2]!.message).toMatch(/^ingress rule 4 \(TCP 443 from 0\.0\.0\.0\/0\) is never reached: ingress rule 3/);
  });
});

describe('kubectl sg reach: bad input is one line, exit 2', () => {
  it.each([
    [['pod/web-0-0', '10.0.5.3'], /destination "10.0.5.3" names no port/],
    [['deploy/api', '10.0.5.3:80'], /source "deploy\/api" is not pod\/NAME, pod\/NAMESPACE\/NAME, node\/NAME, an IP address or a CIDR block/],
    [['pod/web-0-0', '10.0.5.3:99999'], /port "99999" is not a number from 1 to 65535/],
    [['pod/web-0-0', '10.0.5.3:80/sctp'], /protocol "sctp" is not one of tcp, udp, icmp, icmpv6, gre/],
    [['pod/nope', '10.0.5.3:80'], /pod "nope" not found in namespace "default"/],
    [['node/10.9.9.9', '10.0.5.3:80'], /node "10.9.9.9" not found/],
  ])('%j', async (args, message) => {
    const r = await sgAsync(['reach', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('kubectl sg reach where the cloud lists groups sorted (--group-set-order sorted)', () => {
  // Every ENI's groups are listed in ascending ID order, so no list shows their priority
  // (docs/assumptions.md, "Rule order in GroupSet is priority"): a verdict stands only if every
  // order of a host's groups gives it.
  let sorted: Sandbox;
  let host = '';
  beforeAll(async () => {
    sorted = await startSandbox('--nodes', '1', '--pods-per-node', '1', '--ipamd-version', 'v3.5.8', '--group-set-order', 'sorted');
    const c = sorted.control;
    const base = (await c.state()).securityGroups.find((g) => g.name === 'pods-base')!.id;
    const allow = await c.createGroup({ name: 'allow', ingress: [rule('ACCEPT', 'TCP', '3306', base), rule('DROP', 'TCP', '5432', '0.0.0.0/0')], egress: [] });
    const deny = await c.createGroup({ name: 'deny', ingress: [rule('DROP', 'TCP', '3306,5432', '0.0.0.0/0')], egress: [] });
    host = (await c.createInstance({ groups: [allow.id, deny.id] })).primaryEni.ips[0]!;
  }, 900_000);
  afterAll(() => sorted.down());
  const reachIn = async (...args: string[]) => {
    const r = await runPluginAsync(['reach', ...args, '-o', 'json'], sorted.env);
    outputs.push(r.stdout, r.stderr);
    return { code: r.code, json: JSON.parse(r.stdout) as ReachJson };
  };

  it('is unknown when another order of the groups decides otherwise, and says both', async () => {
    // allow#1 accepts members of pods-base on 3306, deny#1 drops 3306: which comes first decides.
    const r = await reachIn('pod/web-0-0', `${host}:3306`);
    expect(r.code).toBe(1);
    expect(r.json.ingress.verdict).toBe('unknown');
    expect(r.json.ingress.reason).toMatch(/^the ENI lists its groups in ascending ID order, so which has priority cannot be read back: as listed, (allowed|denied) .*; in the order .*, (allowed|denied) /);
  });

  it('stands when every order gives the same answer', async () => {
    // 5432: allow#2 and deny#1 both drop it.
    const r = await reachIn('pod/web-0-0', `${host}:5432`);
    expect(r.code).toBe(3);
    expect(r.json.ingress.verdict).toBe('denied');
  });
});

describe('kubectl sg reach: secrets', () => {
  it('never printed the secret key', () => {
    expect(outputs.length).toBeGreaterThan(60);
    const key = sb.env.TENCENTCLOUD_SECRET_KEY!;
    expect(key.length).toBeGreaterThan(8);
    for (const out of outputs) expect(out).not.toContain(key);
  });
});
