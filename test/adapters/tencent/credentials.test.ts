// The credential chain with temporary home directories, a local metadata service and a local
// STS (a CONNECT proxy presenting the sandbox CA's certificate for sts.tencentcloudapi.com).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureSandboxCa, LeafIssuer } from '../../sandbox/shared/ca.ts';
import { CloudCredential, maskSecretId, parseIni, resolveCredential, type CredentialLookupOptions } from '../../../src/adapters/tencent/credentials.ts';

const ENV_ID = 'AKIDenv0000000000000000000000000001';
const ENV_KEY = 'envkey000000000000000000000000key1';
const INI_ID = 'AKIDini0000000000000000000000000002';
const INI_KEY = 'inikey000000000000000000000000key2';
const TCCLI_ID = 'AKIDtccli00000000000000000000000003';
const TCCLI_KEY = 'tcclikey0000000000000000000000key3';

let home: string;
let etc: string;
const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
const lookup = (env: Record<string, string>, o: Partial<CredentialLookupOptions> = {}) =>
  resolveCredential({ env, homeDir: home, systemDir: etc, cvmRole: false, ...o });

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'sg-home-'));
  etc = mkdtempSync(join(tmpdir(), 'sg-etc-'));
  write(join(home, '.tencentcloud', 'credentials'), `# written by hand\n[default]\nsecret_id = ${INI_ID}\nsecret_key = "${INI_KEY}"\n\n[prod]\nsecret_id=AKIDprod000000000000000000000000004\nsecret_key=prodkey\ntoken=prodtoken123\n`);
  write(join(home, '.tccli', 'default.credential'), JSON.stringify({ secretId: TCCLI_ID, secretKey: TCCLI_KEY }));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(etc, { recursive: true, force: true });
});

