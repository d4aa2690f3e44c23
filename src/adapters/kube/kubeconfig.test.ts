import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../domain/bad-input.ts';
import { KubeconfigError, loadKubeTarget } from './kubeconfig.ts';
import type { KubeOverrides } from './kubeconfig-overrides.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
writeFileSync(join(dir, 'ca.pem'), 'CA-BYTES');

const first = write(
  'first.yaml',
  `apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster: {server: "https://10.0.0.1:6443/", certificate-authority: ca.pem}
- name: dup
  cluster: {server: "https://first.example"}
users:
- name: admin
  user: {token: abc}
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: web}
`,
);
const second = write(
  'second.yaml',
  `current-context: other
clusters:
- name: dup
  cluster: {server: "https://second.example", insecure-skip-tls-verify: true}
users:
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/login, args: [get-token], env: [{name: A, value: b}]}
contexts:
- name: other
  context: {cluster: dup, user: sso}
`,
);

describe('loadKubeTarget', () => {
  it('merges $KUBECONFIG files with the first value winning, like kubectl', () => {
    const t = loadKubeTarget({ env: { KUBECONFIG: `${first}:${second}` } });
    expect(t).toMatchObject({ contextName: 'prod', server: 'https://10.0.0.1:6443', namespace: 'web', token: 'abc' });
    expect(t.ca?.toString()).toBe('CA-BYTES'); // relative to the file that names it
  });

  it('takes --context, --namespace and exec plugins, resolving a relative command against its kubeconfig', () => {
    const t = loadKubeTarget({ env: { KUBECONFIG: `${first}:${second}` }, context: 'other', namespace: 'ns1' });
    expect(t).toMatchObject({ server: 'https://first.example', namespace: 'ns1', insecureSkipTlsVerify: false });
    expect(t.exec).toMatchObject({ command: join(dir, 'bin/login'), args: ['get-token'], env: [{ name: 'A', value: 'b' }] });
  });

  it('skips missing $KUBECONFIG entries but not a missing --kubeconfig', () => {
    expect(loadKubeTarget({ env: { KUBECONFIG: `${join(dir, 'nope')}:${first}` } }).contextName).toBe('prod');
    expect(() => loadKubeTarget({ kubeconfig: join(dir, 'nope') })).toThrow(/cannot read kubeconfig .*nope/);
  });

  it('names an unknown context and how to list the real ones', () => {
    expect(() => loadKubeTarget({ kubeconfig: first, context: 'stage' })).toThrow(KubeconfigError);
    expect(() => loadKubeTarget({ kubeconfig: first, context: 'stage' })).toThrow(/context "stage" not found.*get-contexts/);
  });

  it('reports a file that is not YAML in one line', () => {
    const bad = write('bad.yaml', 'clusters: [unclosed');
    expect(() => loadKubeTarget({ kubeconfig: bad })).toThrow(/^kubeconfig .*bad.yaml is not valid YAML: [^\n]*$/);
  });
});

