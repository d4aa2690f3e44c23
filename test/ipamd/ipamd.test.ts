// The ipamd simulator against a real kube-apiserver and the cloud emulator: every documented
// security-group rule, observed the way an operator would (kubectl, the real Tencent Cloud SDK).
// One apiserver for the file; each test gets its own scenario, emulator and simulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromYaml } from '../sandbox/tke/yaml.ts';
import { ANN_DISABLE, ANN_NEED_SYNC, IPAMD_NAME, KUBE_SYSTEM } from '../sandbox/tke/names.ts';
import { NETWORK_CONF_KEY } from '../sandbox/tke/network-conf.ts';
import { eventually, startCluster, startWorld, updateAddonSecurityGroups, type Cluster, type World, type WorldOptions } from './harness.ts';

let c: Cluster;
let w: World | undefined;

beforeAll(async () => {
  c = await startCluster();
}, 900_000);

afterAll(async () => {
  await c?.stop();
});

afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function world(o: WorldOptions): Promise<World> {
  w = await startWorld(c, o);
  return w;
}

/** The scenario's five groups: [node default (primary ENIs), pods-base, pods-web, pods-db, legacy-wide-open]. */
const sgIds = (w: World) => w.scenario.securityGroups.map((g) => g.id) as [string, string, string, string, string];

describe('what a node gets when ipamd syncs it', () => {
  it('v3.5.8, global list: the NEC is created with the list and every secondary ENI is bound in that order', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 2 });
    const list = w.scenario.ipamd.securityGroups;
    expect(list).toHaveLength(2);
    for (const ins of w.scenario.instances) {
      const nec = JSON.parse(await w.kubectl('get', 'nec', ins.nodeName, '-o', 'json')) as { spec: { securityGroups: string[] } };
      expect(nec.spec.securityGroups).toEqual(list);
      const enis = await w.enis(ins.id);
      expect(enis.find((e) => e.primary)!.groups).toEqual(ins.primaryEni.groups); // never touched
      expect(enis.filter((e) => !e.primary).map((e) => e.groups)).toEqual([list]);
    }
    // Bound by ipamd's own credential. How many calls that took depends on timing (an ENI that
    // comes after the 10 ms batch window goes in the next call), so batching is tested with fake
    // timers in rules.test.ts and in bulk by the 300-node test below.
    const calls = await w.emu.control.calls();
    const assoc = calls.filter((x) => x.action === 'AssociateNetworkInterfaceSecurityGroups');
    expect(assoc.length).toBeGreaterThan(0);
    expect(assoc.map((x) => [x.identity, x.code]).filter(([id, code]) => id !== 'ipamd' || code !== '')).toEqual([]);
  });

  it('no global list: the node inherits its primary ENI groups', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 0 });
    const ins = w.node(0);
    expect(ins.primaryEni.groups.length).toBeGreaterThan(0);
    expect(await w.necGroups(ins.nodeName)).toEqual(ins.primaryEni.groups);
    expect(await w.secondaryGroups(0)).toEqual([ins.primaryEni.groups]);
  });

  it('v3.3.1 with the typo --enable-security-group: NECs without groups, nothing bound', async () => {
    const w = await world({ ipamdVersion: 'v3.3.1', typoFlag: true });
    const args = JSON.parse(await w.kubectl('-n', KUBE_SYSTEM, 'get', 'deploy', IPAMD_NAME, '-o', 'jsonpath={.spec.template.spec.containers[0].args}')) as string[];
    expect(args).toContain('--enable-security-group');
    for (const ins of w.scenario.instances) {
      expect(await w.necGroups(ins.nodeName)).toBeUndefined(); // the NEC exists, no groups
      expect(await w.secondaryGroups(ins)).toEqual([[]]);
    }
    const calls = await w.emu.control.calls();
    expect(calls.filter((x) => x.action.includes('SecurityGroups'))).toEqual([]);
  });

  it('feature off (v3.5.8): ENIs untouched; turning it on through the addon binds every node', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', enableSecurityGroups: false, globalGroups: 2 });
    await w.emu.control.setEniGroups(w.node(1).secondaryEnis[0]!.id, [sgIds(w)[3]]);
    expect(await w.necGroups(w.node(0).nodeName)).toBeUndefined();
    expect(await w.secondaryGroups(0)).toEqual([[]]);

    await updateAddonSecurityGroups(w, { enableSecurityGroups: true, securityGroups: w.scenario.ipamd.securityGroups });
    const list = w.scenario.ipamd.securityGroups;
    await eventually(async () => {
      for (const ins of w.scenario.instances) {
        expect(await w.necGroups(ins.nodeName)).toEqual(list);
        expect(await w.secondaryGroups(ins)).toEqual([list]); // v3.3.2+: the ENI that had a group is strongly synced
      }
    });
  });
});

