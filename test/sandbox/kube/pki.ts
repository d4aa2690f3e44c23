// A throwaway PKI for one sandbox cluster, made with the openssl CLI: a CA, the apiserver's
// serving certificate, the service-account key pair and two client certificates. Kubernetes
// authenticates a client certificate as user = CN, groups = O, so the admin gets
// O=system:masters and the limited user no group at all. EC P-256 keeps it to well under a second.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const ADMIN_USER = 'kubectl-sg-admin';
export const LIMITED_USER = 'limited-user';

export interface CertPair {
  cert: string;
  key: string;
}

export interface ClusterPki {
  caFile: string;
  caKeyFile: string;
  serving: CertPair;
  admin: CertPair;
  limited: CertPair;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

export async function makePki(dir: string): Promise<ClusterPki> {
  mkdirSync(dir, { recursive: true });
  const p = (name: string) => join(dir, name);
  const ca = { cert: p('ca.pem'), key: p('ca-key.pem') };
  await issue(dir, 'ca', ca, { CN: 'kubectl-sg sandbox kube CA' }, [
    'basicConstraints = critical, CA:TRUE',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
  ]);
  const leaf = (usage: string) => [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    `extendedKeyUsage = ${usage}`,
    'authorityKeyIdentifier = keyid',
  ];
  const serving = { cert: p('apiserver.pem'), key: p('apiserver-key.pem') };
  const admin = { cert: p('admin.pem'), key: p('admin-key.pem') };
  const limited = { cert: p('limited.pem'), key: p('limited-key.pem') };
  const sa = { key: p('sa-key.pem'), pub: p('sa.pub') };
  await Promise.all([
    issue(dir, 'apiserver', serving, { CN: 'kube-apiserver' }, [
      ...leaf('serverAuth'),
      'subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc',
    ], ca),
    issue(dir, 'admin', admin, { CN: ADMIN_USER, O: 'system:masters' }, leaf('clientAuth'), ca),
    issue(dir, 'limited', limited, { CN: LIMITED_USER }, leaf('clientAuth'), ca),
    (async () => {
      await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', sa.key]);
      await openssl(['pkey', '-in', sa.key, '-pubout', '-out', sa.pub]);
    })(),
  ]);
  return {
    caFile: ca.cert,
    caKeyFile: ca.key,
    serving,
    admin,
    limited,
    serviceAccountKey: sa.key,
    serviceAccountPub: sa.pub,
  };
}

/**
 * One self-contained config per certificate: the system openssl.cnf would add its own v3_ca
 * extensions to every `req -x509`, making each leaf a CA too.
 */
async function issue(
  dir: string,
  name: string,
  out: CertPair,
  subject: Record<string, string>,
  extensions: string[],
  ca?: CertPair,
): Promise<void> {
  const cnf = join(dir, `${name}.cnf`);
  writeFileSync(
    cnf,
    [
      '[req]',
      'prompt = no',
      'distinguished_name = dn',
      'x509_extensions = ext',
      '[dn]',
      ...Object.entries(subject).map(([k, v]) => `${k} = ${v}`),
      '[ext]',
      ...extensions,
      '',
    ].join('\n'),
  );
  await openssl([
    'req', '-x509', '-config', cnf, '-nodes',
    '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-keyout', out.key, '-out', out.cert, '-days', '3650', '-sha256',
    ...(ca ? ['-CA', ca.cert, '-CAkey', ca.key] : []),
  ]);
}

async function openssl(args: string[]): Promise<void> {
  try {
    await execFileAsync('openssl', args);
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}
