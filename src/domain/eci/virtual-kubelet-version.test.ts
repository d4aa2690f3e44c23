import { describe, expect, it } from 'vitest';
import { profileReloadOfAll, parseVirtualKubeletVersion, profileReload, virtualKubeletVersionOfNode } from './virtual-kubelet-version.ts';

const reload = (text: string) => profileReload(parseVirtualKubeletVersion(text));

describe('virtual kubelet version', () => {
  it('reads the release notes’ tags: four numbers, a commit and -aliyun', () => {
    expect(parseVirtualKubeletVersion('v2.0.0.90-15deb126e-aliyun')?.numbers).toEqual([2, 0, 0, 90]);
    expect(parseVirtualKubeletVersion('v1.0.0.2-aliyun')?.numbers).toEqual([1, 0, 0, 2]);
    expect(parseVirtualKubeletVersion('v2.11.0')?.numbers).toEqual([2, 11, 0]);
  });

  it('says "cannot tell" for what is no version, rather than guess', () => {
    for (const text of ['latest', '', 'sha256:abc', 'v2', 'v2.0', 'two.0.0.90', 'v2.0.0.90 extra']) {
      expect(parseVirtualKubeletVersion(text), text).toBeUndefined();
      expect(reload(text), text).toBe('unknown');
    }
    expect(profileReload(undefined)).toBe('unknown');
  });

  it('hot-updates from v2.0.0.90-15deb126e-aliyun on, numerically (93 and 102 after 90, 110 after 90)', () => {
    expect(reload('v2.0.0.90-15deb126e-aliyun')).toBe('now');
    expect(reload('v2.0.0.93-ef86bbfa1-aliyun')).toBe('now');
    expect(reload('v2.0.0.102-045a06eb4-aliyun')).toBe('now');
    expect(reload('v2.0.0.122-bdb884460-aliyun')).toBe('now');
    expect(reload('v2.11.0')).toBe('now');
    expect(reload('v2.0.0.86-9005a977d-aliyun')).toBe('restart');
    expect(reload('v2.0.0.9-aaaaaaaaa-aliyun')).toBe('restart');
    expect(reload('v1.0.0.10-aliyun')).toBe('restart');
  });

  it('knows v2.0.0.618 came out before the hot update although its number is higher', () => {
    expect(reload('v2.0.0.618-7fd50d738-aliyun')).toBe('restart');
  });

  it('takes a node’s kubeletVersion only in the component’s four-number form', () => {
    expect(virtualKubeletVersionOfNode('v2.0.0.90-15deb126e-aliyun')?.numbers).toEqual([2, 0, 0, 90]);
    // A Kubernetes version, as an ACS virtual node reports: says nothing about the component.
    expect(virtualKubeletVersionOfNode('v1.31.1-aliyun.1')).toBeUndefined();
    expect(virtualKubeletVersionOfNode('v1.33.13')).toBeUndefined();
  });

  it('lets one that reads the profile only at start decide for several', () => {
    const vs = (...t: string[]) => t.map((x) => parseVirtualKubeletVersion(x)!);
    expect(profileReloadOfAll(vs('v2.0.0.122-bdb884460-aliyun', 'v2.0.0.86-9005a977d-aliyun'))).toBe('restart');
    expect(profileReloadOfAll(vs('v2.0.0.122-bdb884460-aliyun', 'v2.0.0.618-7fd50d738-aliyun'))).toBe('restart');
    expect(profileReloadOfAll(vs('v2.0.0.122-bdb884460-aliyun', 'v2.0.0.90-15deb126e-aliyun'))).toBe('now');
    expect(profileReloadOfAll([])).toBe('unknown');
  });
});