describe('editing a node NEC (kubectl edit nec)', () => {
  it('v3.5.x: the node ENIs are strongly synced to exactly the new list, in its order', async () => {
    const w = await world({ ipamdVersion: 'v3.5.7', globalGroups: 2 });
    const [, a, b, d] = sgIds(w);
    expect(await w.secondaryGroups(0)).toEqual([[a, b]]);
    const before = w.ipamd.syncCount(w.node(0).nodeName);
    await w.kubectl('patch', 'nec', w.node(0).nodeName, '--type=merge', '-p', JSON.stringify({ spec: { securityGroups: [d, a] } }));
    await w.synced(w.node(0).nodeName, before);
    expect(await w.secondaryGroups(0)).toEqual([[d, a]]);
    expect(await w.secondaryGroups(1)).toEqual([[a, b]]); // other nodes untouched
    // Reordering alone is a change too (order = priority).
    const before2 = w.ipamd.syncCount(w.node(0).nodeName);
    await w.kubectl('patch', 'nec', w.node(0).nodeName, '--type=merge', '-p', JSON.stringify({ spec: { securityGroups: [a, d] } }));
    await w.synced(w.node(0).nodeName, before2);
    expect(await w.secondaryGroups(0)).toEqual([[a, d]]);
  });

  it('v3.3.1 (< v3.3.2): an ENI that has groups keeps them, an ENI without groups gets the new list', async () => {
    const w = await world({ ipamdVersion: 'v3.3.1', globalGroups: 2 });
    const [, a, b, d] = sgIds(w);
    const ins = w.node(0);
    expect(await w.secondaryGroups(ins)).toEqual([[a, b]]);
    // A second secondary ENI appears (no groups yet), then the operator edits the NEC.
    const fresh = await w.emu.control.createEni({ instanceId: ins.id });
    const before = w.ipamd.syncCount(ins.nodeName);
    await w.kubectl('patch', 'nec', ins.nodeName, '--type=merge', '-p', JSON.stringify({ spec: { securityGroups: [d] } }));
    await w.synced(ins.nodeName, before);
    const enis = await w.enis(ins.id);
    expect(enis.find((e) => e.id === ins.secondaryEnis[0]!.id)!.groups).toEqual([a, b]); // kept
    expect(enis.find((e) => e.id === fresh.NetworkInterfaceId)!.groups).toEqual([d]); // bound
  });
});

