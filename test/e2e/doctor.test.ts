// `kubectl sg doctor` on TKE as kubectl runs the built plugin (run.ts) against two sandboxes (ECI:
// doctor-eci.test.ts): a healthy v3.5.8 cluster in which each prerequisite is broken in turn (and
// mended with the fix doctor printed, where that fix is a command), and a v3.4.7 cluster with the
// documented `--enable-security-group` typo, then an older ipamd, no NEC CRD, no ipamd at all.
// Every run is checked for the secret key.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { kubectl, run, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { commands, doctorReport, notOk, type Item, type Report } from './doctor-report.ts';
import { tlsContextProbe } from './tls-context-probe.ts';
import { grantedRights, untilAllowed } from './rbac-wait.ts';

const CHECKS = [
  'provider',
  'ipamd',
  'ipamd-start',
  'ipamd-version',
  'shared-eni',
  'feature',
  'ipamd-flags',
  'setting-places',
  'nec-crd',
  'nec-per-node',
  'bind-events',
  'interrupted-resync',
  'cloud-credentials',
  'region',
  'cluster-id',
  'cam-role',
  'rbac-show',
  'rbac-set-node',
  'rbac-resync',
  'rbac-set-cluster',
];

let sb: Sandbox;

function sg(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = runPlugin([...args], { ...sb.env, ...env });
  for (const out of [r.stdout, r.stderr]) {
    expect(out).not.toContain(sb.env.TENCENTCLOUD_SECRET_KEY!);
    expect(out).not.toContain(sb.env.TENCENTCLOUD_SECRET_ID!);
  }
  return r;
}

/** `doctor -o json`, checked for shape and for its exit code agreeing with its findings. */
function doctor(args: string[] = [], env: NodeJS.ProcessEnv = {}): Report {
  return doctorReport(sg(['doctor', '-o', 'json', ...args], env), CHECKS);
}

/** Doctor again until `ok` holds (ipamd and the API server react asynchronously). */
async function until(args: string[], ok: (r: Report) => boolean, env: NodeJS.ProcessEnv = {}, ms = 15_000): Promise<Report> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = doctor(args, env);
    if (ok(r) || Date.now() > deadline) return r;
    await new Promise((res) => setTimeout(res, 300));
  }
}