describe('the chain', () => {
  it('prefers env, then the profile file, then tccli, and says where it looked when nothing is found', async () => {
    const env = { TENCENTCLOUD_SECRET_ID: ENV_ID, TENCENTCLOUD_SECRET_KEY: ENV_KEY, TENCENTCLOUD_SESSION_TOKEN: 'envtoken-123456' };
    const a = await lookup(env);
    expect([a.credential?.source, a.credential?.secretId, a.credential?.token]).toEqual(['env', ENV_ID, 'envtoken-123456']);

    const b = await lookup({});
    expect([b.credential?.source, b.credential?.secretId, b.credential?.secretKey, b.credential?.origin]).toEqual(['profile-file', INI_ID, INI_KEY, `${join(home, '.tencentcloud', 'credentials')} [default]`]);

    rmSync(join(home, '.tencentcloud'), { recursive: true });
    const c = await lookup({});
    expect([c.credential?.source, c.credential?.secretId]).toEqual(['tccli', TCCLI_ID]);

    rmSync(join(home, '.tccli'), { recursive: true });
    const d = await lookup({});
    expect(d.credential).toBeUndefined();
    expect(d.searched).toEqual([
      'environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)',
      `${join(home, '.tencentcloud', 'credentials')} [default]`,
      `${join(etc, 'credentials')} [default]`,
      join(home, '.tccli', 'default.credential'),
    ]);
  });

  it('takes tccli’s token variable too, and skips half-set variables with a note', async () => {
    const t = await lookup({ TENCENTCLOUD_SECRET_ID: ENV_ID, TENCENTCLOUD_SECRET_KEY: ENV_KEY, TENCENTCLOUD_TOKEN: 'tccli-token-1' });
    expect([t.credential?.token, t.credential?.origin]).toEqual(['tccli-token-1', 'TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_TOKEN']);
    const half = await lookup({ TENCENTCLOUD_SECRET_ID: ENV_ID });
    expect(half.credential?.source).toBe('profile-file');
    expect(half.problems).toEqual(['TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not: the variables were skipped']);
  });

  it('reads the profile named by TENCENTCLOUD_PROFILE, the file named by TENCENTCLOUD_CREDENTIALS_FILE, and /etc only without a user file', async () => {
    const prod = await lookup({ TENCENTCLOUD_PROFILE: 'prod' });
    expect([prod.credential?.origin.endsWith('[prod]'), prod.credential?.token]).toEqual([true, 'prodtoken123']);

    const none = await lookup({ TENCENTCLOUD_PROFILE: 'staging' });
    expect(none.credential?.source).not.toBe('profile-file');
    expect(none.problems).toContain(`${join(home, '.tencentcloud', 'credentials')} has no [staging] section`);

    const other = join(etc, 'elsewhere.ini');
    write(other, `[default]\nsecret_id=AKIDelse000000000000000000000000005\nsecret_key=elsekey\n`);
    expect((await lookup({ TENCENTCLOUD_CREDENTIALS_FILE: other })).credential?.origin).toBe(`${other} [default]`);

    write(join(etc, 'credentials'), `[default]\nsecret_id=AKIDetc0000000000000000000000000006\nsecret_key=etckey\n`);
    expect((await lookup({})).credential?.secretId).toBe(INI_ID);
    rmSync(join(home, '.tencentcloud'), { recursive: true });
    expect((await lookup({})).credential?.secretId).toBe('AKIDetc0000000000000000000000000006');
  });

  it('reads tccli’s profile from TCCLI_PROFILE and skips expired, role and CVM-role profiles', async () => {
    rmSync(join(home, '.tencentcloud'), { recursive: true });
    write(join(home, '.tccli', 'work.credential'), JSON.stringify({ secretId: 'AKIDwork000000000000000000000000007', secretKey: 'workkey', token: 'worktoken', expiresAt: Date.now() / 1000 + 3600, type: 'oauth' }));
    const work = await lookup({ TCCLI_PROFILE: 'work' });
    expect([work.credential?.source, work.credential?.token, work.credential?.temporary]).toEqual(['tccli', 'worktoken', true]);

    write(join(home, '.tccli', 'old.credential'), JSON.stringify({ secretId: 'AKIDold0000000000000000000000000008', secretKey: 'k', expiresAt: 1_600_000_000, type: 'oauth' }));
    const old = await lookup({ TCCLI_PROFILE: 'old' });
    expect(old.credential).toBeUndefined();
    expect(old.problems[0]).toMatch(/expired at 2020-09-13T12:26:40\.000Z/);

    write(join(home, '.tccli', 'role.credential'), JSON.stringify({ secretId: 'AKIDrole000000000000000000000000009', secretKey: 'k', 'role-arn': 'qcs::cam::uin/1:roleName/x' }));
    expect((await lookup({ TCCLI_PROFILE: 'role' })).credential).toBeUndefined();
    write(join(home, '.tccli', 'cvm.credential'), JSON.stringify({ type: 'cvm-role' }));
    expect((await lookup({ TCCLI_PROFILE: 'cvm' })).problems).toEqual([`${join(home, '.tccli', 'cvm.credential')} uses the CVM role (tried last)`]);
  });
});

describe('secrets stay secret', () => {
  it('shows the source and a masked SecretId only, however the object is printed', () => {
    const c = new CloudCredential('env', 'TENCENTCLOUD_SECRET_ID', { secretId: ENV_ID, secretKey: ENV_KEY, token: 'session-token-9999' });
    expect(c.describe()).toBe('env (TENCENTCLOUD_SECRET_ID), SecretId AKID****0001, temporary');
    const outputs = [JSON.stringify(c), JSON.stringify({ nested: [c] }), inspect(c), inspect({ c }, { depth: 10, showHidden: true }), String(c), `${c}`, c.describe(), Object.keys(c).join(), JSON.stringify(structuredClone(c))];
    for (const out of outputs) {
      expect(out).not.toContain(ENV_KEY);
      expect(out).not.toContain('session-token-9999');
      expect(out).not.toContain(ENV_ID);
    }
    expect(JSON.parse(JSON.stringify(c))).toEqual({ source: 'env', origin: 'TENCENTCLOUD_SECRET_ID', secretId: 'AKID****0001', temporary: true });
    expect(c.scrub(`sig for ${ENV_ID} with ${ENV_KEY} and session-token-9999`)).toBe('sig for AKID****0001 with *** and ***');
    expect(maskSecretId('short')).toBe('****');
  });

  it('parses INI files as the SDKs write them', () => {
    const ini = parseIni('; c\n[default]\nSECRET_ID = a\nsecret_key="b"\n[x y]\nk=v=w\n');
    expect(Object.fromEntries(ini.get('default')!)).toEqual({ secret_id: 'a', secret_key: 'b' });
    expect(ini.get('x y')!.get('k')).toBe('v=w');
  });
});

