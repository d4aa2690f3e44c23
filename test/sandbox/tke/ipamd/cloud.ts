// ipamd's cloud calls, made with the REAL tencentcloud-sdk-nodejs (vpc 2017-03-12) and ipamd's
// own credential (the temporary key of role IPAMDofTKE_QCSRole: secretId, secretKey, token),
// through the emulator's HTTPS proxy. What it does:
// - DescribeNetworkInterfaces by `attachment.instance-id`, many instances per call (coalesced
//   within a few ms), Limit 100, paged with Offset;
// - Associate/DisassociateNetworkInterfaceSecurityGroups: ENIs that need the same change within
//   the batching window go into one call of up to 100 ENIs; a multi-ENI call failing for a
//   reason that may concern one ENI only (not CAM, not throttling) is retried ENI by ENI;
// - token buckets keep all calls under ipamd's budget (rate.ts); a batch is cut only when its
//   call may go out, so under load batches fill up (batch.ts); RequestLimitExceeded (and
//   InternalError) are retried with exponential backoff and jitter.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Coalescer, type Outcome } from './batch.ts';
import { TokenBucket } from './rate.ts';
import { TunnelAgent } from './tunnel-agent.ts';

const require = createRequire(import.meta.url);
const sdkMain = require.resolve('tencentcloud-sdk-nodejs');
const sdkRoot = sdkMain.slice(0, sdkMain.lastIndexOf('/tencentcloud/') + '/tencentcloud/'.length);
const sdkRequire = createRequire(sdkMain);

type VpcClient = { request(action: string, req: unknown): Promise<Record<string, unknown>> };
const VpcClientCtor = (sdkRequire(sdkRoot + 'services/vpc/v20170312/vpc_client.js') as { Client: new (config: unknown) => VpcClient }).Client;

export interface Eni {
  id: string;
  primary: boolean;
  instanceId: string;
  groups: string[];
}

export class CloudError extends Error {
  readonly code: string;
  readonly action: string;
  readonly requestId: string;
  constructor(action: string, code: string, message: string, requestId: string) {
    super(`${action}: ${code}: ${message}`);
    this.action = action;
    this.code = code;
    this.requestId = requestId;
  }
}

export const ASSOCIATE = 'AssociateNetworkInterfaceSecurityGroups';
export const DISASSOCIATE = 'DisassociateNetworkInterfaceSecurityGroups';
const DESCRIBE = 'DescribeNetworkInterfaces';

export interface CloudOptions {
  proxyUrl: string;
  caFile: string;
  region: string;
  credential: { secretId: string; secretKey: string; token: string };
  /** Overall budget (default 40/s, burst 10). */
  callsPerSecond?: number;
  /** Per write action (default 15/s, burst 5: under the API's 20/s). */
  writesPerSecond?: number;
  /** Batching window (default 10 ms). */
  batchWindowMs?: number;
  log?: (line: string) => void;
}

export interface CloudStats {
  calls: Record<string, number>;
  throttled: number;
}

export class Cloud {
  private readonly client: VpcClient;
  private readonly agent: TunnelAgent;
  private readonly overall: TokenBucket;
  private readonly perAction: Map<string, TokenBucket>;
  private readonly describer: Coalescer<string, Eni[]>;
  private readonly writer: Coalescer<string, void>;
  private readonly log: (line: string) => void;
  private stopped = false;
  readonly stats: CloudStats = { calls: {}, throttled: 0 };

  constructor(o: CloudOptions) {
    this.log = o.log ?? (() => {});
    this.agent = new TunnelAgent(o.proxyUrl, readFileSync(o.caFile, 'utf8'));
    this.client = new VpcClientCtor({
      credential: o.credential,
      region: o.region,
      profile: { httpProfile: { agent: this.agent, reqTimeout: 30 } },
    });
    const rate = o.callsPerSecond ?? 40;
    this.overall = new TokenBucket(rate, Math.max(1, Math.round(rate / 4)));
    const w = o.writesPerSecond ?? 15;
    this.perAction = new Map([ASSOCIATE, DISASSOCIATE].map((a) => [a, new TokenBucket(w, Math.max(1, Math.round(w / 3)))]));
    const windowMs = o.batchWindowMs ?? 10;
    // 50 instances per describe: 2 ENIs each in the sandbox, so one page of 100 usually.
    this.describer = new Coalescer({ max: 50, windowMs, gate: () => this.budget(DESCRIBE), run: (_k, ids) => this.describeMany(ids) });
    this.writer = new Coalescer({
      max: 100,
      windowMs,
      gate: (key) => this.budget(key.slice(0, key.indexOf('|'))),
      run: (key, enis) => {
        const [action, groups] = key.split('|') as [string, string];
        return this.writeMany(action, groups.split(','), enis);
      },
    });
  }