describe('the global list', () => {
  it('v3.4.x args: editing --security-groups restarts ipamd; only new nodes get the new list', async () => {
    const w = await world({ ipamdVersion: 'v3.4.7', globalGroups: 1 });
    const [, a, b, d] = sgIds(w);
    expect(await w.secondaryGroups(0)).toEqual([[a]]);
    const dep = JSON.parse(await w.kubectl('-n', KUBE_SYSTEM, 'get', 'deploy', IPAMD_NAME, '-o', 'json')) as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } };
    const args = dep.spec.template.spec.containers[0]!.args.map((x) => (x.startsWith('--security-groups=') ? `--security-groups=${b},${d}` : x));
    await w.kubectl('-n', KUBE_SYSTEM, 'patch', 'deploy', IPAMD_NAME, '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/args', value: args }]));
    await eventually(() => expect(w.ipamd.status().starts).toBe(2));
    await w.ipamd.idle();
    expect(w.ipamd.status().config?.globalList).toEqual([b, d]);
    expect(await w.necGroups(w.node(0).nodeName)).toEqual([a]);
    expect(await w.secondaryGroups(0)).toEqual([[a]]);

    const added = await w.addNode();
    await eventually(async () => {
      expect(await w.necGroups(added.nodeName)).toEqual([b, d]);
      // ipamd created the new node's secondary ENI and bound the new list to it.
      expect(await w.secondaryGroups(added)).toEqual([[b, d]]);
    });
  });

  it('v3.5.x addon: UpdateAddon re-renders the ConfigMap; new nodes get the new list, existing ones keep theirs', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 2 });
    const [, a, b, d] = sgIds(w);
    await updateAddonSecurityGroups(w, { enableSecurityGroups: true, securityGroups: [d] });
    await eventually(async () => {
      const cm = JSON.parse(await w.kubectl('-n', KUBE_SYSTEM, 'get', 'cm', IPAMD_NAME, '-o', 'json')) as { data: Record<string, string> };
      const doc = fromYaml(cm.data[NETWORK_CONF_KEY]!) as { securityGroups: unknown; routeEni: unknown };
      expect(doc.securityGroups).toEqual({ enableSecurityGroups: true, securityGroups: [d] });
      expect(doc.routeEni).toBeDefined(); // the whole vpcCni, not only the part that changed
    });
    await eventually(() => expect(w.ipamd.status().config?.globalList).toEqual([d]));
    expect(w.ipamd.status().starts).toBe(1); // watched, no restart
    const added = await w.addNode();
    await eventually(async () => expect(await w.secondaryGroups(added)).toEqual([[d]]));
    expect(await w.necGroups(added.nodeName)).toEqual([d]);
    expect(await w.necGroups(w.node(0).nodeName)).toEqual([a, b]);
    expect(await w.secondaryGroups(0)).toEqual([[a, b]]);
  });
});

