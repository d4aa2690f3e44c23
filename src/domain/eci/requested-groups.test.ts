import { describe, expect, it } from 'vitest';
import { parseEciProfile } from './profile.ts';
import { ifEmptySelectorMatchesNone, requestedGroups } from './requested-groups.ts';

const GROUP = 'k8s.aliyun.com/eci-security-group';
const profile = parseEciProfile({
  securityGroupId: 'sg-default1',
  selectors: JSON.stringify([
    { name: 'labels-only', objectSelector: { matchLabels: { app: 'web' } }, effect: { labels: { x: 'y' } } },
    { name: 'web', objectSelector: { matchLabels: { app: 'web' } }, effect: { annotations: { [GROUP]: 'sg-web00001,sg-web00002' } } },
    { name: 'team-a', namespaceSelector: { matchLabels: { team: 'a' } }, effect: { annotations: { [GROUP]: 'sg-teama001' } } },
  ]),
});

describe('requestedGroups', () => {
  it("takes the pod's own annotation first: an effect never overwrites it", () => {
    expect(requestedGroups({ labels: { app: 'web' }, annotations: { [GROUP]: 'sg-own00001, sg-own00002' } }, { team: 'a' }, profile)).toEqual({ source: 'annotation', groups: ['sg-own00001', 'sg-own00002'] });
  });
  it('else the first matching selector whose effect sets groups, in order', () => {
    expect(requestedGroups({ labels: { app: 'web' } }, { team: 'a' }, profile)).toEqual({ source: 'selector', selector: 'web', groups: ['sg-web00001', 'sg-web00002'] });
    expect(requestedGroups({ labels: { app: 'db' } }, { team: 'a' }, profile)).toEqual({ source: 'selector', selector: 'team-a', groups: ['sg-teama001'] });
  });
  it('says selector for a created pod whose annotation is what the first matching selector wrote on it', () => {
    expect(requestedGroups({ labels: { app: 'web' }, annotations: { [GROUP]: 'sg-web00001,sg-web00002' } }, {}, profile)).toEqual({ source: 'selector', selector: 'web', groups: ['sg-web00001', 'sg-web00002'] });
    expect(requestedGroups({ labels: { app: 'db' }, annotations: { [GROUP]: 'sg-web00001,sg-web00002' } }, {}, profile)).toEqual({ source: 'annotation', groups: ['sg-web00001', 'sg-web00002'] });
  });
  it('else the profile default, else nothing', () => {
    expect(requestedGroups({ labels: { app: 'db' } }, {}, profile)).toEqual({ source: 'profile', groups: ['sg-default1'] });
    expect(requestedGroups({}, {}, { selectors: [], securityGroupId: undefined })).toBeUndefined();
  });
});

describe('a selector with no selectors: both readings', () => {
  const withEmpty = parseEciProfile({
    securityGroupId: 'sg-default1',
    selectors: JSON.stringify([
      { name: 'web', objectSelector: { matchLabels: { app: 'web' } }, effect: { annotations: { [GROUP]: 'sg-web00001' } } },
      { name: 'everyone', effect: { annotations: { [GROUP]: 'sg-every001' } } },
      { name: 'empty-too', namespaceSelector: {}, objectSelector: { matchLabels: {} }, effect: { annotations: { [GROUP]: 'sg-every002' } } },
    ]),
  });
  it('reads it as matching every pod, and says what the pod asks for if it matches none', () => {
    expect(requestedGroups({ labels: { app: 'db' } }, {}, withEmpty)).toEqual({ source: 'selector', selector: 'everyone', groups: ['sg-every001'] });
    expect(ifEmptySelectorMatchesNone({ labels: { app: 'db' } }, {}, withEmpty)).toEqual({ selector: 'everyone', otherwise: { source: 'profile', groups: ['sg-default1'] } });
  });
  it('nothing to say when an ordinary selector or the pod’s own annotation decides, or both readings agree', () => {
    expect(ifEmptySelectorMatchesNone({ labels: { app: 'web' } }, {}, withEmpty)).toBeUndefined();
    expect(ifEmptySelectorMatchesNone({ annotations: { [GROUP]: 'sg-own00001' } }, {}, withEmpty)).toBeUndefined();
    // The effect wrote its groups on the pod: under the other reading the pod named them itself.
    expect(ifEmptySelectorMatchesNone({ annotations: { [GROUP]: 'sg-every001' } }, {}, withEmpty)).toBeUndefined();
    expect(ifEmptySelectorMatchesNone({}, {}, { securityGroupId: 'sg-every001', selectors: withEmpty.selectors.slice(1, 2) })).toBeUndefined();
  });
});
