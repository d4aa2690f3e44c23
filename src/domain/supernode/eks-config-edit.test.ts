import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { withClusterDefaultGroups } from './eks-config-edit.ts';
import { parseEksConfig } from './eks-config.ts';

// The product page's sample (457/36162 "Global configuration"): a block scalar that a YAML round trip would rewrite.
const SAMPLE = 'eks.tke.cloud.tencent.com/resolv-conf: |\n  nameserver 183.60.83.19\neks.tke.cloud.tencent.com/host-sysctls: \'[{"name": "net.core.rmem_max","value": "26214400"}]\'\n';
const groupsOf = (text: string) => parseEksConfig({ 'pod.annotations': text }, true, load).groups;

describe('withClusterDefaultGroups', () => {
  it('appends the annotation to the page\'s sample, leaving its lines as they were', () => {
    const out = withClusterDefaultGroups(SAMPLE, ['sg-aaaa1111', 'sg-bbbb2222']);
    expect(out.startsWith(SAMPLE)).toBe(true);
    expect(groupsOf(out)).toEqual(['sg-aaaa1111', 'sg-bbbb2222']);
  });

  it('replaces the one line when the annotation is there, quoted or not', () => {
    for (const line of ['eks.tke.cloud.tencent.com/security-group-id: sg-old11111', '"eks.tke.cloud.tencent.com/security-group-id": "sg-old11111,sg-old22222"']) {
      const out = withClusterDefaultGroups(`${SAMPLE}${line}\nother: x\n`, ['sg-new11111']);
      expect(out).toBe(`${SAMPLE}eks.tke.cloud.tencent.com/security-group-id: "sg-new11111"\nother: x\n`);
      expect(groupsOf(out)).toEqual(['sg-new11111']);
    }
  });

  it('starts a map when there is none, and ignores an indented line inside a block scalar', () => {
    expect(withClusterDefaultGroups(undefined, ['sg-aaaa1111'])).toBe('eks.tke.cloud.tencent.com/security-group-id: "sg-aaaa1111"\n');
    const nested = 'note: |\n  eks.tke.cloud.tencent.com/security-group-id: sg-fake1111\n';
    expect(groupsOf(withClusterDefaultGroups(nested, ['sg-aaaa1111']))).toEqual(['sg-aaaa1111']);
  });
});