describe('resyncing a node', () => {
  it('toggle: "yes" unbinds every group; "no" binds the policy again and rewrites a hand-edited NEC', async () => {
    const w = await world({ ipamdVersion: 'v3.5.7', globalGroups: 2 });
    const [, a, b, d] = sgIds(w);
    const name = w.node(0).nodeName;
    let n = w.ipamd.syncCount(name);
    await w.kubectl('patch', 'nec', name, '--type=merge', '-p', JSON.stringify({ spec: { securityGroups: [d] } }));
    await w.synced(name, n);
    expect(await w.secondaryGroups(0)).toEqual([[d]]);

    n = w.ipamd.syncCount(name);
    await w.kubectl('annotate', 'node', name, '--overwrite', `${ANN_DISABLE}=yes`);
    await w.synced(name, n);
    expect(await w.secondaryGroups(0)).toEqual([[]]);
    expect(await w.necGroups(name)).toEqual([d]); // the NEC is left alone while disabled
    expect(await w.secondaryGroups(1)).toEqual([[a, b]]);

    n = w.ipamd.syncCount(name);
    await w.kubectl('annotate', 'node', name, '--overwrite', `${ANN_DISABLE}=no`);
    await w.synced(name, n);
    expect(await w.secondaryGroups(0)).toEqual([[a, b]]);
    expect(await w.necGroups(name)).toEqual([a, b]);
  });

  it('need-sync on v3.5.8: re-derives from the policy, strong-syncs without unbinding, removes the annotation', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 2 });
    const [, a, b, d, e] = sgIds(w);
    const ins = w.node(0);
    // Drift behind ipamd's back plus a new global list: neither reaches the node by itself.
    await w.emu.control.setEniGroups(ins.secondaryEnis[0]!.id, [a, e]);
    await updateAddonSecurityGroups(w, { enableSecurityGroups: true, securityGroups: [a, d] });
    await eventually(() => expect(w.ipamd.status().config?.globalList).toEqual([a, d]));
    await w.ipamd.idle();
    expect(await w.secondaryGroups(ins)).toEqual([[a, e]]);
    expect(await w.necGroups(ins.nodeName)).toEqual([a, b]);

    await w.emu.control.clearCalls();
    await w.kubectl('annotate', 'node', ins.nodeName, `${ANN_NEED_SYNC}=true`);
    await eventually(async () => {
      const anns = JSON.parse(await w.kubectl('get', 'node', ins.nodeName, '-o', 'jsonpath={.metadata.annotations}') || '{}') as Record<string, string>;
      expect(anns[ANN_NEED_SYNC]).toBeUndefined();
    });
    expect(await w.secondaryGroups(ins)).toEqual([[a, d]]);
    expect(await w.necGroups(ins.nodeName)).toEqual([a, d]);
    // One Disassociate (e) and one Associate (d), by ipamd; `a` stays bound throughout (plan.ts).
    const writes = (await w.emu.control.calls()).filter((x) => x.action.endsWith('NetworkInterfaceSecurityGroups'));
    expect(writes.map((x) => [x.action, x.identity, x.code])).toEqual([
      ['DisassociateNetworkInterfaceSecurityGroups', 'ipamd', ''],
      ['AssociateNetworkInterfaceSecurityGroups', 'ipamd', ''],
    ]);
    expect(await w.secondaryGroups(1)).toEqual([[a, b]]); // other nodes keep theirs
  });

  it('UpdateAddon to 3.5.8 rolls the ipamd Deployment to the new image; need-sync then works', async () => {
    const w = await world({ ipamdVersion: 'v3.5.7', globalGroups: 2 });
    const [, a, , d] = sgIds(w);
    await w.tke.request('UpdateAddon', { ClusterId: w.scenario.clusterId, AddonName: 'eniipamd', AddonVersion: '3.5.8' });
    await eventually(() => expect(w.ipamd.status()).toMatchObject({ version: 'v3.5.8', starts: 2 }));
    const image = await w.kubectl('-n', KUBE_SYSTEM, 'get', 'deploy', IPAMD_NAME, '-o', 'jsonpath={.spec.template.spec.containers[0].image}');
    expect(image).toBe('ccr.ccs.tencentyun.com/tkeimages/tke-eni-ipamd:v3.5.8');
    await w.kubectl('-n', KUBE_SYSTEM, 'rollout', 'status', `deploy/${IPAMD_NAME}`, '--timeout=10s');

    await updateAddonSecurityGroups(w, { enableSecurityGroups: true, securityGroups: [d, a] });
    await eventually(() => expect(w.ipamd.status().config?.globalList).toEqual([d, a]));
    await w.kubectl('annotate', 'node', w.node(2).nodeName, `${ANN_NEED_SYNC}=true`);
    await eventually(async () => expect(await w.secondaryGroups(2)).toEqual([[d, a]]));
    expect(await w.necGroups(w.node(2).nodeName)).toEqual([d, a]);
  });

  it('need-sync on v3.5.7 is ignored and left in place', async () => {
    const w = await world({ ipamdVersion: 'v3.5.7', globalGroups: 2 });
    const [, a, b, , e] = sgIds(w);
    const ins = w.node(0);
    await w.emu.control.setEniGroups(ins.secondaryEnis[0]!.id, [e]);
    const n = w.ipamd.syncCount(ins.nodeName);
    await w.kubectl('annotate', 'node', ins.nodeName, `${ANN_NEED_SYNC}=true`);
    await w.synced(ins.nodeName, n);
    const anns = JSON.parse(await w.kubectl('get', 'node', ins.nodeName, '-o', 'jsonpath={.metadata.annotations}')) as Record<string, string>;
    expect(anns[ANN_NEED_SYNC]).toBe('true');
    expect(await w.necGroups(ins.nodeName)).toEqual([a, b]);
    // The node sync that the annotation event caused is a plain one: strong sync to the NEC.
    expect(await w.secondaryGroups(ins)).toEqual([[a, b]]);
  });
});

