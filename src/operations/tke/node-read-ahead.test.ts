import { describe, expect, it } from 'vitest';
import { INSTANCE_ID_LABEL } from '../../adapters/kube/tke/objects.ts';
import type { KubeNode } from '../../adapters/kube/nodes.ts';
import type { Eni } from '../../adapters/tencent/vpc.ts';
import type { EniReader } from './node-report.ts';
import { TkeNodeReadAhead } from './node-read-ahead.ts';

// A cloud of two ENIs per instance that records every DescribeNetworkInterfaces the reader makes
// (its instance IDs); `held` keeps answers back until released, as a paced cloud would.
function cloud(o: { failOn?: string } = {}) {
  const calls: string[][] = [];
  const reader: EniReader = {
    async describeEnisByInstances(ids) {
      calls.push([...ids]);
      if (o.failOn && ids.includes(o.failOn)) throw new Error(`vpc:DescribeNetworkInterfaces: RequestLimitExceeded (${o.failOn})`);
      return ids.flatMap((id): Eni[] => [0, 1].map((n) => ({ id: `eni-${id.slice(4)}${n}`, primary: n === 0, instanceId: id, groups: ['sg-aaaaaaaa'], privateIps: [], subnetId: '', vpcId: '', state: 'AVAILABLE', eniType: n, name: '', description: '', tags: [], business: undefined, attachType: undefined })));
    },
  };
  return { calls, reader };
}

const node = (i: number, region = true): KubeNode => ({
  metadata: { name: `10.0.${i >> 8}.${i & 255}`, labels: { [INSTANCE_ID_LABEL]: `ins-${String(i).padStart(8, '0')}`, ...(region ? { 'topology.kubernetes.io/region': 'gz' } : {}) } },
});
const nodes = (from: number, to: number, region = true) => Array.from({ length: to - from }, (_, k) => node(from + k, region));
const idsOf = (list: KubeNode[]) => list.map((n) => n.metadata!.labels![INSTANCE_ID_LABEL]!);
/** Lets the read-ahead's promise chains run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

function aheadOver(c: ReturnType<typeof cloud>, o: { runsIpamd?: boolean } = {}) {
  const hints: (readonly string[])[] = [];
  const ahead = new TkeNodeReadAhead({
    necs: Promise.resolve([]),
    runsIpamd: Promise.resolve(o.runsIpamd ?? true),
    openCloud: async (h) => (hints.push(h), c.reader),
  });
  return { ahead, hints };
}

describe('TkeNodeReadAhead', () => {
  it('asks for each full batch of instances as its page arrives, in the batches one read of the whole list would make', async () => {
    const c = cloud();
    const { ahead, hints } = aheadOver(c);
    const all = nodes(0, 350);
    ahead.add(all.slice(0, 250));
    await settle();
    // Two full batches of the first page are asked before the next page is even listed.
    expect(c.calls.map((ids) => ids.length)).toEqual([100, 100]);
    ahead.add(all.slice(250));
    await settle();
    expect(c.calls.map((ids) => ids.length)).toEqual([100, 100, 100]);
    const enis = await ahead.readerOver(c.reader).describeEnisByInstances(idsOf(all));
    // The rest (50) when the report is read: 4 calls, as ceil(350 / 100); the same batches, in node order.
    expect(c.calls).toEqual([0, 100, 200, 300].map((from) => idsOf(all).slice(from, from + 100)));
    expect(enis.map((e) => e.instanceId)).toEqual(idsOf(all).flatMap((id) => [id, id]));
    expect(hints).toEqual([['gz']]);
  });

  it('answers only the instances asked for, without asking again', async () => {
    const c = cloud();
    const { ahead } = aheadOver(c);
    ahead.add(nodes(0, 200));
    await settle();
    const some = idsOf(nodes(150, 160));
    const enis = await ahead.readerOver(c.reader).describeEnisByInstances(some);
    expect(new Set(enis.map((e) => e.instanceId))).toEqual(new Set(some));
    expect(c.calls).toHaveLength(2);
  });

  it('asks nothing ahead where ipamd is not running: the report reads every instance itself', async () => {
    const c = cloud();
    const { ahead, hints } = aheadOver(c, { runsIpamd: false });
    ahead.add(nodes(0, 300));
    await settle();
    expect(c.calls).toEqual([]);
    expect(hints).toEqual([]);
    await ahead.readerOver(c.reader).describeEnisByInstances(idsOf(nodes(0, 300)));
    expect(c.calls).toEqual([idsOf(nodes(0, 300))]);
  });

  it('waits for a node that names the region, the hint the verb opens the cloud with', async () => {
    const c = cloud();
    const { ahead, hints } = aheadOver(c);
    ahead.add(nodes(0, 150, false));
    await settle();
    expect(c.calls).toEqual([]);
    ahead.add(nodes(150, 250));
    await settle();
    expect(hints).toEqual([['gz']]);
    expect(c.calls.map((ids) => ids[0])).toEqual(idsOf([node(0), node(100)]));
  });

  it('keeps a failed batch for whoever reads it, and ends nothing when nobody does', async () => {
    const c = cloud({ failOn: idsOf([node(120)])[0] });
    const unread = aheadOver(c).ahead;
    unread.add(nodes(0, 200));
    await settle();
    // No unhandled rejection: vitest fails the run on one.
    const read = aheadOver(c).ahead;
    read.add(nodes(0, 200));
    await settle();
    await expect(read.readerOver(c.reader).describeEnisByInstances(idsOf(nodes(0, 200)))).rejects.toThrow(/RequestLimitExceeded/);
  });
});
