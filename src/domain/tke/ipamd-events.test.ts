import { describe, expect, it } from 'vitest';
import { isIpamdBindEvent } from './ipamd-events.ts';

describe('which Warning events are ipamd failing', () => {
  it('takes any event from a component named after ipamd, whatever its reason or message', () => {
    for (const component of ['tke-eni-ipamd', 'eniipamd', 'ipamd']) expect(isIpamdBindEvent({ component, message: 'sync failed' }), component).toBe(true);
  });
  it('takes an event from anyone whose message names security groups or UnauthorizedOperation', () => {
    for (const message of [
      'failed to bind security groups sg-1 to ENI eni-1',
      'Code=UnauthorizedOperation, Message=...',
      'you are not authorized to perform operation (cvm:AssociateNetworkInterfaceSecurityGroups)',
      'securitygroup sg-1 not found',
      'Security-Group limit exceeded',
    ]) {
      expect(isIpamdBindEvent({ component: '', message }), message).toBe(true);
    }
  });
  it('leaves out other components\' events that name neither', () => {
    expect(isIpamdBindEvent({ component: 'kubelet', message: 'invalid capacity 0 on image filesystem' })).toBe(false);
    expect(isIpamdBindEvent({ component: 'node-controller', message: 'Node 10.0.0.1 status is now: NodeNotReady' })).toBe(false);
  });
});
