// kubectl's global flags (issue 14, point 8): kubectl hands a plugin its arguments untouched, so
// `kubectl sg --as x show node` must mean to the plugin what `kubectl --as x get node` means to
// kubectl (cli-runtime genericclioptions.ConfigFlags over client-go clientcmd's rules). Over a
// corpus of kubeconfig shapes (data embedded, files relative to the kubeconfig, several contexts,
// no user, no CA, a wrong server, two clusters, an exec plugin, an http:// server: `kubectl
// proxy`, a server only an HTTPS proxy knows, by HTTPS_PROXY or proxy-url) and those flags, the plugin and kubectl must both
// reach the cluster as the same user or both be refused:
// - who kubectl is: `kubectl auth whoami -o json` (a SelfSubjectReview), checked against the case;
// - the same identity for the plugin: RBAC tells them apart. A ClusterRole to read everything is
//   bound to one user, one group and one ServiceAccount only, so `kubectl get nodes` and
//   `kubectl sg show node --no-cloud` succeed for exactly those identities (and the admin), and are
//   forbidden for anyone else: the limited user, an impersonated stranger, a bad token. The
//   impersonation cases start from a ServiceAccount that may impersonate but not read, so only
//   the impersonated user's rights can let them read.
// The flags go before the verb (where kubectl users type them) and, in some cases, after it.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, PLUGIN, run, runPlugin } from './run.ts';
import { startSandbox, type Sandbox } from './sandbox-fixture.ts';

const READER = 'e2e-reader';
const READERS = 'e2e-readers';
const SA = 'e2e-sa';
const IMPERSONATOR = 'e2e-impersonator';

interface Kubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

/** Files and kubeconfigs of the corpus, in one directory; `kc` names a kubeconfig in it. */
class Corpus {
  readonly dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-e2e-flags-'));
  server = '';
  token = '';
  /** The impersonating ServiceAccount's. */
  impersonatorToken = '';
  /** The HTTPS proxy that alone knows PROXIED_NAME. */
  proxy = '';

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, text: string): string {
    writeFileSync(this.path(name), text, { mode: 0o600 });
    return this.path(name);
  }

  /** A kubeconfig of clusters, users and contexts (the first context current unless told). */
  kubeconfig(name: string, o: { clusters: Record<string, object>; users: Record<string, object>; contexts: Record<string, object>; current?: string }): string {
    const named = (kind: string, m: Record<string, object>) => Object.entries(m).map(([n, v]) => ({ name: n, [kind]: v }));
    return this.write(
      name,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: named('cluster', o.clusters),
        users: named('user', o.users),
        contexts: named('context', o.contexts),
        'current-context': o.current ?? Object.keys(o.contexts)[0],
      }),
    );
  }
}

interface Case {
  name: string;
  /** The kubeconfig file of the corpus (--kubeconfig is given, so $KUBECONFIG plays no part). */
  kubeconfig: string;
  flags: (c: Corpus) => string[];
  /** Who kubectl says it is, or undefined when both must be refused before or by authentication. */
  user?: string;
  /** Whether the user may read the cluster (RBAC): both succeed, or both are refused. */
  reads: boolean;
  /** Also run the plugin with the flags after the verb. */
  after?: boolean;
  /** Variables beside PATH and HOME, for kubectl and the plugin alike. */
  env?: (c: Corpus) => Record<string, string>;
}

/** A name nothing resolves (RFC 2606 reserves .invalid): only the test's HTTPS proxy knows it. */
const PROXIED_NAME = 'apiserver.proxy-only.invalid';

const admin = 'kubectl-sg-admin';

