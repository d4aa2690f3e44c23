// The sandbox CA and the leaf certificates the sandbox's HTTPS proxy presents for the cloud
// API hosts it terminates (*.tencentcloudapi.com, and *.aliyuncs.com when forwarded).
//
// The CA is made once with the openssl CLI and kept in
//   ${KUBECTL_SG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-sg}/sandbox-ca/{ca.pem,ca-key.pem}
// so its path is stable: a test runner can set NODE_EXTRA_CA_CERTS to it before any worker
// starts. Several processes may race to create it: each builds it in a private directory and
// renames it into place; the loser drops its copy and uses the winner's.
//
// Leaf certificates are issued per host on demand (one P-256 key for all of them), signed by the
// CA, and kept beside it in sandbox-ca/leaves/ until they near expiry: every emulator of every
// test run presents the same few hosts, and issuing them again cost two openssl processes per
// host per emulator (~800 per test run). Written through a private file renamed into place, so
// concurrent emulators never read half a file. In memory they are TLS secure contexts.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { promisify } from 'node:util';
import { readFileSafe } from '../../../cmd/release/build-cache.ts';

const execFileAsync = promisify(execFile);

export interface SandboxCa {
  caFile: string;
  keyFile: string;
}

export function cacheDir(): string {
  if (process.env.KUBECTL_SG_CACHE) return process.env.KUBECTL_SG_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'kubectl-sg');
}

/** The sandbox CA, created on first use (synchronous: safe to call from a global setup). */
export function ensureSandboxCa(): SandboxCa {
  const dir = join(cacheDir(), 'sandbox-ca');
  const caFile = join(dir, 'ca.pem');
  const keyFile = join(dir, 'ca-key.pem');
  if (existsSync(caFile) && existsSync(keyFile)) return { caFile, keyFile };
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), '.sandbox-ca-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', join(work, 'ca-key.pem'), '-out', join(work, 'ca.pem'),
        '-days', '3650', '-sha256',
        '-subj', '/O=kubectl-sg sandbox/CN=kubectl-sg sandbox CA (never trust outside tests)',
        '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
        '-addext', 'subjectKeyIdentifier=hash',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      renameSync(work, dir);
    } catch {
      // Another process won the race; its CA is as good as ours.
      rmSync(work, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`could not create the sandbox CA with openssl: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!existsSync(caFile)) throw new Error(`sandbox CA missing at ${caFile}`);
  return { caFile, keyFile };
}

/**
 * What NODE_EXTRA_CA_CERTS should name for the sandbox CA to be trusted without losing what the
 * user's environment already trusts through it. The variable takes one file: a machine whose
 * outbound TLS goes through an inspecting proxy names that proxy's CA there (this one names the
 * system bundle), and replacing it with the sandbox CA alone made every Node process of a test
 * run, npm included, refuse the real registry (SELF_SIGNED_CERT_IN_CHAIN: a fresh clone's release
 * tests could not fetch Node). So: the sandbox CA's own file when nothing else is named, the
 * named file when it already holds the sandbox CA, else a bundle of both kept beside the CA.
 */
export function extraCaCertsWith(caFile: string, existing: string | undefined): string {
  if (!existing || existing === caFile) return caFile;
  // A file that cannot be read is left out, as Node leaves it out (with a warning).
  const theirs = readFileSafe(existing);
  if (!theirs) return caFile;
  if (holdsCa(theirs, caFile)) return existing;
  const bundle = join(dirname(caFile), `trust-${createHash('sha256').update(existing).update('\0').update(theirs).digest('hex').slice(0, 16)}.pem`);
  if (!existsSync(bundle)) {
    const tmp = `${bundle}.${process.pid}.tmp`;
    writeFileSync(tmp, `${theirs.trimEnd()}\n${readFileSync(caFile, 'utf8')}`);
    renameSync(tmp, bundle);
  }
  return bundle;
}

/** Whether the file NODE_EXTRA_CA_CERTS names (in `env`) makes Node trust the sandbox CA. */
export function trustsSandboxCa(caFile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.NODE_EXTRA_CA_CERTS && holdsCa(readFileSafe(env.NODE_EXTRA_CA_CERTS), caFile);
}

/** Whether a bundle's text holds the certificate in `caFile`. */
const holdsCa = (bundleText: string, caFile: string) => bundleText.includes(readFileSync(caFile, 'utf8').trim());

/** A leaf kept longer than this is issued again (they are valid for 397 days). */
const LEAF_REUSE_MS = 300 * 24 * 3600 * 1000;

/** Issues and caches a TLS context per host name, signed by the sandbox CA. */
export class LeafIssuer {
  private readonly ca: SandboxCa;
  private readonly cache = new Map<string, Promise<SecureContext>>();
  /** Private scratch space for CSRs and files on their way into `leaves`. */
  private readonly work: string;
  private readonly leaves: string;
  private readonly csrKeyFile: string;
  private readonly keyPem: string;

  constructor(ca: SandboxCa) {
    this.ca = ca;
    this.work = mkdtempSync(join(tmpdir(), 'kubectl-sg-leaf-'));
    this.leaves = join(dirname(ca.caFile), 'leaves');
    mkdirSync(this.leaves, { recursive: true });
    const keyFile = join(this.leaves, 'key.pem');
    if (!existsSync(keyFile)) {
      const fresh = join(this.work, 'key.pem');
      execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', fresh], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      // A hard link is made only where no file is: the first process's key wins, and a later one
      // can never replace it under leaves already signed for it.
      try {
        linkSync(fresh, keyFile);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    this.keyPem = readFileSync(keyFile, 'utf8');
    // CSRs are signed with this process's copy: the key its contexts hold, whatever the shared file becomes.
    this.csrKeyFile = join(this.work, 'csr-key.pem');
    writeFileSync(this.csrKeyFile, this.keyPem, { mode: 0o600 });
  }

  context(host: string): Promise<SecureContext> {
    let p = this.cache.get(host);
    if (!p) {
      p = this.issue(host);
      this.cache.set(host, p);
      p.catch(() => this.cache.delete(host));
    }
    return p;
  }

  private async issue(host: string): Promise<SecureContext> {
    if (!/^[a-z0-9.-]+$/.test(host)) throw new Error(`refusing to issue a certificate for ${JSON.stringify(host)}`);
    const kept = join(this.leaves, `${host}.pem`);
    if (!existsSync(kept) || Date.now() - statSync(kept).mtimeMs > LEAF_REUSE_MS) {
      const csr = join(this.work, `${host}.csr`);
      const ext = join(this.work, `${host}.ext`);
      const crt = join(this.work, `${host}.pem`);
      writeFileSync(ext, `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
      await execFileAsync('openssl', ['req', '-new', '-key', this.csrKeyFile, '-subj', `/CN=${host}`, '-out', csr]);
      await execFileAsync('openssl', [
        'x509', '-req', '-in', csr, '-CA', this.ca.caFile, '-CAkey', this.ca.keyFile,
        '-set_serial', '0x' + randomBytes(12).toString('hex'), '-days', '397', '-sha256', '-extfile', ext, '-out', crt,
      ]);
      renameSync(crt, kept);
      for (const f of [csr, ext]) rmSync(f, { force: true });
    }
    return createSecureContext({ key: this.keyPem, cert: readFileSync(kept, 'utf8'), minVersion: 'TLSv1.2' });
  }

  dispose(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}
