import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError, loadKubeTarget } from './kubeconfig.ts';

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