describe('kubectl global flags over the kubeconfig (client-go clientcmd rules)', () => {
  writeFileSync(join(dir, 'flag-ca.pem'), 'FLAG-CA');
  writeFileSync(join(dir, 'cert.pem'), 'CERT');
  writeFileSync(join(dir, 'key.pem'), 'KEY');
  const full = write(
    'full.yaml',
    `current-context: main
clusters:
- name: main
  cluster: {server: "https://main.example", certificate-authority-data: ${Buffer.from('KC-CA').toString('base64')}, tls-server-name: kc.example}
- name: spare
  cluster: {server: "https://spare.example"}
users:
- name: me
  user: {client-certificate-data: ${Buffer.from('KC-CERT').toString('base64')}, client-key-data: ${Buffer.from('KC-KEY').toString('base64')}, as: kc-user}
- name: robot
  user: {tokenFile: robot.token}
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: login}
contexts:
- name: main
  context: {cluster: main, user: me}
`,
  );
  const load = (overrides: KubeOverrides, context?: string) => loadKubeTarget({ kubeconfig: full, context, overrides });

  it('--cluster and --user replace the context\'s, and must exist', () => {
    expect(load({ cluster: 'spare', user: 'robot' })).toMatchObject({ server: 'https://spare.example', clusterName: 'spare', userName: 'robot', tokenFile: join(dir, 'robot.token') });
    expect(() => load({ cluster: 'nope' })).toThrow(KubeconfigError);
    expect(() => load({ cluster: 'nope' })).toThrow(/--cluster nope: no such cluster/);
    expect(() => load({ user: 'nope' })).toThrow(/--user nope: no such user/);
  });

  it('--server replaces the server and the kubeconfig\'s tls-server-name; host:port gets https with a CA', () => {
    expect(load({})).toMatchObject({ server: 'https://main.example', tlsServerName: 'kc.example' });
    expect(load({ server: 'https://other.example:6443' })).toMatchObject({ server: 'https://other.example:6443', tlsServerName: undefined });
    expect(load({ server: '10.0.0.1:6443', tlsServerName: 'flag.example' })).toMatchObject({ server: 'https://10.0.0.1:6443', tlsServerName: 'flag.example' });
    expect(load({ server: '10.0.0.1:8080' }, undefined).server).toBe('https://10.0.0.1:8080');
    expect(loadKubeTarget({ kubeconfig: full, overrides: { cluster: 'spare', user: 'robot', server: '10.0.0.1:8080' } }).server).toBe('http://10.0.0.1:8080');
  });

  it('drops a user:password from the server URL, so that it is never shown or recorded', () => {
    expect(load({ server: 'https://alice:s3cret-pw@other.example:6443/' }).server).toBe('https://other.example:6443');
    expect(load({ server: 'https://alice@other.example' }).server).toBe('https://other.example');
    // An @ after the host is the path's, not userinfo.
    expect(load({ server: 'https://other.example/k8s/clusters/c-abc@x' }).server).toBe('https://other.example/k8s/clusters/c-abc@x');
  });

  it('--certificate-authority or --insecure-skip-tls-verify replace the CA data and each other', () => {
    const flagged = load({ certificateAuthority: join(dir, 'flag-ca.pem') });
    expect(flagged.ca?.toString()).toBe('FLAG-CA');
    expect(flagged.insecureSkipTlsVerify).toBe(false);
    expect(load({ insecureSkipTlsVerify: true })).toMatchObject({ ca: undefined, insecureSkipTlsVerify: true });
    expect(() => load({ certificateAuthority: join(dir, 'none.pem') })).toThrow(/^--certificate-authority .*none\.pem: cannot read the certificate authority: ENOENT$/);
  });

  it('--client-certificate/--client-key replace the embedded data, paths relative to the working directory', () => {
    const t = load({ clientCertificate: join(dir, 'cert.pem'), clientKey: join(dir, 'key.pem') });
    expect([t.clientCert?.toString(), t.clientKey?.toString()]).toEqual(['CERT', 'KEY']);
  });

  it('--token replaces a tokenFile and wins over an exec plugin (the client decides, see kube-client)', () => {
    expect(load({ user: 'robot', token: 't0k' })).toMatchObject({ token: 't0k', tokenFile: undefined });
    expect(load({ user: 'sso', token: 't0k' })).toMatchObject({ token: 't0k', exec: expect.objectContaining({ command: 'login' }) });
  });

  it('--as/--as-group/--as-uid impersonate, over the kubeconfig\'s as; groups or a UID without a user are refused', () => {
    expect(load({}).impersonate).toEqual({ user: 'kc-user', groups: [], uid: undefined });
    expect(load({ as: 'alice', asGroups: ['g1', 'g2'], asUid: '42' }).impersonate).toEqual({ user: 'alice', groups: ['g1', 'g2'], uid: '42' });
    expect(load({ user: 'robot' }).impersonate).toBeUndefined();
    expect(() => load({ user: 'robot', asGroups: ['g1'] })).toThrow(BadInputError);
    expect(() => load({ user: 'robot', asUid: '42' })).toThrow(/--as-uid .* add --as USER/);
    // The kubeconfig's own as covers flag groups.
    expect(load({ asGroups: ['g1'] }).impersonate).toEqual({ user: 'kc-user', groups: ['g1'], uid: undefined });
  });
});