const cases: Case[] = [
  { name: 'embedded data, no flags', kubeconfig: 'embedded', flags: () => [], user: admin, reads: true },
  { name: 'files relative to the kubeconfig', kubeconfig: 'files', flags: () => [], user: admin, reads: true },
  { name: '--context of the limited user', kubeconfig: 'two-contexts', flags: () => ['--context', 'limited'], user: 'limited-user', reads: false, after: true },
  { name: '--user admin in the limited context', kubeconfig: 'two-contexts', flags: () => ['--context', 'limited', '--user', 'admin'], user: admin, reads: true },
  { name: '--user limited in the admin context', kubeconfig: 'two-contexts', flags: () => ['--user', 'limited'], user: 'limited-user', reads: false },
  { name: '--cluster picks the reachable of two clusters', kubeconfig: 'two-clusters', flags: () => ['--cluster', 'good'], user: admin, reads: true },
  { name: 'the context\'s cluster is unreachable', kubeconfig: 'two-clusters', flags: () => [], reads: false },
  { name: '--server over a wrong server', kubeconfig: 'wrong-server', flags: (c) => ['--server', c.server], user: admin, reads: true, after: true },
  { name: '-s over a wrong server', kubeconfig: 'wrong-server', flags: (c) => ['-s', c.server], user: admin, reads: true },
  { name: 'no CA in the kubeconfig: refused', kubeconfig: 'no-ca', flags: () => [], reads: false },
  { name: 'no CA, --certificate-authority', kubeconfig: 'no-ca', flags: (c) => ['--certificate-authority', c.path('ca.pem')], user: admin, reads: true },
  { name: 'no CA, --insecure-skip-tls-verify', kubeconfig: 'no-ca', flags: () => ['--insecure-skip-tls-verify'], user: admin, reads: true },
  { name: '--insecure-skip-tls-verify over an embedded CA', kubeconfig: 'embedded', flags: () => ['--insecure-skip-tls-verify'], user: admin, reads: true },
  { name: '--tls-server-name the certificate names', kubeconfig: 'by-ip', flags: () => ['--tls-server-name', 'kubernetes'], user: admin, reads: true },
  { name: '--tls-server-name it does not name: refused', kubeconfig: 'by-ip', flags: () => ['--tls-server-name', 'elsewhere.example'], reads: false },
  { name: 'no user, --client-certificate and --client-key', kubeconfig: 'no-user', flags: (c) => ['--client-certificate', c.path('admin.pem'), '--client-key', c.path('admin-key.pem')], user: admin, reads: true },
  // Over embedded client-certificate-data, kubectl before 1.35 refuses ("both specified"); since
  // client-go v0.35 (e703bc0) the flag replaces the data, as the plugin does (README): not compared here.
  { name: '--client-certificate and --client-key over the kubeconfig\'s files', kubeconfig: 'files', flags: (c) => ['--client-certificate', c.path('limited.pem'), '--client-key', c.path('limited-key.pem')], user: 'limited-user', reads: false },
  { name: 'no user, --token of a ServiceAccount', kubeconfig: 'no-user', flags: (c) => ['--token', c.token], user: `system:serviceaccount:default:${SA}`, reads: true, after: true },
  // Both are sent, and the apiserver's x509 authenticator answers first: the certificate's user.
  { name: '--token beside a client certificate: the certificate\'s user', kubeconfig: 'limited', flags: (c) => ['--token', c.token], user: 'limited-user', reads: false },
  { name: 'an exec plugin that fails: refused', kubeconfig: 'exec', flags: () => [], reads: false },
  // client-go runs the exec plugin only without a token, basic auth or client certificate (exec.go).
  { name: '--token over an exec plugin: the plugin never runs', kubeconfig: 'exec', flags: (c) => ['--token', c.token], user: `system:serviceaccount:default:${SA}`, reads: true },
  { name: 'a bad --token: refused', kubeconfig: 'no-user', flags: () => ['--token', 'not-a-token'], reads: false },
  { name: 'no user at all: anonymous, refused', kubeconfig: 'no-user', flags: () => [], reads: false },
  { name: '--as the reader', kubeconfig: 'impersonator', flags: () => ['--as', READER], user: READER, reads: true, after: true },
  { name: '--as a stranger', kubeconfig: 'impersonator', flags: () => ['--as', 'stranger'], user: 'stranger', reads: false },
  { name: '--as a stranger --as-group the readers', kubeconfig: 'impersonator', flags: () => ['--as', 'stranger', '--as-group', READERS], user: 'stranger', reads: true },
  { name: '--as-group twice', kubeconfig: 'impersonator', flags: () => ['--as', 'stranger', '--as-group', 'other', '--as-group', READERS], user: 'stranger', reads: true },
  { name: '--as the reader --as-uid', kubeconfig: 'impersonator', flags: () => ['--as', READER, '--as-uid', '1234'], user: READER, reads: true },
  { name: 'the kubeconfig impersonates the reader', kubeconfig: 'impersonating', flags: () => [], user: READER, reads: true },
  { name: '--as over the kubeconfig\'s as', kubeconfig: 'impersonating', flags: () => ['--as', 'stranger'], user: 'stranger', reads: false },
  { name: 'the impersonator alone may not read', kubeconfig: 'impersonator', flags: () => [], user: `system:serviceaccount:default:${IMPERSONATOR}`, reads: false },
  { name: 'the limited user may not impersonate', kubeconfig: 'limited', flags: () => ['--as', READER], reads: false },
  { name: '--as-group without --as: refused', kubeconfig: 'impersonator', flags: () => ['--as-group', READERS], reads: false },
  { name: '-n, --request-timeout and --cache-dir', kubeconfig: 'embedded', flags: (c) => ['-n', 'kube-system', '--request-timeout', '30s', '--cache-dir', c.path('cache')], user: admin, reads: true, after: true },
  { name: '--request-timeout as plain seconds', kubeconfig: 'embedded', flags: () => ['--request-timeout', '30'], user: admin, reads: true },
  // Plain HTTP to `kubectl proxy`, which sends each request on as the admin.
  { name: 'an http:// server: kubectl proxy', kubeconfig: 'kubectl-proxy', flags: () => [], user: admin, reads: true, after: true },
  // A server by a name only the HTTPS proxy knows: reached through the proxy, or not at all.
  { name: 'a server only the proxy knows: HTTPS_PROXY', kubeconfig: 'by-proxied-name', flags: () => [], env: (c) => ({ HTTPS_PROXY: c.proxy }), user: admin, reads: true, after: true },
  { name: 'a server only the proxy knows: https_proxy', kubeconfig: 'by-proxied-name', flags: () => [], env: (c) => ({ https_proxy: c.proxy }), user: admin, reads: true },
  { name: 'a server only the proxy knows: no proxy, refused', kubeconfig: 'by-proxied-name', flags: () => [], reads: false },
  { name: 'a server only the proxy knows: HTTP_PROXY is for http:// only, refused', kubeconfig: 'by-proxied-name', flags: () => [], env: (c) => ({ HTTP_PROXY: c.proxy }), reads: false },
  { name: 'a server only the proxy knows: NO_PROXY names it, refused', kubeconfig: 'by-proxied-name', flags: () => [], env: (c) => ({ HTTPS_PROXY: c.proxy, NO_PROXY: '.invalid' }), reads: false },
  { name: 'a server only the proxy knows: the kubeconfig\'s proxy-url', kubeconfig: 'proxy-url', flags: () => [], user: admin, reads: true },
  { name: 'the kubeconfig\'s proxy-url over NO_PROXY', kubeconfig: 'proxy-url', flags: () => [], env: () => ({ NO_PROXY: '*' }), user: admin, reads: true },
];