describe('CVM role', () => {
  let server: Server;
  let base: string;
  let hits: string[] = [];
  let expiresIn = 3600;
  let version = 0;

  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/meta/cam/security-credentials/') return res.end('tke-node-role\n');
      if (req.url === '/meta/cam/security-credentials/tke-node-role') {
        version++;
        return res.end(JSON.stringify({ TmpSecretId: `AKIDrole${version}0000000000000000000000000`, TmpSecretKey: `rolekey${version}`, Token: `roletoken${version}`, ExpiredTime: Math.floor(Date.now() / 1000) + expiresIn, Code: 'Success' }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/meta/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    hits = [];
    version = 0;
    rmSync(join(home, '.tencentcloud'), { recursive: true });
    rmSync(join(home, '.tccli'), { recursive: true });
  });

  it('is used only when nothing else is found, and renews its keys before they expire', async () => {
    write(join(home, '.tccli', 'default.credential'), JSON.stringify({ secretId: TCCLI_ID, secretKey: TCCLI_KEY }));
    expect((await lookup({}, { cvmRole: { baseUrl: base } })).credential?.source).toBe('tccli');
    expect(hits).toEqual([]);
    rmSync(join(home, '.tccli'), { recursive: true });

    expiresIn = 30; // inside the renewal margin
    // The default 300 ms probe would give up silently if a stall under load delayed this in-process server's answer.
    const slow = { probeTimeoutMs: 10_000, timeoutMs: 10_000 };
    const r = await lookup({}, { cvmRole: { baseUrl: base, ...slow } });
    expect([r.credential?.source, r.credential?.origin, r.credential?.token]).toEqual(['cvm-role', 'role tke-node-role', 'roletoken1']);
    expiresIn = 3600;
    const [first, second] = await Promise.all([r.credential!.getCredential(), r.credential!.getCredential()]);
    expect(first).toEqual({ secretId: 'AKIDrole20000000000000000000000000', secretKey: 'rolekey2', token: 'roletoken2' });
    expect(second).toEqual(first);
    await r.credential!.getCredential();
    expect(version).toBe(2); // renewed once, for both concurrent callers, and not again
    expect(r.credential!.scrub('rolekey1 rolekey2')).toBe('*** ***');
  });

  it('reports a CVM without a role', async () => {
    // A 10 s probe: the default 300 ms would give up silently (no problem reported) if a stall under load delayed the answer.
    const r = await lookup({}, { cvmRole: { baseUrl: base.replace('/meta/', '/none/'), probeTimeoutMs: 10_000 } });
    expect(r.credential).toBeUndefined();
    expect(r.problems).toEqual(['the instance metadata service answered: no CAM role is bound to this CVM']);
  });

  it('gives up within the probe timeout where no metadata service answers (a laptop)', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    // A lookup that waited for the silent server would run into this test's own timeout below.
    const r = await lookup({}, { cvmRole: { baseUrl: `http://127.0.0.1:${(silent.address() as { port: number }).port}/` } });
    expect(sockets.length).toBeGreaterThan(0); // it did try the metadata service
    for (const s of sockets) s.destroy();
    await new Promise<void>((res) => silent.close(() => res()));
    expect(r.credential).toBeUndefined();
    expect(r.problems).toEqual([]);
    expect(r.searched.at(-1)).toMatch(/^CVM role \(http:\/\/127\.0\.0\.1:\d+\/\)$/);
  }, 5_000);
});