describe('cloud permissions', () => {
  /** The Warning events on the node, once one with `reason` is there. */
  const warningOn = async (name: string, reason: string) => {
    let found: { type: string; reason: string; message: string; source: { component: string } } | undefined;
    await eventually(async () => {
      const ev = JSON.parse(
        await w!.kubectl('get', 'events', '-n', 'default', '--field-selector', `involvedObject.kind=Node,involvedObject.name=${name}`, '-o', 'json'),
      ) as { items: Array<{ type: string; reason: string; message: string; source: { component: string } }> };
      found = ev.items.find((x) => x.reason === reason);
      expect(found).toBeDefined();
    });
    expect(found!.type).toBe('Warning');
    expect(found!.source.component).toBe('tke-eni-ipamd');
    return found!;
  };

  it('without the CAM policy: a Warning Event on the node names the action, nothing is bound; with it, the retry binds', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 2, ipamdRoleHasPolicy: false });
    const name = w.node(0).nodeName;
    const e = await warningOn(name, 'FailedBindSecurityGroups');
    expect(e.message).toContain('UnauthorizedOperation');
    expect(e.message).toContain('cvm:AssociateNetworkInterfaceSecurityGroups');
    expect(e.message).toMatch(/^failed to bind security groups sg-/);
    expect(await w.necGroups(name)).toEqual(w.scenario.ipamd.securityGroups); // the NEC is written anyway
    expect(await w.secondaryGroups(0)).toEqual([[]]);

    await w.emu.control.setIpamdRolePolicy(true);
    await eventually(async () => expect(await w.secondaryGroups(0)).toEqual([w.scenario.ipamd.securityGroups]));
  });

  it('writes the reason and wording the scenario picks (the real ones are unknown): here SyncENIFailed with the SDK error only', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 2, ipamdRoleHasPolicy: false, bindEventReason: 'SyncENIFailed', bindEventWording: 'sdk-error' });
    const e = await warningOn(w.node(0).nodeName, 'SyncENIFailed');
    expect(e.message).toMatch(/^sync eni eni-\w+ failed: \[TencentCloudSDKError\] Code=UnauthorizedOperation, Message=\[request id:[^\]]+\]you are not authorized to perform operation \(cvm:AssociateNetworkInterfaceSecurityGroups\).*, RequestId=\S+$/);
    expect(e.message).not.toContain('IPAMDofTKE_QCSRole');
  });
});

