// Kill points (issue 5, "Never leave a node exposed"): `kubectl sg resync` (the built plugin as
// kubectl runs it, run.ts), killed at random moments of a run over many nodes. One suite per resync
// method, each in its own test file (resync-kill-*.test.ts) so that the two run side by side in
// separate workers: a kill moment must not wait behind the other suite's synchronous kubectl calls.
//   SIGKILL at 8 points, then `kubectl sg resync --resume --yes` (every other time from an empty
//   state directory: another machine, with only the markers on the nodes);
//   SIGTERM and SIGINT at one point each: exit 130, and no --resume needed (or, when the signal
//   lands in the milliseconds Node takes to exit after the run, death by it with the run complete).
// After each, read with kubectl and the emulator's control interface (never the plugin):
// - no node is disabled, carries need-sync or a resync marker (kubectl-sg.io/resync-*); every
//   other annotation and every label is as it was (the disable annotation may read "no" where it
//   was absent, and a node the run resynced names it in kubectl-sg.io/last-change, the audit
//   trail's annotation);
// - each node of the run is either resynced (NEC and every secondary ENI carry exactly the
//   policy's groups, in order) or exactly as it was (a node the run never reached): nothing in
//   between, and no ENI without groups; nodes outside the run (-l selects 8 of 10) and their
//   NECs are untouched, and so are ipamd's Deployment, ConfigMap and the addon.
// The moments are drawn from a seeded PRNG and spread over an uninterrupted run measured first:
// one SIGKILL while the verb starts and plans (before its first line on stderr, which it prints
// as the run begins), the other 7 and the signals one in each equal slice of the run itself.
// KUBECTL_SG_KILL_SEED=<seed in the suite's name> replays a failure. Before each point a few NECs are hand-edited and a few ENIs
// drifted (inside and outside the run), so the resync has work. One sandbox per method: each
// --resume leaves the sandbox consistent for the next point. Nothing here is timed.
import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../sandbox/scenario.ts';
import { runAndSignal, spreadPoints, type SignalledRun } from './kill-points.ts';
import { kubectl, type RunResult, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';
import { snapshot, type SandboxSnapshot } from './snapshot.ts';
import { kubeOf, nodeMetas } from './kube-client.ts';
import { NEC_PLURAL, NET_GROUP, NET_VERSION } from '../sandbox/tke/names.ts';

const SEED = process.env.KUBECTL_SG_KILL_SEED ? Number(process.env.KUBECTL_SG_KILL_SEED) : randomInt(2 ** 31);
const KILL_POINTS = 8;
const SIGNAL_POINTS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

const DISABLE = 'tke.cloud.tencent.com/disable-node-eni-security-groups';
const NEED_SYNC = 'tke.cloud.tencent.com/need-sync-security-groups';
const MARKER_PREFIX = 'kubectl-sg.io/resync-';
/** The audit trail's note of the last change (docs/audit.md): a resynced node carries it. */
const LAST_CHANGE = 'kubectl-sg.io/last-change';
const NODES = 10;
const IN_RUN = 8;
const SELECTOR = 'e2e-resync-kill=in';

export interface KillRow {
  method: 'toggle' | 'need-sync';
  /** ipamd version of the sandbox. */
  version: string;
  /** More flags of every run. */
  flags: string[];
}

interface World {
  nodes: string[];
  inRun: Set<string>;
  /** node → its secondary ENIs (fixed: every node has its ENI from the start). */
  secondaries: Map<string, string[]>;
  policy: string[];
  /** Two hand-made lists, neither the policy: a hand edit always changes a NEC. */
  custom: [string[], string[]];
}

interface Nec {
  metadata: { name: string; resourceVersion?: string };
  spec?: { securityGroups?: string[] };
}

const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const necGroups = (spec: unknown) => (spec as Nec['spec'])?.securityGroups;

/** Node annotations with the disable annotation's "no" and absence made one, and the audit trail's note left out. */
function comparable(annotations: Record<string, string>): Record<string, string> {
  const { [DISABLE]: disable, [LAST_CHANGE]: _lastChange, ...rest } = annotations;
  return disable === undefined || disable === 'no' ? rest : { ...rest, [DISABLE]: disable };
}

function must(r: RunResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const stateDir = () => mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-state-'));

export function killPointSuite(row: KillRow): void {
  describe(`resync --method ${row.method} on ipamd ${row.version}, seed ${SEED} (replay: KUBECTL_SG_KILL_SEED=${SEED})`, () => {
    let sb: Sandbox;
    let w: World;
    const random = prng(SEED);
    /** The points as fractions of a run, made moments by the length of the last run that finished with nothing sent. */
    let killAt: number[] | undefined;
    let signalAt: number[] | undefined;
    let runMs = 0;
    // A run measured under load (the suite starts beside the longest files) may be far longer than later ones: each run that finishes before its moment measures again, so the next points land inside a run.
    const momentOf = (fraction: number) => Math.round(fraction * runMs);
    const measure = (r: SignalledRun) => {
      if (r.signalledAtMs === undefined && r.code === 0) runMs = r.ms;
    };
    /** How each signalled run ended: a verb that ignored its signals would only ever finish. */
    const signalEnds: string[] = [];
    /** Nodes each SIGKILL left carrying a marker: kill points that all missed the work would prove nothing. */
    const leftMarked: number[] = [];

    // --force: the run's nodes in sync (half of them: makeWork touches 4 of 8) are resynced too, so
    // every run has 8 nodes in two waves for the kill points to land in, as its timing assumes.
    const resyncArgs = (...select: string[]) => ['resync', ...select, '--yes', '--force', '--method', row.method, ...row.flags];
    const noSecrets = (...outputs: string[]) => {
      for (const o of outputs) expect(o).not.toContain(sb.env.TENCENTCLOUD_SECRET_KEY);
    };

    beforeAll(async () => {
      sb = await startSandbox('--nodes', String(NODES), '--ipamd-version', row.version);
      const state = await sb.control.state();
      const nodes = state.instances.map((i) => i.nodeName);
      const inRun = new Set(nodes.slice(0, IN_RUN));
      must(kubectl(['label', 'node', ...inRun, SELECTOR], sb.env), 'label the nodes of the run');
      const policy = (state.addon.values?.vpcCni as { securityGroups: { securityGroups: string[] } }).securityGroups.securityGroups;
      const byName = (name: string) => state.securityGroups.find((g) => g.name === name)!.id;
      w = {
        nodes,
        inRun,
        secondaries: new Map(state.instances.map((i) => [i.nodeName, i.eniIds.filter((e) => e !== i.primaryEniId)])),
        policy,
        custom: [[byName('pods-db'), byName('pods-base')], [byName('pods-db')]],
      };
      expect(policy.length).toBeGreaterThan(0);
      for (const c of w.custom) expect(same(c, policy)).toBe(false);
    }, 900_000);
    afterAll(() => sb?.down());

    /** Hand-edits the NECs of 2 nodes in the run and 1 outside, drifts the ENIs of 2 others inside and 1 outside; waits until ipamd applied the edits. */
    async function makeWork(): Promise<string> {
      const shuffled = (xs: string[]) => xs.map((x) => [random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
      const inside = shuffled([...w.inRun]);
      const outside = shuffled(w.nodes.filter((n) => !w.inRun.has(n)));
      const edited = [inside[0]!, inside[1]!, outside[0]!];
      const drifted = [inside[2]!, inside[3]!, outside[1]!];
      // Read and written in this process (kube-client.ts): the setup of ~30 kill points, not what is tested.
      const crd = { group: NET_GROUP, version: NET_VERSION, plural: NEC_PLURAL };
      const all = ((await kubeOf(sb).custom.listClusterCustomObject(crd)) as { items: Nec[] }).items;
      const necs = edited.map((n) => all.find((x) => x.metadata.name === n)!);
      // Each write guarded by the resourceVersion just read, as `kubectl edit` would be.
      for (const nec of necs) {
        nec.spec = { ...nec.spec, securityGroups: same(nec.spec?.securityGroups, w.custom[0]) ? w.custom[1] : w.custom[0] };
        await kubeOf(sb).custom.replaceClusterCustomObject({ ...crd, name: nec.metadata.name, body: nec });
      }
      for (const n of drifted) for (const eni of w.secondaries.get(n)!) await sb.control.setEniGroups(eni, [...w.policy].reverse());
      // ipamd syncs an edited NEC to the ENIs at once; wait for it, so the snapshot taken next is a settled state.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const enis = new Map((await sb.control.enis()).map((e) => [e.NetworkInterfaceId, e.GroupSet]));
        if (necs.every((nec) => w.secondaries.get(nec.metadata.name)!.every((e) => same(enis.get(e), nec.spec!.securityGroups)))) break;
        if (Date.now() > deadline) throw new Error(`ipamd did not sync the hand-edited NECs of ${edited.join(', ')} within 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return `NECs edited by hand: ${edited.join(', ')}; ENIs drifted: ${drifted.join(', ')}`;
    }

    /** The invariants of the top of this file; `everyNode`: each node of the run must be resynced (a run that finished). */
    async function expectConsistent(before: SandboxSnapshot, where: string, runNodes: ReadonlySet<string>, everyNode: boolean): Promise<void> {
      const after = await snapshot(sb);
      for (const n of w.nodes) {
        const [a, b] = [after.nodes[n]!, before.nodes[n]!];
        const at = `${where}: node ${n}`;
        expect(Object.keys(a.annotations).filter((k) => k.startsWith(MARKER_PREFIX)), `${at}: resync markers left`).toEqual([]);
        expect(a.annotations[DISABLE], `${at}: left disabled`).not.toBe('yes');
        expect(a.annotations[NEED_SYNC], `${at}: need-sync left`).toBeUndefined();
        expect(comparable(a.annotations), `${at}: annotations`).toEqual(comparable(b.annotations));
        expect(a.labels, `${at}: labels`).toEqual(b.labels);
        expect(after.necs[n]!.annotations, `${at}: NEC annotations`).toEqual(before.necs[n]!.annotations);
        const enis = w.secondaries.get(n)!;
        const groups = enis.map((e) => after.cloud.enis[e]);
        for (const [i, g] of groups.entries()) expect(g?.length, `${at}: ENI ${enis[i]} has no security group`).toBeGreaterThan(0);
        const nec = necGroups(after.necs[n]!.spec);
        const resynced = same(nec, w.policy) && groups.every((g) => same(g, w.policy));
        const untouched = same(nec, necGroups(before.necs[n]!.spec)) && enis.every((e) => same(after.cloud.enis[e], before.cloud.enis[e]));
        const state =
          `NEC ${JSON.stringify(nec)}, ENIs ${JSON.stringify(groups)}; before: NEC ${JSON.stringify(necGroups(before.necs[n]!.spec))}, ` +
          `ENIs ${JSON.stringify(enis.map((e) => before.cloud.enis[e]))}; policy ${JSON.stringify(w.policy)}`;
        if (!runNodes.has(n)) {
          expect(after.necs[n], `${at} is outside the run: its NEC changed`).toEqual(before.necs[n]);
          expect(untouched, `${at} is outside the run but changed: ${state}`).toBe(true);
        } else if (everyNode) {
          expect(resynced, `${at} was not resynced: ${state}`).toBe(true);
        } else {
          expect(resynced || untouched, `${at} is neither resynced nor as it was: ${state}`).toBe(true);
        }
      }
      expect(after.ipamd, `${where}: ipamd's Deployment or ConfigMap changed`).toEqual(before.ipamd);
      expect(after.cloud.addon, `${where}: the addon's values changed`).toEqual(before.cloud.addon);
    }

    async function uninterrupted(select: string[]): Promise<SignalledRun> {
      const work = await makeWork();
      const before = await snapshot(sb);
      const r = await runAndSignal(resyncArgs(...select), { ...sb.env, KUBECTL_SG_STATE_DIR: stateDir() }, undefined, 'SIGKILL');
      const where = `seed ${SEED}, kubectl sg ${resyncArgs(...select).join(' ')} without interruption (${work})`;
      noSecrets(r.stdout, r.stderr);
      expect(r.code, `${where}: ${r.stderr}`).toBe(0);
      await expectConsistent(before, where, select[0] === '--all' ? new Set(w.nodes) : w.inRun, true);
      return r;
    }

    /** What the kill left on the nodes, before --resume: marked, disabled, need-sync. */
    async function leftOver(): Promise<{ marked: number; text: string }> {
      const nodes = await nodeMetas(sb);
      const count = (f: (a: Record<string, string>) => boolean) => nodes.filter((n) => f(n.metadata.annotations ?? {})).length;
      const marked = count((a) => Object.keys(a).some((k) => k.startsWith(MARKER_PREFIX)));
      return { marked, text: `left ${marked} nodes marked, ${count((a) => a[DISABLE] === 'yes')} disabled, ${count((a) => a[NEED_SYNC] === 'true')} with need-sync` };
    }

    /** What a signalled run did, for failure messages. */
    const story = (signal: NodeJS.Signals, atMs: number, r: SignalledRun, work: string) =>
      `seed ${SEED}, ${signal} planned at ${atMs} ms, ${r.signalledAtMs === undefined ? 'not sent: the run had finished' : `sent at ${r.signalledAtMs} ms`}, ` +
      `exit ${r.code ?? r.signal} after ${r.ms} ms (${work}); stderr: ${r.stderr.trim().split('\n').slice(-8).join(' | ')}`;

    it('resyncs every node with --all', async () => {
      await uninterrupted(['--all']);
    });

    it(`resyncs the ${IN_RUN} nodes of -l ${SELECTOR} and nothing else (this run's timing spreads the kill points)`, async () => {
      const r = await uninterrupted(['-l', SELECTOR]);
      const begins = r.firstStderrMs ?? 0;
      runMs = r.ms;
      killAt = [...spreadPoints(random, 1, 0, begins), ...spreadPoints(random, KILL_POINTS - 1, begins, r.ms)].map((ms) => ms / r.ms);
      signalAt = spreadPoints(random, SIGNAL_POINTS.length, begins, r.ms).map((ms) => ms / r.ms);
    });

    for (let i = 0; i < KILL_POINTS; i++) {
      const otherMachine = i % 2 === 1;
      it(`SIGKILL at kill point ${i + 1}/${KILL_POINTS}, then --resume --yes${otherMachine ? ' from another machine (an empty state directory)' : ''}`, async () => {
        if (!killAt) throw new Error('the uninterrupted -l run (which measures the duration) did not pass');
        const work = await makeWork();
        const before = await snapshot(sb);
        const dir = stateDir();
        const at = momentOf(killAt[i]!);
        const r = await runAndSignal(resyncArgs('-l', SELECTOR), { ...sb.env, KUBECTL_SG_STATE_DIR: dir }, at, 'SIGKILL');
        measure(r);
        const left = await leftOver();
        leftMarked.push(left.marked);
        const where = `${story('SIGKILL', at, r, work)}; ${left.text}`;
        noSecrets(r.stdout, r.stderr);
        // A SIGKILL sent in the moment the run exited (its group still there, the exit not yet
        // seen here) kills nothing: the run then ended as a finished one, with exit 0.
        if (r.signalledAtMs === undefined || r.code === 0) expect(r.code, where).toBe(0);
        else expect(r.signal, where).toBe('SIGKILL');
        const resume = runPlugin(['resync', '--resume', '--yes'], { ...sb.env, KUBECTL_SG_STATE_DIR: otherMachine ? stateDir() : dir });
        noSecrets(resume.stdout, resume.stderr);
        expect(resume.code, `${where}; resume: ${resume.stderr}`).toBe(0);
        await expectConsistent(before, `${where}; after --resume`, w.inRun, false);
      });
    }

    SIGNAL_POINTS.forEach((signal, i) => {
      it(`${signal} at point ${i + 1}/${SIGNAL_POINTS.length}: exit 130 with the nodes in flight restored, nothing left for --resume`, async () => {
        if (!signalAt) throw new Error('the uninterrupted -l run (which measures the duration) did not pass');
        const work = await makeWork();
        const before = await snapshot(sb);
        const at = momentOf(signalAt[i]!);
        const r = await runAndSignal(resyncArgs('-l', SELECTOR), { ...sb.env, KUBECTL_SG_STATE_DIR: stateDir() }, at, signal);
        measure(r);
        const where = story(signal, at, r, work);
        noSecrets(r.stdout, r.stderr);
        // Exit 0: not sent, or sent as the run ended, after its last node was done; then every
        // node of the run must be resynced (checked last).
        let finished = r.code === 0;
        if (r.code === null) {
          // Killed by the signal's default action. Acceptable at two moments only: before the
          // verb took the signal over (nothing may have changed then), and in the milliseconds
          // Node takes to exit after the run is over: its cleanup closes the signal handles, and
          // libuv gives a signal that no handle watches its default action back
          // (src/unix/signal.c, uv__signal_unregister_handler: SIG_DFL). A run that changed
          // anything must then have finished: every node of it resynced, nothing left marked.
          expect(r.signal, where).toBe(signal);
          finished = !isDeepStrictEqual(await snapshot(sb), before);
        } else if (!finished) {
          expect(r.code, where).toBe(130);
        }
        signalEnds.push(r.signalledAtMs === undefined ? 'finished first' : r.code === null && finished ? `died of ${signal} after the run` : `exit ${r.code ?? r.signal}`);
        await expectConsistent(before, finished ? `${where} (the run finished)` : where, w.inRun, finished);
      });
    });

    it('left marked nodes for --resume at one kill point at least (the points hit the run, not only its start or end)', () => {
      expect(leftMarked, `seed ${SEED}`).toHaveLength(KILL_POINTS);
      expect(leftMarked.some((n) => n > 0), `seed ${SEED}: marked nodes per kill point ${leftMarked.join(', ')}`).toBe(true);
    });

    it('stopped at least one run with those signals (a verb that ignored them would always finish)', () => {
      expect(signalEnds, `seed ${SEED}`).toHaveLength(SIGNAL_POINTS.length);
      expect(signalEnds.some((e) => e.startsWith('exit ') && e !== 'exit 0'), `seed ${SEED}: ${signalEnds.join(', ')}`).toBe(true);
    });
  });
}