  /** The ENIs attached to an instance, in the API's order (the primary first). */
  enisOf(instanceId: string): Promise<Eni[]> {
    return this.describer.add('', instanceId);
  }

  associate(eniId: string, groups: string[]): Promise<void> {
    return this.writer.add(`${ASSOCIATE}|${groups.join(',')}`, eniId);
  }

  disassociate(eniId: string, groups: string[]): Promise<void> {
    return this.writer.add(`${DISASSOCIATE}|${groups.join(',')}`, eniId);
  }

  stop(): void {
    this.stopped = true;
    this.describer.close();
    this.writer.close();
    this.overall.close();
    for (const b of this.perAction.values()) b.close();
    this.agent.destroy();
  }

  /** Waits until a call of `action` fits the budget (the action's own bucket, then the overall one). */
  private async budget(action: string): Promise<void> {
    await this.perAction.get(action)?.take();
    await this.overall.take();
  }

  private async describeMany(instanceIds: string[]): Promise<Map<string, Outcome<Eni[]>>> {
    const found = new Map<string, Eni[]>(instanceIds.map((id) => [id, []]));
    let offset = 0;
    for (;;) {
      const r = await this.call(
        DESCRIBE,
        { Filters: [{ Name: 'attachment.instance-id', Values: instanceIds }], Offset: offset, Limit: 100 },
        offset === 0, // the batch's first call went through the gate already
      );
      const set = (r.NetworkInterfaceSet ?? []) as Array<{ NetworkInterfaceId: string; Primary: boolean; GroupSet: string[]; Attachment?: { InstanceId?: string } }>;
      for (const e of set) {
        const ins = e.Attachment?.InstanceId ?? '';
        found.get(ins)?.push({ id: e.NetworkInterfaceId, primary: e.Primary, instanceId: ins, groups: [...(e.GroupSet ?? [])] });
      }
      offset += set.length;
      if (set.length === 0 || offset >= Number(r.TotalCount ?? 0)) break;
    }
    return new Map([...found].map(([k, v]) => [k, { ok: true as const, value: v }]));
  }

  private async writeMany(action: string, groups: string[], eniIds: string[]): Promise<Map<string, Outcome<void>>> {
    const out = new Map<string, Outcome<void>>();
    for (let i = 0; i < eniIds.length; i += 100) {
      const chunk = eniIds.slice(i, i + 100);
      try {
        await this.call(action, { NetworkInterfaceIds: chunk, SecurityGroupIds: groups }, i === 0);
        for (const id of chunk) out.set(id, { ok: true, value: undefined });
      } catch (e) {
        const code = e instanceof CloudError ? e.code : '';
        if (chunk.length === 1 || code === 'UnauthorizedOperation' || code === 'RequestLimitExceeded' || code === '') {
          for (const id of chunk) out.set(id, { ok: false, error: e });
          continue;
        }
        // One bad ENI (deleted, over the group quota) must not hold back the others.
        for (const id of chunk) {
          try {
            await this.call(action, { NetworkInterfaceIds: [id], SecurityGroupIds: groups });
            out.set(id, { ok: true, value: undefined });
          } catch (e1) {
            out.set(id, { ok: false, error: e1 });
          }
        }
      }
    }
    return out;
  }

  private async call(action: string, params: Record<string, unknown>, gated = false): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) throw new Error('stopped');
      if (attempt > 0 || !gated) await this.budget(action);
      this.stats.calls[action] = (this.stats.calls[action] ?? 0) + 1;
      try {
        return await this.client.request(action, params);
      } catch (e) {
        const err = e as Error & { code?: string; requestId?: string };
        const code = err.code ?? '';
        const retriable = code === 'RequestLimitExceeded' || code === 'InternalError' || (code === '' && attempt < 2);
        if (code === 'RequestLimitExceeded') this.stats.throttled++;
        if (!retriable || attempt >= 6 || this.stopped) {
          throw code ? new CloudError(action, code, err.message, err.requestId ?? '') : err;
        }
        const delay = Math.min(5_000, 200 * 2 ** attempt) * (0.5 + Math.random());
        this.log(`ipamd: ${action} ${code || err.message}, retrying in ${Math.round(delay)} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