let sb: Sandbox;
let node = '';
const c = new Corpus();
const servers: ChildProcess[] = [];

/**
 * A server in a process of its own (the tests run kubectl and the plugin synchronously, which
 * would stop one in this event loop): `said` finds its address in what it prints.
 */
function serving(command: string, args: string[], said: RegExp): Promise<string> {
  const child = spawn(command, args, { env: { PATH: sb.env.PATH, HOME: c.dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = said.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  sb = await startSandbox('--nodes', '1');
  const k = (...args: string[]) => {
    const r = kubectl(args, sb.env);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  node = k('get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}');
  // Who may read: one user, one group, one ServiceAccount; nobody else but the admin.
  k('create', 'clusterrole', 'e2e-read-all', '--verb=get,list,watch', '--resource=*.*');
  k('create', 'clusterrolebinding', 'e2e-read-all', '--clusterrole=e2e-read-all', `--user=${READER}`, `--group=${READERS}`, `--serviceaccount=default:${SA}`);
  k('create', 'serviceaccount', SA);
  c.token = k('create', 'token', SA).trim();
  k('create', 'serviceaccount', IMPERSONATOR);
  c.impersonatorToken = k('create', 'token', IMPERSONATOR).trim();
  // Not with kubectl create clusterrole: users, groups and uids are no discoverable resources.
  const impersonate = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'e2e-impersonate' },
    rules: [
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['uids'], verbs: ['impersonate'] },
    ],
  };
  const applied = run('kubectl', ['apply', '-f', '-'], sb.env, JSON.stringify(impersonate));
  if (applied.code !== 0) throw new Error(`kubectl apply the impersonation role: ${applied.stderr}`);
  k('create', 'clusterrolebinding', 'e2e-impersonate', '--clusterrole=e2e-impersonate', `--serviceaccount=default:${IMPERSONATOR}`);

  const adminCfg = load(readFileSync(sb.env.KUBECONFIG!, 'utf8')) as Kubeconfig;
  const dir = sb.env.KUBECONFIG!.replace(/[^/]+$/, '');
  const limitedCfg = load(readFileSync(join(dir, 'limited.kubeconfig'), 'utf8')) as Kubeconfig;
  const cluster = adminCfg.clusters[0]!.cluster;
  c.server = cluster.server;
  const b64 = (s: string) => Buffer.from(s, 'base64');
  writeFileSync(c.path('ca.pem'), b64(cluster['certificate-authority-data']));
  const adminUser = adminCfg.users[0]!.user;
  const limitedUser = limitedCfg.users[0]!.user;
  writeFileSync(c.path('admin.pem'), b64(adminUser['client-certificate-data']));
  writeFileSync(c.path('admin-key.pem'), b64(adminUser['client-key-data']), { mode: 0o600 });
  writeFileSync(c.path('limited.pem'), b64(limitedUser['client-certificate-data']));
  writeFileSync(c.path('limited-key.pem'), b64(limitedUser['client-key-data']), { mode: 0o600 });

  const good = { server: c.server, 'certificate-authority-data': cluster['certificate-authority-data'] };
  // A port nothing listens on: refused at once.
  const wrong = { ...good, server: 'https://127.0.0.1:1' };
  c.kubeconfig('embedded', { clusters: { sandbox: good }, users: { admin: adminUser }, contexts: { admin: { cluster: 'sandbox', user: 'admin' } } });
  c.kubeconfig('limited', { clusters: { sandbox: good }, users: { limited: limitedUser }, contexts: { limited: { cluster: 'sandbox', user: 'limited' } } });
  c.kubeconfig('files', {
    clusters: { sandbox: { server: c.server, 'certificate-authority': 'ca.pem' } },
    users: { admin: { 'client-certificate': 'admin.pem', 'client-key': 'admin-key.pem' } },
    contexts: { admin: { cluster: 'sandbox', user: 'admin' } },
  });
  c.kubeconfig('two-contexts', {
    clusters: { sandbox: good },
    users: { admin: adminUser, limited: limitedUser },
    contexts: { admin: { cluster: 'sandbox', user: 'admin' }, limited: { cluster: 'sandbox', user: 'limited' } },
  });
  c.kubeconfig('two-clusters', { clusters: { bad: wrong, good }, users: { admin: adminUser }, contexts: { admin: { cluster: 'bad', user: 'admin' } } });
  c.kubeconfig('wrong-server', { clusters: { sandbox: wrong }, users: { admin: adminUser }, contexts: { admin: { cluster: 'sandbox', user: 'admin' } } });
  c.kubeconfig('no-ca', { clusters: { sandbox: { server: c.server } }, users: { admin: adminUser }, contexts: { admin: { cluster: 'sandbox', user: 'admin' } } });
  // By IP, with a server name the certificate does not name: only --tls-server-name decides.
  c.kubeconfig('by-ip', { clusters: { sandbox: { ...good, 'tls-server-name': 'elsewhere.example' } }, users: { admin: adminUser }, contexts: { admin: { cluster: 'sandbox', user: 'admin' } } });
  c.kubeconfig('exec', {
    clusters: { sandbox: good },
    users: { sso: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'false', interactiveMode: 'Never' } } },
    contexts: { sso: { cluster: 'sandbox', user: 'sso' } },
  });
  // An exec plugin that answers with a reader's token only when told it may prompt (spec.interactive),
  // else with the impersonator's, who may not read: who reads tells whether stdin was found a terminal.
  const tokenScript = c.write('token-when-interactive.sh', [
    '#!/bin/sh',
    `case "$KUBERNETES_EXEC_INFO" in *'"interactive":true'*) t=$(cat '${c.write('reader.token', c.token)}') ;; *) t=$(cat '${c.write('impersonator.token', c.impersonatorToken)}') ;; esac`,
    'printf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\' "$t"',
    '',
  ].join('\n'));
  chmodSync(tokenScript, 0o755);
  c.kubeconfig('exec-if-terminal', {
    clusters: { sandbox: good },
    users: { sso: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: tokenScript, interactiveMode: 'IfAvailable' } } },
    contexts: { sso: { cluster: 'sandbox', user: 'sso' } },
  });
  c.kubeconfig('no-user', { clusters: { sandbox: good }, users: {}, contexts: { none: { cluster: 'sandbox' } } });
  c.kubeconfig('impersonator', { clusters: { sandbox: good }, users: { imp: { token: c.impersonatorToken } }, contexts: { imp: { cluster: 'sandbox', user: 'imp' } } });
  c.kubeconfig('impersonating', { clusters: { sandbox: good }, users: { imp: { token: c.impersonatorToken, as: READER } }, contexts: { imp: { cluster: 'sandbox', user: 'imp' } } });
  // `kubectl proxy` on a port of its choosing, as the admin.
  const proxied = await serving('kubectl', ['proxy', '--port=0', '--kubeconfig', c.path('embedded')], /Starting to serve on (\S+)/);
  c.kubeconfig('kubectl-proxy', { clusters: { proxy: { server: `http://${proxied}` } }, users: {}, contexts: { proxy: { cluster: 'proxy' } } });
  c.proxy = await serving(process.execPath, [join(import.meta.dirname, 'connect-proxy.ts'), PROXIED_NAME], /Serving on (\S+)/);
  // The certificate names `kubernetes`, not the made-up name: tls-server-name says which to check.
  const byName = { ...good, server: `https://${PROXIED_NAME}:${new URL(c.server).port}`, 'tls-server-name': 'kubernetes' };
  c.kubeconfig('by-proxied-name', { clusters: { sandbox: byName }, users: { admin: adminUser }, contexts: { admin: { cluster: 'sandbox', user: 'admin' } } });
  c.kubeconfig('proxy-url', { clusters: { sandbox: { ...byName, 'proxy-url': c.proxy } }, users: { admin: adminUser }, contexts: { admin: { cluster: 'sandbox', user: 'admin' } } });
}, 900_000);
afterAll(() => {
  for (const s of servers) s.kill();
  return sb?.down();
});

