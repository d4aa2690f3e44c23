import { describe, expect, it } from 'vitest';
import { profileReloadView, type VirtualKubeletFacts } from './profile-reload.ts';

const IMAGE = 'registry-vpc.cn-hangzhou.aliyuncs.com/acs/virtual-nodes-eci';
const node = (kubeletVersion: string | undefined, name = 'virtual-kubelet-cn-hangzhou-k') => ({ name, kubeletVersion });
const facts = (o: Partial<VirtualKubeletFacts>): VirtualKubeletFacts => ({ deployments: [], nodes: [node('v1.31.1-aliyun.1')], ...o });

describe('when an eci-profile change applies', () => {
  it('reads the Deployment’s image first: a hot-updating version applies at once, no restart', () => {
    const v = profileReloadView(facts({ deployments: [{ name: 'ack-virtual-node-controller', images: [`${IMAGE}:v2.0.0.122-bdb884460-aliyun`] }], nodes: [node('v2.0.0.86-9005a977d-aliyun')] }));
    expect(v).toMatchObject({ reload: 'now', from: 'image', versions: ['v2.0.0.122-bdb884460-aliyun'], deployment: 'ack-virtual-node-controller', restart: undefined });
    expect(v.why).toContain('at once');
  });

  it('an older one needs a restart, and names the command for its Deployment', () => {
    const v = profileReloadView(facts({ deployments: [{ name: 'ack-virtual-node-controller', images: [`${IMAGE}:v2.0.0.86-9005a977d-aliyun`] }] }));
    expect(v.reload).toBe('restart');
    expect(v.restart).toBe('kubectl -n kube-system rollout restart deployment/ack-virtual-node-controller');
    expect(v.why).toContain('older than v2.0.0.90-15deb126e-aliyun');
  });

  it('finds a Deployment of another name by its virtual-nodes-eci image', () => {
    const v = profileReloadView(facts({ deployments: [{ name: 'coredns', images: ['coredns:1.11'] }, { name: 'vk', images: ['sidecar:1', `${IMAGE}:v1.0.0.10-aliyun`] }] }));
    expect(v).toMatchObject({ reload: 'restart', deployment: 'vk', restart: 'kubectl -n kube-system rollout restart deployment/vk' });
  });

  it('falls back to the nodes’ kubeletVersion in the component’s form when no Deployment is seen (managed cluster)', () => {
    const v = profileReloadView(facts({ nodes: [node('v2.0.0.90-15deb126e-aliyun')] }));
    expect(v).toMatchObject({ reload: 'now', from: 'node', deployment: undefined });
    const old = profileReloadView(facts({ nodes: [node('v2.0.0.76-6e9e19bd5-aliyun')] }));
    expect(old.restart).toMatch(/Upgrade/);
  });

  it('says it cannot tell when the image names no version and the nodes report a Kubernetes version', () => {
    const v = profileReloadView(facts({ deployments: [{ name: 'ack-virtual-node-controller', images: [`${IMAGE}:latest`] }] }));
    expect(v.reload).toBe('unknown');
    expect(v.why).toMatch(/^cannot tell/);
    expect(v.why).toContain('names no version');
    expect(v.why).toContain('v1.31.1-aliyun.1');
    expect(v.restart).toBe('kubectl -n kube-system rollout restart deployment/ack-virtual-node-controller');
  });

  it('says why when the Deployments cannot be read', () => {
    const v = profileReloadView(facts({ deployments: { error: 'forbidden' }, nodes: [] }));
    expect(v.reload).toBe('unknown');
    expect(v.why).toContain('could not be read (forbidden)');
    expect(v.why).toContain('no virtual node');
  });
});