const sh = (script: string, env: NodeJS.ProcessEnv = {}) => {
  const r = run('bash', ['-euo', 'pipefail', '-c', script], { ...sb.env, ...env });
  expect(r.code, `${script}\n${r.stderr}`).toBe(0);
  return r;
};
const k = (...args: string[]) => {
  const r = kubectl(args, sb.env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

/**
 * Takes the security-group policy from ipamd's role, makes the first node need a bind and waits
 * for doctor to see ipamd's Warning event; checks what every reading of the event shares (the
 * failure, the pointer at cam-role, the resync command) and hands back the finding.
 */
async function provokeBindFailure(): Promise<{ node: string; ev: Item; report: Report }> {
  await sb.control.setIpamdRolePolicy(false);
  try {
    const node = k('get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}').trim();
    const instance = k('get', 'node', node, '-o', 'jsonpath={.metadata.labels.cloud\\.tencent\\.com/node-instance-id}').trim();
    const eni = (await sb.control.enis(instance)).find((e) => !e.Primary)!;
    await sb.control.setEniGroups(eni.NetworkInterfaceId, []);
    k('annotate', 'node', node, '--overwrite', 'tke.cloud.tencent.com/need-sync-security-groups=true');
    const report = await until([], (x) => x.get('bind-events').level !== 'ok');
    const ev = report.get('bind-events');
    expect(ev.level, ev.why).toBe('fail');
    expect(ev.why).toContain('UnauthorizedOperation');
    expect(ev.details?.[0]).toMatch(/^\d+x, last \d{4}-\d\d-\d\dT/);
    expect(ev.fix).toContain('see the cam-role check');
    expect(ev.fix).toContain(`kubectl annotate node ${node} --overwrite tke.cloud.tencent.com/need-sync-security-groups=true`);
    return { node, ev, report };
  } finally {
    await sb.control.setIpamdRolePolicy(true);
  }
}

describe('doctor on ipamd v3.5.8', () => {
  beforeAll(async () => {
    sb = await startSandbox('--nodes', '2', '--ipamd-version', 'v3.5.8');
  }, 900_000);
  afterAll(() => sb?.down());

  it('passes every check on a healthy cluster, as a table and as documented JSON/YAML, exit 0', () => {
    const r = doctor();
    expect(notOk(r)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.get('ipamd-version').why).toMatch(/^v3\.5\.8: .*need-sync resync: yes/);
    expect(r.get('feature').why).toMatch(/^on \(addon eniipamd values\), global list sg-/);
    expect(r.get('setting-places').why).toContain('agree');
    expect(r.get('shared-eni').why).toContain('2 of 2 nodes offer shared-ENI IPs');
    expect(r.get('cluster-id').why).toMatch(/^cls-[a-z0-9]{8} "sandbox" \(from Deployment kube-system\/tke-eni-ipamd args \(--clusterid\)\), VPC-CNI$/);
    expect(r.get('cloud-credentials').why).toMatch(/^env \(TENCENTCLOUD_SECRET_ID\), SecretId \w{4}\*\*\*\*\w{4}$/);
    expect(r.get('region').why).toBe('ap-guangzhou (from TENCENTCLOUD_REGION)');
    expect(r.get('cam-role').why).toContain('SecurityGroupsAccessForIPAMD');
    expect(r.get('rbac-show').why).toContain('user kubectl-sg-admin may run doctor and show');
    expect(r.get('provider').why).toBe('TKE VPC-CNI (Deployment kube-system/tke-eni-ipamd)');
    for (const i of r.items) expect(i.fix).toBeNull();

    const table = sg(['doctor']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CHECK\s+RESULT\s+WHY$/);
    for (const c of CHECKS) expect(table.stdout).toMatch(new RegExp(`^${c}\\s+ok\\s+\\S`, 'm'));
    expect(lines.at(-1)).toBe('20 ok, 0 warnings, 0 failed: all good');
    expect(table.stdout).not.toContain('\x1b[');

    const yaml = load(sg(['doctor', '-o', 'yaml']).stdout) as { kind: string; items: Item[] };
    expect(yaml.kind).toBe('DoctorReport');
    expect(yaml.items.map((i) => i.check)).toEqual(CHECKS);
    const wide = sg(['doctor', '-o', 'wide']).stdout;
    expect(wide).toContain('- get nodeeniconfigs.networking.tke.cloud.tencent.com: yes');
    // cam-role rests on the seeds' step that grants ipamd's role its policy (seed 001's section title).
    expect(r.get('cam-role').source).toEqual({ document: 'Tencent TKE, "Security Group of VPC-CNI Mode"', section: 'Adding Security Group Access Permission for the IPAMD Component Role', url: null });
    expect(wide).toMatch(/^\s+source: Tencent TKE, "Security Group of VPC-CNI Mode" > Adding Security Group Access Permission for the IPAMD Component Role$/m);
    expect(r.get('rbac-show').source).toBeNull();
  });

  it('makes one TLS context for the API server, however many connections it opens to it', () => {
    // Node would otherwise parse the CA, the certificate and the key for each connection
    // (~0.3 ms each; doctor asks its reads and rights checks at once, ~17 connections).
    const probe = tlsContextProbe();
    const r = sg(['doctor', '-o', 'json'], probe.env);
    expect(r.code, r.stderr).toBe(0);
    const counted = probe.counted(r.stderr);
    expect(counted?.clientCertConnections, r.stderr).toBeGreaterThan(1);
    expect(counted?.withClientCert).toBe(1);
  });

  it('has help with examples, and colour only when forced and never with NO_COLOR', () => {
    const help = sg(['doctor', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('kubectl sg doctor -o json');
    expect(sg(['doctor'], { FORCE_COLOR: '1' }).stdout).toContain('\x1b[32mok');
    expect(sg(['doctor'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain('\x1b[');
  });

  it('finds the region in the node labels, and fails on a short region name', () => {
    const fromNodes = doctor([], { TENCENTCLOUD_REGION: '' });
    expect(fromNodes.get('region')).toMatchObject({ level: 'ok', why: 'ap-guangzhou (from node label topology.kubernetes.io/region=gz)' });
    expect(fromNodes.get('cam-role').level).toBe('ok');
    const bad = doctor([], { TENCENTCLOUD_REGION: 'gz' });
    expect(bad.get('region')).toMatchObject({ level: 'fail', why: expect.stringContaining('ap-guangzhou'), fix: expect.stringContaining('--region') });
    expect(bad.code).toBe(3);
  });

  it('without credentials warns with how to provide them, runs the rest, exit 0', () => {
    const r = doctor([], { TENCENTCLOUD_SECRET_ID: '', TENCENTCLOUD_SECRET_KEY: '', HOME: sb.dir });
    expect(r.get('cloud-credentials')).toMatchObject({ level: 'warn', why: expect.stringContaining('no Tencent Cloud credentials found'), fix: expect.stringContaining('TENCENTCLOUD_SECRET_ID') });
    expect(r.get('cam-role')).toMatchObject({ level: 'warn', why: 'not checked: no Tencent Cloud credentials' });
    expect(r.get('setting-places').why).toContain('addon values not compared');
    expect(notOk(r).map((l) => l.split(':')[0])).toEqual(['cloud-credentials', 'cam-role']);
    expect(r.code).toBe(0);
    const offline = doctor(['--no-cloud']);
    expect(offline.get('cloud-credentials')).toMatchObject({ level: 'warn', why: expect.stringContaining('--no-cloud') });
    expect(offline.code).toBe(0);
  });

  it('cannot run without a readable kubeconfig or a reachable API server: exit 1, one line', () => {
    const missing = sg(['doctor', '--kubeconfig', join(sb.dir, 'no-such-kubeconfig')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: cannot read kubeconfig .*no-such-kubeconfig/)]);
    const admin = readFileSync(sb.env.KUBECONFIG!, 'utf8');
    const dead = join(sb.dir, 'dead.kubeconfig');
    writeFileSync(dead, admin.replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
    const unreachable = sg(['doctor', '--kubeconfig', dead]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toEqual([expect.stringContaining('cannot reach the Kubernetes API at https://127.0.0.1:1')]);
  });

  it('checks the caller\'s RBAC, and the commands it prints grant exactly that', async () => {
    const limited = { KUBECONFIG: join(sb.dir, 'kube', 'limited.kubeconfig') };
    const before = doctor([], limited);
    expect(before.code).toBe(3);
    const show = before.get('rbac-show');
    expect(show).toMatchObject({ level: 'fail', why: expect.stringContaining('missing get nodes, list nodes') });
    expect(show.fix).toMatch(/--user=\S+/);
    for (const c of ['rbac-set-node', 'rbac-resync', 'rbac-set-cluster']) expect(before.get(c).level).toBe('warn');
    expect(before.get('ipamd')).toMatchObject({ level: 'warn', why: expect.stringContaining('forbidden'), fix: expect.stringContaining('rbac-show') });
    // A cluster admin runs the printed commands (the first twice: they are idempotent).
    const grant = ['rbac-show', 'rbac-set-node', 'rbac-resync', 'rbac-set-cluster'].flatMap((c) => commands(before.get(c).fix));
    expect(grant.length).toBe(10);
    sh(grant.join('\n'));
    sh(grant.slice(0, 2).join('\n'));
    // A fresh binding can lag in the authorizer's caches: doctor runs once each granted right counts.
    await untilAllowed({ ...sb.env, ...limited }, grantedRights(grant));
    const after = doctor([], limited);
    expect(notOk(after)).toEqual([]);
    expect(after.get('rbac-show').why).toMatch(/^user \S+ may run doctor and show/);
  });

  it('fails shared-ENI mode when every node offers exclusive ENIs only', async () => {
    const nodes = k('get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}').trim().split(' ');
    const patch = (eniIp: string | null, direct: string | null) => {
      const v = { 'tke.cloud.tencent.com/eni-ip': eniIp, 'tke.cloud.tencent.com/direct-eni': direct };
      for (const n of nodes) k('patch', 'node', n, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { capacity: v, allocatable: v } }));
    };
    patch(null, '4');
    try {
      const r = doctor();
      expect(r.get('shared-eni')).toMatchObject({ level: 'fail', why: expect.stringContaining('no node offers shared-ENI IPs'), fix: expect.stringContaining('shared ENI') });
    } finally {
      patch('30', null);
    }
    expect(doctor().get('shared-eni').level).toBe('ok');
  });

  it('wants one NEC per node: names nodes without one and NECs without a node', async () => {
    // A CVM node whose instance the cloud does not know (ipamd skips it: no NEC), a node that is
    // no CVM instance at all (a virtual node), and a NEC left behind by a deleted node.
    const objects = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: '10.0.9.1', labels: { 'cloud.tencent.com/node-instance-id': 'ins-zzzzzzzz' } }, spec: { providerID: 'qcloud:///100003/ins-zzzzzzzz' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'virtual-node-1' }, status: { capacity: { pods: '10', 'tke.cloud.tencent.com/direct-eni': '4' } } },
      { apiVersion: 'networking.tke.cloud.tencent.com/v1', kind: 'NodeENIConfig', metadata: { name: '10.0.9.9' } },
    ];
    const created = run('kubectl', ['create', '-f', '-'], sb.env, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    expect(created.code, created.stderr).toBe(0);
    const missing = await until([], (r) => r.get('nec-per-node').level === 'fail');
    const nec = missing.get('nec-per-node');
    expect(nec.why).toBe('1 of 4 nodes has no NodeENIConfig, so ipamd binds no groups there: 10.0.9.1');
    expect(nec.details).toEqual(['node 10.0.9.1: no NodeENIConfig', 'node virtual-node-1: no NodeENIConfig, no CVM instance ID', 'NodeENIConfig 10.0.9.9: no node']);
    expect(missing.get('shared-eni')).toMatchObject({ level: 'warn', why: expect.stringContaining('1 node offers exclusive ENIs only (virtual-node-1)') });
    // ipamd never syncs that node: the NEC stays missing, and the check keeps failing.
    expect(doctor().get('nec-per-node').level).toBe('fail');

    k('delete', 'node', '10.0.9.1');
    const leftovers = doctor().get('nec-per-node');
    expect(leftovers).toMatchObject({ level: 'warn', why: expect.stringContaining('virtual-node-1') });
    expect(leftovers.why).toContain('1 NodeENIConfig without a node: 10.0.9.9');
    sh(commands(leftovers.fix).join('\n'));
    k('delete', 'node', 'virtual-node-1');
    const clean = doctor();
    expect(clean.get('nec-per-node')).toMatchObject({ level: 'ok', why: '2 nodes, each with its NodeENIConfig' });
    expect(clean.get('shared-eni').level).toBe('ok');
  });

  it('warns when the ConfigMap and the addon values disagree', () => {
    const key = 'tke-network-conf.yaml';
    const original = k('-n', 'kube-system', 'get', 'configmap', 'tke-eni-ipamd', '-o', `jsonpath={.data.tke-network-conf\\.yaml}`);
    const edited = original.replace('enableSecurityGroups: true', 'enableSecurityGroups: false');
    expect(edited).not.toBe(original);
    const setDoc = (text: string) => k('-n', 'kube-system', 'patch', 'configmap', 'tke-eni-ipamd', '--type=merge', '-p', JSON.stringify({ data: { [key]: text } }));
    setDoc(edited);
    try {
      const r = doctor();
      expect(r.get('setting-places')).toMatchObject({
        level: 'warn',
        why: expect.stringMatching(/^places disagree: addon eniipamd values: on, global list sg-\S+; ConfigMap kube-system\/tke-eni-ipamd: off; /),
        fix: expect.stringContaining('Add-on management > eniipamd'),
      });
      expect(r.code).toBe(0);
    } finally {
      setDoc(original);
    }
    expect(doctor().get('setting-places').level).toBe('ok');
  });

  it('fails on a node an interrupted resync left marked, and the --resume it prints finishes it', () => {
    expect(doctor().get('interrupted-resync')).toMatchObject({ level: 'ok', fix: null });
    // What a resync killed during its toggle leaves: its marker, and the node disabled.
    const node = k('get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}').trim();
    const groups = JSON.parse(k('get', 'nec', node, '-o', 'jsonpath={.spec.securityGroups}')) as string[];
    const runId = 'r-20261123-105912-ab12';
    const found = JSON.stringify({ disable: null, needSync: null, method: 'toggle', after: groups, at: '2026-11-23T10:59:12.000Z' });
    k('annotate', 'node', node, '--overwrite', `kubectl-sg.io/resync-run=${runId}`, `kubectl-sg.io/resync-found=${found}`, 'tke.cloud.tencent.com/disable-node-eni-security-groups=yes');
    const r = doctor();
    expect(r.get('interrupted-resync')).toMatchObject({
      level: 'fail',
      why: `1 node still carries the marker of resync run ${runId}, which stopped before finishing it: ${node}; 1 is still disabled, with no security groups on its pods (${node})`,
      fix: `kubectl sg resync --resume ${runId}`,
    });
    expect(r.code).toBe(3);
    // A script adds --yes (without a terminal nothing is changed without it).
    sh(commands(r.get('interrupted-resync').fix).map((c) => `${c} --yes`).join('\n'), { KUBECTL_SG_STATE_DIR: sb.dir });
    expect(doctor().get('interrupted-resync').level).toBe('ok');
    const annotations = JSON.parse(k('get', 'node', node, '-o', 'jsonpath={.metadata.annotations}')) as Record<string, string>;
    expect(annotations['tke.cloud.tencent.com/disable-node-eni-security-groups']).toBe('no');
    expect(Object.keys(annotations).filter((a) => a.startsWith('kubectl-sg.io/resync-'))).toEqual([]);
  });

  it('judges ipamd\'s CAM role by its documents, and the policy it prints is the fix', async () => {
    await sb.control.setIpamdRolePolicy(false);
    const missing = doctor();
    const cam = missing.get('cam-role');
    expect(cam).toMatchObject({ level: 'fail', why: expect.stringContaining('lacks cvm:AssociateNetworkInterfaceSecurityGroups and cvm:DisassociateNetworkInterfaceSecurityGroups') });
    expect(cam.fix).toContain('CAM console > Policies > Create Custom Policy > Create by Policy Syntax');
    expect(cam.fix).toContain('CAM console > Roles > IPAMDofTKE_QCSRole > Associate Policies > SecurityGroupsAccessForIPAMD');
    const printed = JSON.parse(cam.fix!.slice(cam.fix!.indexOf('\n{') + 1, cam.fix!.indexOf('\n}') + 2)) as Record<string, unknown>;
    expect(printed).toEqual({
      version: '2.0',
      statement: [{ action: ['cvm:AssociateNetworkInterfaceSecurityGroups', 'cvm:DisassociateNetworkInterfaceSecurityGroups'], resource: '*', effect: 'allow' }],
    });
    expect(sg(['doctor']).stdout).toContain('"cvm:DisassociateNetworkInterfaceSecurityGroups"'); // the table shows it too

    await sb.control.setIpamdRolePolicy(true, printed as never);
    expect(doctor().get('cam-role')).toMatchObject({ level: 'ok', why: expect.stringContaining('granted by SecurityGroupsAccessForIPAMD') });

    await sb.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: ['cvm:*'], resource: ['*'] }, { effect: 'deny', action: ['cvm:Disassociate*'], resource: ['*'] }] } as never);
    expect(doctor().get('cam-role')).toMatchObject({ level: 'fail', why: expect.stringContaining('denied cvm:DisassociateNetworkInterfaceSecurityGroups') });

    await sb.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: '*', resource: 'qcs::cvm:ap-guangzhou::eni/eni-aaaaaaaa' }] } as never);
    expect(doctor().get('cam-role')).toMatchObject({ level: 'warn', why: expect.stringContaining('only in part') });

    await sb.control.setIpamdRolePolicy(true, { version: '2.0', statement: [{ effect: 'allow', action: 'cvm:*', resource: '*' }] } as never);
    expect(doctor().get('cam-role').level).toBe('ok');
    await sb.control.setIpamdRolePolicy(true, printed as never);
  });

  // Last in this sandbox: the events stay recent for ten minutes.
  it('reports ipamd\'s Warning events as evidence, quoting the reason it wrote (here FailedBindSecurityGroups), pointing at the cause', async () => {
    expect(doctor().get('bind-events')).toMatchObject({ level: 'ok', why: 'no Warning events on nodes or NodeENIConfigs from ipamd or naming security groups' });
    const { node, ev, report } = await provokeBindFailure();
    expect(ev.why).toMatch(new RegExp(`^\\d+ Warning events? from ipamd or about security groups on 1 node \\(last \\d+s ago\\): Node ${node.replace(/\./g, '\\.')} FailedBindSecurityGroups from tke-eni-ipamd: failed to bind security groups .*UnauthorizedOperation`));
    expect(report.get('cam-role').level).toBe('fail');
  });

  it('reads the version from any OCI image reference, else from the addon\'s AddonVersion and says so; only then do write verbs want --ipamd-version', () => {
    const image = k('-n', 'kube-system', 'get', 'deploy', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
    const setImage = (to: string) => k('-n', 'kube-system', 'set', 'image', 'deploy/tke-eni-ipamd', `tke-eni-ipamd=${to}`);
    const digest = 'sha256:' + 'a'.repeat(64);
    try {
      for (const tagged of ['registry.example:5000/tke/tke-eni-ipamd:v3.5.8', `registry.example:5000/tke/tke-eni-ipamd:v3.5.8@${digest}`]) {
        setImage(tagged);
        expect(doctor().get('ipamd-version'), tagged).toMatchObject({ level: 'ok', why: expect.stringMatching(/^v3\.5\.8: security groups: yes/) });
      }
      for (const untagged of [`registry.example:5000/tke/tke-eni-ipamd@${digest}`, 'registry.example:5000/tke/tke-eni-ipamd:latest', 'registry.example:5000/tke/tke-eni-ipamd']) {
        setImage(untagged);
        const r = doctor();
        expect(r.get('ipamd-version'), untagged).toMatchObject({ level: 'ok', why: `v3.5.8 (the addon eniipamd's AddonVersion: image ${untagged} names no version): security groups: yes; global setting: ConfigMap/addon values; strong sync of ENIs that have groups: yes; need-sync resync: yes` });
        // what the version decides reads as on a tagged image (the events of the test before may still be recent)
        for (const c of ['ipamd', 'ipamd-start', 'feature', 'ipamd-flags', 'setting-places']) expect(r.get(c).level, `${untagged}: ${c}`).toBe('ok');
      }
      setImage(`registry.example:5000/tke/tke-eni-ipamd@${digest}`);
      const shown = JSON.parse(sg(['show', 'cluster', '-o', 'json']).stdout) as { ipamd: { version: string; versionFrom: string } };
      expect(shown.ipamd).toMatchObject({ version: 'v3.5.8', versionFrom: 'addon' });
      const node = k('get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}');
      const resync = (...extra: string[]) => sg(['resync', node, '--dry-run', '-o', 'json', ...extra]);
      const viaAddon = resync();
      expect(viaAddon.code, viaAddon.stderr).toBe(0);
      expect(JSON.parse(viaAddon.stdout)).toMatchObject({ ipamdVersion: 'v3.5.8', method: 'need-sync' });
      // Another cluster's ID: the addon is not found there, so nothing names the version.
      const noAddon = resync('--cluster-id', 'cls-zzzzzzzz');
      expect(noAddon.code).not.toBe(0);
      expect(noAddon.stderr).toMatch(/cannot tell the ipamd version: image registry\.example:5000\/tke\/tke-eni-ipamd@sha256:a+ has no tag, and .*; pass --ipamd-version vX\.Y\.Z: nothing was changed/);
      const given = resync('--cluster-id', 'cls-zzzzzzzz', '--ipamd-version', 'v3.5.3');
      expect(given.code, given.stderr).toBe(0);
      expect(JSON.parse(given.stdout)).toMatchObject({ ipamdVersion: 'v3.5.3', method: 'toggle' });

      // Neither the tag nor the addon (no cloud): doctor cannot tell, write verbs refuse and name the way out.
      const blind = doctor(['--no-cloud']);
      expect(blind.get('ipamd-version')).toMatchObject({ level: 'warn', why: expect.stringMatching(/^cannot tell the ipamd version: image registry\.example:5000\/tke\/tke-eni-ipamd@sha256:a+ has no tag, and --no-cloud; pass --ipamd-version vX\.Y\.Z/) });
      const refused = sg(['set', 'cluster', '--enable', '--no-cloud', '--dry-run']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('pass --ipamd-version vX.Y.Z');
      const bad = sg(['set', 'cluster', '--enable', '--no-cloud', '--dry-run', '--ipamd-version', 'latest']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--ipamd-version must be a version like v3.5.8, got "latest"');
      const planned = sg(['set', 'cluster', '--disable', '--no-cloud', '--dry-run', '-o', 'json', '--ipamd-version', 'v3.5.8']);
      expect(planned.code, planned.stderr).toBe(0);
      expect(JSON.parse(planned.stdout)).toMatchObject({ kind: 'SetClusterPlan', ipamd: { version: 'v3.5.8' }, place: 'configmap' });
    } finally {
      setImage(image);
    }
  });
});

// The other reading of the unknown Event reason (docs/assumptions.md, "Event reasons"): ipamd
// writes another reason and only relays the cloud SDK's error.
describe('doctor when ipamd names its bind failures otherwise (SyncENIFailed, the SDK error only)', () => {
  beforeAll(async () => {
    sb = await startSandbox('--nodes', '1', '--ipamd-version', 'v3.5.8', '--bind-event-reason', 'SyncENIFailed', '--bind-event-wording', 'sdk-error');
  }, 900_000);
  afterAll(() => sb?.down());

  it('still fails bind-events, quoting the reason and message ipamd wrote', async () => {
    expect(doctor().get('bind-events').level).toBe('ok');
    const { node, ev } = await provokeBindFailure();
    expect(ev.why).toMatch(new RegExp(`\\): Node ${node.replace(/\./g, '\\.')} SyncENIFailed from tke-eni-ipamd: sync eni eni-\\w+ failed: \\[TencentCloudSDKError\\] Code=UnauthorizedOperation, Message=`));
  });
});

describe('doctor on ipamd v3.4.7 with the documented typo', () => {
  beforeAll(async () => {
    sb = await startSandbox('--nodes', '1', '--ipamd-version', 'v3.4.7', '--typo-flag');
  }, 900_000);
  afterAll(() => sb?.down());

  it('finds the feature off because of --enable-security-group, and the printed command fixes it', async () => {
    const r = doctor();
    expect(r.code).toBe(3);
    expect(r.get('ipamd-version')).toMatchObject({ level: 'ok', why: expect.stringMatching(/^v3\.4\.7: .*global setting: Deployment args; .*need-sync resync: no/) });
    expect(r.get('feature')).toMatchObject({
      level: 'fail',
      why: "off: ipamd's args have --enable-security-group, a misspelling of --enable-security-groups that ipamd silently ignores",
    });
    expect(r.get('ipamd-flags')).toMatchObject({ level: 'fail', why: expect.stringContaining('--enable-security-group (meant --enable-security-groups)') });
    expect(r.get('setting-places')).toMatchObject({ level: 'ok', why: 'read from Deployment args' });
    expect(notOk(r).map((l) => l.split(':')[0])).toEqual(['feature', 'ipamd-flags']);
    // The flag's spelling is the seeds' step "Enabling Security Group Feature for the IPAMD Component"
    // (seed 001): the human report names it on the line after the fix.
    const seed = { document: 'Tencent TKE, "Security Group of VPC-CNI Mode"', section: 'Enabling Security Group Feature for the IPAMD Component', url: null };
    expect(r.get('ipamd-flags').source).toEqual(seed);
    const table = sg(['doctor']).stdout.split('\n');
    const flags = table.findIndex((l) => /^ipamd-flags\s+fail\s/.test(l));
    const block = table.slice(flags + 1, table.findIndex((l, i) => i > flags && /^\S/.test(l)));
    expect(block[0]).toMatch(/^\s+fix: /);
    expect(block.at(-1)).toMatch(/^\s+source: Tencent TKE, "Security Group of VPC-CNI Mode" > Enabling Security Group Feature for the IPAMD Component$/);

    sh(commands(r.get('feature').fix).join('\n'));
    const fixed = doctor();
    expect(notOk(fixed)).toEqual([]);
    expect(fixed.get('feature').why).toMatch(/^on \(Deployment args\), global list sg-/);
    const args = k('-n', 'kube-system', 'get', 'deploy', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].args}');
    expect(JSON.parse(args)).toContain('--enable-security-groups');
  });

  it('turns the feature on with the printed patch when the flag is absent', () => {
    const args = JSON.parse(k('-n', 'kube-system', 'get', 'deploy', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].args}')) as string[];
    const i = args.indexOf('--enable-security-groups');
    k('-n', 'kube-system', 'patch', 'deploy', 'tke-eni-ipamd', '--type=json', '-p', JSON.stringify([{ op: 'remove', path: `/spec/template/spec/containers/0/args/${i}` }]));
    const off = doctor().get('feature');
    expect(off).toMatchObject({ level: 'fail', why: 'off (Deployment args): ipamd binds no security groups to ENIs' });
    sh(commands(off.fix).join('\n'));
    expect(doctor().get('feature').level).toBe('ok');
  });

  const ipamdArgs = () => JSON.parse(k('-n', 'kube-system', 'get', 'deploy', 'tke-eni-ipamd', '-o', 'jsonpath={.spec.template.spec.containers[0].args}')) as string[];
  const replaceArg = (from: string, to: string) => {
    const i = ipamdArgs().indexOf(from);
    expect(i, `${from} in ipamd's args`).toBeGreaterThanOrEqual(0);
    k('-n', 'kube-system', 'patch', 'deploy', 'tke-eni-ipamd', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: `/spec/template/spec/containers/0/args/${i}`, value: to }]));
  };

  it('reads -enable-security-groups (one dash) as the flag itself, as Go does; ipamd keeps running', async () => {
    replaceArg('--enable-security-groups', '-enable-security-groups');
    const r = await until([], (x) => x.get('feature').level === 'ok' && x.get('ipamd').level === 'ok');
    expect(notOk(r)).toEqual([]);
    expect(r.get('feature').why).toMatch(/^on \(Deployment args\), global list sg-/);
    expect(r.get('ipamd-flags')).toMatchObject({ level: 'ok', why: "no misspelt security-group flags in ipamd's args" });
  });

  it('finds that ipamd will not start on --enable-security-groups=yes (the simulator crashes), and the printed command mends it', async () => {
    replaceArg('-enable-security-groups', '--enable-security-groups=yes');
    const r = await until([], (x) => x.get('ipamd').level === 'fail');
    expect(r.get('ipamd')).toMatchObject({ level: 'fail', why: expect.stringContaining('0 of 2 replicas ready') });
    expect(r.get('ipamd-start')).toMatchObject({
      level: 'fail',
      why: `ipamd will not start: its arg --enable-security-groups=yes is refused by Go's flag package (invalid boolean value "yes" for -enable-security-groups: parse error), so it exits with status 2`,
    });
    expect(r.get('ipamd-start').fix).toContain('Go accepts -enable-security-groups or --enable-security-groups, or =1|0|t|f|T|F|true|false|TRUE|FALSE|True|False');
    expect(r.code).toBe(3);
    sh(commands(r.get('ipamd-start').fix).join('\n'));
    expect(ipamdArgs()).toContain('--enable-security-groups=true');
    const fixed = await until([], (x) => notOk(x).length === 0);
    expect(notOk(fixed)).toEqual([]);
    expect(fixed.get('ipamd-start').level).toBe('ok');
  });

  it('fails an ipamd older than v3.2.0, then a cluster without the NEC CRD, then one without ipamd', async () => {
    k('-n', 'kube-system', 'set', 'image', 'deploy/tke-eni-ipamd', 'tke-eni-ipamd=ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd:v3.1.9');
    const old = doctor();
    expect(old.get('ipamd-version')).toMatchObject({ level: 'fail', why: 'v3.1.9 has no security-group feature (it came in v3.2.0)', fix: expect.stringContaining('v3.5.8') });
    expect(old.get('feature')).toMatchObject({ level: 'warn', why: 'not checked: ipamd v3.1.9 has no security-group feature' });

    k('delete', 'crd', 'nodeeniconfigs.networking.tke.cloud.tencent.com', '--wait=true');
    const noCrd = await until([], (r) => r.get('nec-crd').level === 'fail');
    expect(noCrd.get('nec-crd')).toMatchObject({ level: 'fail', why: expect.stringContaining('does not serve nodeeniconfigs.networking.tke.cloud.tencent.com') });
    expect(noCrd.get('nec-per-node')).toMatchObject({ level: 'warn', why: 'not checked: no NodeENIConfig CRD' });

    k('-n', 'kube-system', 'delete', 'deploy', 'tke-eni-ipamd');
    const none = doctor();
    expect(none.get('ipamd')).toMatchObject({ level: 'fail', why: expect.stringContaining('no Deployment kube-system/tke-eni-ipamd') });
    expect(none.get('provider')).toMatchObject({ level: 'fail', why: expect.stringMatching(/^neither TKE VPC-CNI .* nor Alibaba ECI .* runs here; checking TKE VPC-CNI/) });
    expect(none.get('provider').fix).toContain('kubectl -n kube-system get configmap eci-profile');
    expect(none.get('feature')).toMatchObject({ level: 'warn', why: 'not checked: no ipamd Deployment' });
    expect(none.get('cluster-id').level).toBe('warn'); // it was read from ipamd's args
    expect(none.code).toBe(3);
  });
});