describe('cloud calls', () => {
  // How many calls a batch saves and how fast they go depend on timing, so those are tested with
  // fake timers in rules.test.ts (the batching and the token buckets). Here, with real processes,
  // only what holds however slow the machine is: every ENI bound, fewer calls than ENIs (a
  // write waits for its action's budget, and the batch fills meanwhile), and nothing the cloud
  // refused left unretried.
  it('300 nodes: every ENI bound, in batched calls, within the cloud\'s limits', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', nodes: 300, globalGroups: 2 });
    const list = w.scenario.ipamd.securityGroups;
    const enis = await w.emu.control.enis();
    const secondaries = enis.filter((e) => !e.Primary);
    expect(secondaries).toHaveLength(300);
    expect(secondaries.every((e) => e.GroupSet.join(',') === list.join(','))).toBe(true);
    const calls = (await w.emu.control.calls()).filter((x) => x.identity === 'ipamd');
    const assoc = calls.filter((x) => x.action === 'AssociateNetworkInterfaceSecurityGroups');
    const describes = calls.filter((x) => x.action === 'DescribeNetworkInterfaces');
    expect(assoc.length).toBeGreaterThanOrEqual(3); // at most 100 ENIs per call
    // Fewer calls than ENIs or instances, not a fixed 150: ENIs that trickle in (a slow API server) can get 15 calls/s for as long as that lasts.
    expect(assoc.length).toBeLessThan(secondaries.length); // batched, not one call per node
    expect(describes.length).toBeLessThan(w.scenario.instances.length); // many instances per describe
    expect(calls.filter((x) => x.code !== '' && x.code !== 'RequestLimitExceeded')).toEqual([]);
  });

  it('RequestLimitExceeded: ipamd backs off and retries', async () => {
    // One node, so one ENI: with three, one coming after the batch window made a call of its own
    // (four calls, CI at 68694e7).
    const w = await world({
      ipamdVersion: 'v3.5.8',
      nodes: 1,
      globalGroups: 2,
      beforeIpamd: async (emu) => {
        await emu.control.setFaults({ failAction: { action: 'AssociateNetworkInterfaceSecurityGroups', code: 'RequestLimitExceeded', times: 2 } });
      },
    });
    expect(await w.secondaryGroups(0)).toEqual([w.scenario.ipamd.securityGroups]);
    const assoc = (await w.emu.control.calls()).filter((x) => x.action === 'AssociateNetworkInterfaceSecurityGroups');
    expect(assoc.map((x) => x.code)).toEqual(['RequestLimitExceeded', 'RequestLimitExceeded', '']);
    expect(assoc[2]!.at - assoc[0]!.at).toBeGreaterThanOrEqual(200); // backed off
    expect(w.ipamd.status().cloud.throttled).toBe(2);
  });

  it('start-up: a node whose first sync failed once is synced again before ipamd is started (a sandbox\'s ready line)', async () => {
    // What a time-out or an API server's 5xx does to one sync: the node is retried after
    // retryBaseMs. Were it retried after the ready line, it would undo drift a test made meanwhile
    // (strong sync) or move a snapshot taken at ready. Without the wait, startIpamd returns after
    // the first attempt (one sync counted; a retry is 3 s off here, unless an event of the node
    // brings it sooner).
    const w = await world({
      ipamdVersion: 'v3.5.8',
      nodes: 1,
      globalGroups: 2,
      ipamd: { retryBaseMs: 3_000 },
      beforeIpamd: async (emu) => {
        await emu.control.setFaults({ failAction: { action: 'AssociateNetworkInterfaceSecurityGroups', code: 'InvalidParameterValue', times: 1 } });
      },
    });
    expect(w.ipamd.syncCount(w.node(0).nodeName)).toBe(2);
    expect(await w.secondaryGroups(0)).toEqual([w.scenario.ipamd.securityGroups]);
  });

  it('a resync period corrects drift made behind ipamd back (off by default, see need-sync)', async () => {
    const w = await world({ ipamdVersion: 'v3.5.8', globalGroups: 2, ipamd: { resyncPeriodMs: 300 } });
    const [, a, b, , e] = sgIds(w);
    await w.emu.control.setEniGroups(w.node(0).secondaryEnis[0]!.id, [e]);
    await eventually(async () => expect(await w.secondaryGroups(0)).toEqual([[a, b]]));
  });
});

// Last: it deletes the NodeENIConfig CRD, and the first custom-object write after a CRD is
// (re)created is slow on the apiserver (about 2 s).
describe('before v3.2.0', () => {
  it('v3.1.x: no security-group feature and no NodeENIConfig CRD', async () => {
    const w = await world({ ipamdVersion: 'v3.1.9', globalGroups: 2 });
    await expect(w.kubectl('get', 'nec')).rejects.toThrow(/doesn't have a resource type "nec"|could not find the requested resource/);
    await expect(w.kubectl('get', 'crd', 'nodeeniconfigs.networking.tke.cloud.tencent.com')).rejects.toThrow(/NotFound/);
    expect(await w.secondaryGroups(0)).toEqual([[]]);
    expect(w.ipamd.status().features?.securityGroups).toBe(false);
  });
});