describe('OIDC (TKE workload identity)', () => {
  let proxy: Server;
  let inner: Server;
  let issuer: LeafIssuer;
  let seen: Array<{ action: string; body: Record<string, unknown>; auth: string }> = [];
  let metadataHits = 0;
  let metadata: Server;
  const tunnels: Socket[] = [];
  const WEB_TOKEN = 'eyJ-web-identity-token-from-the-projected-volume';

  beforeAll(async () => {
    issuer = new LeafIssuer(ensureSandboxCa());
    const ctx = await issuer.context('sts.tencentcloudapi.com');
    inner = createHttpServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ action: String(req.headers['x-tc-action']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, auth: String(req.headers.authorization) });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ Response: { Credentials: { TmpSecretId: 'AKIDoidc0000000000000000000000000010', TmpSecretKey: 'oidckey', Token: 'oidctoken' }, ExpiredTime: Math.floor(Date.now() / 1000) + 7200, Expiration: '', RequestId: 'r-1' } }));
      });
    });
    proxy = createHttpServer();
    proxy.on('connect', (req: IncomingMessage, socket: Socket) => {
      tunnels.push(socket);
      if (req.url !== 'sts.tencentcloudapi.com:443') return socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      inner.emit('connection', new TLSSocket(socket, { isServer: true, secureContext: ctx }));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    metadata = createHttpServer((_q, res) => {
      metadataHits++;
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    // The credential keeps its STS tunnel alive for renewals: cut it rather than wait it out.
    for (const t of tunnels) t.destroy();
    await new Promise<void>((r) => proxy.close(() => r()));
    await new Promise<void>((r) => metadata.close(() => r()));
    issuer.dispose();
  });
  beforeEach(() => {
    seen = [];
    metadataHits = 0;
    rmSync(join(home, '.tencentcloud'), { recursive: true });
    rmSync(join(home, '.tccli'), { recursive: true });
    write(join(home, 'token'), WEB_TOKEN + '\n');
  });

  const oidcEnv = (proxyUrl: string) => ({
    TKE_REGION: 'ap-guangzhou',
    TKE_PROVIDER_ID: 'cls-abcdefgh',
    TKE_WEB_IDENTITY_TOKEN_FILE: join(home, 'token'),
    TKE_ROLE_ARN: 'qcs::cam::uin/100000000001:roleName/sg-reader',
    HTTPS_PROXY: proxyUrl,
  });

  it('trades the token for keys through the SDK’s OIDC class, over the proxy decided for STS', async () => {
    const port = (proxy.address() as { port: number }).port;
    const r = await lookup(oidcEnv(`http://127.0.0.1:${port}`), { cvmRole: { baseUrl: `http://127.0.0.1:${(metadata.address() as { port: number }).port}/` } });
    expect([r.credential?.source, r.credential?.secretId, r.credential?.token]).toEqual(['oidc', 'AKIDoidc0000000000000000000000000010', 'oidctoken']);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ action: 'AssumeRoleWithWebIdentity', auth: 'SKIP', body: { RoleArn: 'qcs::cam::uin/100000000001:roleName/sg-reader', ProviderId: 'cls-abcdefgh', WebIdentityToken: WEB_TOKEN } });
    expect(metadataHits).toBe(0);
  });

  it('stops the chain when OIDC is configured but fails, without the token in the report', async () => {
    const port = (metadata.address() as { port: number }).port; // not a proxy: the CONNECT fails
    const r = await lookup(oidcEnv(`http://127.0.0.1:${port}`), { cvmRole: { baseUrl: `http://127.0.0.1:${port}/` } });
    expect(r.credential).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^OIDC \(role qcs::cam::uin\/100000000001:roleName\/sg-reader\) failed: /);
    expect(r.problems[0]).not.toContain(WEB_TOKEN);
    expect(r.searched.some((s) => s.startsWith('CVM role'))).toBe(false);
    expect(metadataHits).toBe(0);
  });

  it('notes a half-configured OIDC', async () => {
    const r = await lookup({ TKE_ROLE_ARN: 'x' });
    expect(r.problems).toEqual(['OIDC is half configured: TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE not set']);
  });
});
