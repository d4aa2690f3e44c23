import { describe, expect, it } from 'vitest';
import { chooseProvider, detectedProviders, onePerCloud, ProviderChoiceError, providerForGroupIds, type ProviderEvidence } from './provider-choice.ts';

const none: ProviderEvidence = { tke: undefined, supernode: undefined, eci: undefined };
const tke: ProviderEvidence = { ...none, tke: 'Deployment kube-system/tke-eni-ipamd' };
const eci: ProviderEvidence = { ...none, eci: 'ConfigMap kube-system/eci-profile' };
const both: ProviderEvidence = { ...none, tke: tke.tke, eci: eci.eci };

describe('chooseProvider', () => {
  it('takes the one provider the cluster runs, when the verb serves it', () => {
    expect(chooseProvider(eci, undefined, ['tke', 'eci'], 'show cluster')).toBe('eci');
    expect(chooseProvider(tke, undefined, ['tke', 'eci'], 'show cluster')).toBe('tke');
    expect(detectedProviders(both)).toEqual(['tke', 'eci']);
  });

  it('falls back to the verb\'s first provider when none is detected, or none it serves', () => {
    expect(chooseProvider(none, undefined, ['tke', 'eci'], 'set cluster')).toBe('tke');
    expect(chooseProvider(eci, undefined, ['tke'], 'set node')).toBe('tke');
  });

  it('asks which when both run and the verb serves both, naming the evidence', () => {
    expect(() => chooseProvider(both, undefined, ['tke', 'eci'], 'set cluster')).toThrow(
      /runs TKE VPC-CNI \(Deployment kube-system\/tke-eni-ipamd\) and Alibaba ECI \(ConfigMap kube-system\/eci-profile\): pass --provider tke or --provider eci/,
    );
    expect(chooseProvider(both, undefined, ['eci'], 'set workload')).toBe('eci');
  });

  it('obeys --provider, even against the evidence, but refuses a provider the verb does not serve with what to do instead', () => {
    expect(chooseProvider(tke, 'eci', ['tke', 'eci'], 'show cluster')).toBe('eci');
    expect(() => chooseProvider(eci, 'eci', ['tke'], 'set node')).toThrow(ProviderChoiceError);
    expect(() => chooseProvider(eci, 'eci', ['tke'], 'set node')).toThrow(/set node works on TKE VPC-CNI only: ECI pods take their groups from their workload \(kubectl sg set workload/);
  });
});

describe('providerForGroupIds', () => {
  const tencentShaped = (id: string) => /^sg-[0-9a-z]{8}$/.test(id);
  it('follows the one provider detected, whatever the IDs look like', () => {
    expect(providerForGroupIds(eci, undefined, ['sg-aaaa1111'], tencentShaped)).toBe('eci');
    expect(providerForGroupIds(tke, undefined, ['sg-bp1dktddjsg5nktv1234'], tencentShaped)).toBe('tke');
  });
  it('tells the providers apart by the IDs when both run, and asks when it cannot', () => {
    expect(providerForGroupIds(both, undefined, ['sg-bp1dktddjsg5nktv1234'], tencentShaped)).toBe('eci');
    expect(() => providerForGroupIds(both, undefined, ['sg-aaaa1111'], tencentShaped)).toThrow(/could be a Tencent or an Alibaba group .* --provider tke or --provider eci/);
    expect(() => providerForGroupIds(both, undefined, ['sg-aaaa1111', 'sg-bp1dktddjsg5nktv1234'], tencentShaped)).toThrow(/mixes Tencent-shaped \(sg-aaaa1111\)/);
    expect(providerForGroupIds(both, 'tke', ['sg-bp1dktddjsg5nktv1234'], tencentShaped)).toBe('tke');
  });
});

describe('providers of one cloud', () => {
  const tkeAndSuperNodes: ProviderEvidence = { ...none, tke: 'Deployment kube-system/tke-eni-ipamd', supernode: 'super node eklet-1' };
  it('show group\'s Tencent IDs go to VPC-CNI\'s report when both Tencent providers run; each cloud once', () => {
    expect(providerForGroupIds(tkeAndSuperNodes, undefined, ['sg-aaaa1111'], (id) => /^sg-[0-9a-z]{8}$/.test(id))).toBe('tke');
    expect(providerForGroupIds({ ...none, supernode: 'super node eklet-1' }, undefined, ['sg-aaaa1111'], () => true)).toBe('supernode');
    expect(onePerCloud(['supernode', 'tke', 'eci'])).toEqual(['supernode', 'eci']);
  });
});
