import { describe, expect, it } from 'vitest';
import { dump, load } from 'js-yaml';
import { editNetworkConf, withAddonSecurityGroups } from './vpc-cni-edit.ts';

const A = 'sg-aaaa1111';
const B = 'sg-bbbb2222';
const C = 'sg-cccc3333';

// Shaped like the document TKE renders from the addon's vpcCni values: a comment, then js-yaml's block layout.
const vpcCni = {
  securityGroups: { enableSecurityGroups: true, securityGroups: [A, B] },
  routeEni: { ipMinWarmTarget: 5, ipMaxWarmTarget: 5, maxEniPerNode: 0 },
  claimExpiredDuration: '10m0s',
  enableTrunkingENI: false,
};
const rendered = '# Rendered by TKE from the values of addon eniipamd (.vpcCni); edit the addon, not this ConfigMap.\n' + dump(vpcCni, { lineWidth: -1 });
const sgBlock = (text: string) => {
  const lines = text.split('\n');
  const start = lines.indexOf('securityGroups:');
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith(' ')) end++;
  return { outside: [...lines.slice(0, start), ...lines.slice(end)], block: lines.slice(start, end) };
};

describe('editNetworkConf', () => {
  it('changes only the setting\'s lines: everything else stays byte-identical', () => {
    for (const want of [
      { enabled: true, globalList: [C] },
      { enabled: false, globalList: [] },
      { enabled: true, globalList: [B, A, C] },
    ]) {
      const edit = editNetworkConf(rendered, want);
      expect(edit.layout).toBe('kept');
      expect(sgBlock(edit.text).outside).toEqual(sgBlock(rendered).outside);
      expect(load(edit.text)).toEqual({ ...vpcCni, securityGroups: { enableSecurityGroups: want.enabled, securityGroups: want.globalList } });
    }
    expect(sgBlock(editNetworkConf(rendered, { enabled: false, globalList: [] }).text).block).toEqual([
      'securityGroups:',
      '  enableSecurityGroups: false',
      '  securityGroups: []',
    ]);
    // What was written the same way reads back unchanged.
    expect(editNetworkConf(rendered, { enabled: true, globalList: [A, B] }).text).toBe(rendered);
  });

  it('keeps a comment on the setting\'s line, items written at the key\'s indent, and other keys inside the block', () => {
    const text = ['routeEni:', '  ipMinWarmTarget: 5', 'securityGroups:', '  enableSecurityGroups: false # off until the CAM policy is in', '  securityGroups:', '  - sg-aaaa1111', '  extra: kept', '# trailing comment', ''].join('\n');
    const edit = editNetworkConf(text, { enabled: true, globalList: [B, C] });
    expect(edit.layout).toBe('kept');
    expect(edit.text).toBe(
      ['routeEni:', '  ipMinWarmTarget: 5', 'securityGroups:', '  enableSecurityGroups: true # off until the CAM policy is in', '  securityGroups:', `  - ${B}`, `  - ${C}`, '  extra: kept', '# trailing comment', ''].join('\n'),
    );
  });

  it('completes a setting of which part is there, and adds none to a document that holds neither spelling', () => {
    expect(() => editNetworkConf('routeEni:\n    ipMinWarmTarget: 5\n', { enabled: true, globalList: [A] })).toThrow(/holds no security-group setting, and whether ipamd reads it nested .* or as dotted keys .* is not documented/);
    const half = editNetworkConf(`securityGroups:\n  securityGroups:\n    - ${A}\nrouteEni: {}\n`, { enabled: true, globalList: [A] });
    expect(half).toEqual({ layout: 'kept', text: `securityGroups:\n  enableSecurityGroups: true\n  securityGroups:\n    - ${A}\nrouteEni: {}\n` });
  });

  it('edits the dotted spelling (docs/assumptions.md) in place, and refuses a document that holds both', () => {
    const dotted = ['# rendered', 'securityGroups.enableSecurityGroups: false # off', 'securityGroups.securityGroups: []', 'routeEni.ipMinWarmTarget: 5', ''].join('\n');
    const edit = editNetworkConf(dotted, { enabled: true, globalList: [B, A] });
    expect(edit).toEqual({
      layout: 'kept',
      text: ['# rendered', 'securityGroups.enableSecurityGroups: true # off', 'securityGroups.securityGroups:', `  - ${B}`, `  - ${A}`, 'routeEni.ipMinWarmTarget: 5', ''].join('\n'),
    });
    expect(load(editNetworkConf(edit.text, { enabled: false, globalList: [] }).text)).toEqual({ 'securityGroups.enableSecurityGroups': false, 'securityGroups.securityGroups': [], 'routeEni.ipMinWarmTarget': 5 });
    const listOnly = editNetworkConf(`securityGroups.securityGroups:\n- ${A}\n`, { enabled: true, globalList: [A] });
    expect(listOnly.text).toBe(`securityGroups.enableSecurityGroups: true\nsecurityGroups.securityGroups:\n- ${A}\n`);
    expect(() => editNetworkConf(`securityGroups: {}\nsecurityGroups.enableSecurityGroups: true\n`, { enabled: true, globalList: [] })).toThrow(/twice/);
  });

  it('rewrites a document in a layout the line edit does not know, and says so', () => {
    const flow = `routeEni: {ipMinWarmTarget: 5}\nsecurityGroups: {enableSecurityGroups: true, securityGroups: [${A}]}\n`;
    const edit = editNetworkConf(flow, { enabled: true, globalList: [B] });
    expect(edit.layout).toBe('rewritten');
    expect(load(edit.text)).toEqual({ routeEni: { ipMinWarmTarget: 5 }, securityGroups: { enableSecurityGroups: true, securityGroups: [B] } });
  });

  it('refuses a document that is not a mapping', () => {
    expect(() => editNetworkConf('- a\n- b\n', { enabled: true, globalList: [] })).toThrow(/not a YAML mapping/);
  });
});

describe('withAddonSecurityGroups', () => {
  it('changes only vpcCni.securityGroups and keeps every other value, inside it too', () => {
    const values = { vpcCni: { ...vpcCni, securityGroups: { ...vpcCni.securityGroups, note: 'x' } }, global: { cluster: { clusterId: 'cls-aaaa1111' } }, replicas: 2 };
    expect(withAddonSecurityGroups(values, { enabled: false, globalList: [] })).toEqual({
      ...values,
      vpcCni: { ...vpcCni, securityGroups: { enableSecurityGroups: false, securityGroups: [], note: 'x' } },
    });
    expect(values.vpcCni.securityGroups.enableSecurityGroups).toBe(true); // the input is not changed
    expect(withAddonSecurityGroups({}, { enabled: true, globalList: [A] })).toEqual({ vpcCni: { securityGroups: { enableSecurityGroups: true, securityGroups: [A] } } });
  });
});