/** Only what kubectl and the plugin share: no $KUBECONFIG, no cloud credentials. */
const env = () => ({ PATH: sb.env.PATH, HOME: c.dir, KUBECONFIG: '' });

describe('kubectl global flags: the plugin reaches the cluster as kubectl does', () => {
  it.each(cases)('$name', (t) => {
    const flags = ['--kubeconfig', c.path(t.kubeconfig), ...t.flags(c)];
    const caseEnv = { ...env(), ...t.env?.(c) };
    const who = kubectl([...flags, 'auth', 'whoami', '-o', 'json'], caseEnv);
    if (t.user === undefined) {
      expect(who.code, `kubectl auth whoami was not refused: ${who.stdout}`).not.toBe(0);
    } else {
      expect(who.code, who.stderr).toBe(0);
      const username = (JSON.parse(who.stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username;
      expect(username).toBe(t.user);
    }
    const get = kubectl([...flags, 'get', 'node', node], caseEnv);
    expect(get.code === 0, `kubectl get node: ${get.stderr}`).toBe(t.reads);
    const runs = [[...flags, 'show', 'node', node, '--no-cloud', '-o', 'json'], ...(t.after ? [['show', 'node', node, '--no-cloud', '-o', 'json', ...flags]] : [])];
    for (const args of runs) {
      const sg = runPlugin(args, caseEnv);
      expect(sg.code === 0, `kubectl sg ${args.join(' ')}: exit ${sg.code}: ${sg.stderr}`).toBe(t.reads);
      if (t.reads) expect((JSON.parse(sg.stdout) as { items: { name: string }[] }).items.map((i) => i.name)).toEqual([node]);
      else expect(sg.stderr.trim().split('\n'), 'one line naming why').toHaveLength(1);
    }
  });

  it('tells an exec plugin it may prompt exactly when stdin is a terminal, as kubectl does', () => {
    // script(1) runs the command on a terminal of its own; spawnSync gives it a pipe otherwise.
    const onTerminal = (command: string) => run('script', ['-qec', command, '/dev/null'], env());
    const flags = `--kubeconfig '${c.path('exec-if-terminal')}'`;
    for (const [how, r] of [
      ['kubectl on a terminal', onTerminal(`kubectl ${flags} get node ${node}`)],
      ['the plugin on a terminal', onTerminal(`${PLUGIN} ${flags} show node ${node} --no-cloud -o json`)],
    ] as const) expect(r.code, `${how}: ${r.stdout}${r.stderr}`).toBe(0);
    const piped = ['--kubeconfig', c.path('exec-if-terminal')];
    expect(kubectl([...piped, 'get', 'node', node], env()).code).not.toBe(0);
    const sg = runPlugin([...piped, 'show', 'node', node, '--no-cloud', '-o', 'json'], env());
    expect(sg.code, sg.stdout).not.toBe(0);
    expect(sg.stderr).toMatch(/forbidden|cannot|not allowed/i);
  });

  it('takes the flags before the verb, where `unknown command "x"` came from', () => {
    const r = runPlugin(['--kubeconfig', c.path('impersonator'), '--as', READER, 'show', 'node', node, '--no-cloud'], env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(node);
  });
});
