import { describe, expect, it } from 'vitest';
import { parseSecurityGroupPolicy, policiesSelecting } from './security-group-policy.ts';

const policy = (name: string, spec: unknown, namespace = 'ns') => parseSecurityGroupPolicy({ metadata: { name, namespace }, spec });

describe('SecurityGroupPolicy', () => {
  it('reads the page\'s fields and says what is missing or contradicts it', () => {
    expect(policy('p', { podSelector: { matchLabels: { app: 'api' } }, securityGroups: { groupIds: ['sg-aaaa1111'] } }).problems).toEqual([]);
    expect(policy('p', { securityGroups: { groupIds: ['sg-aaaa1111'] } }).problems).toEqual(['neither spec.podSelector nor spec.serviceAccountSelector is set']);
    expect(policy('p', { podSelector: {}, serviceAccountSelector: {}, securityGroups: { groupIds: [] } }).problems).toEqual([
      'both spec.podSelector and spec.serviceAccountSelector are set (the page allows one or the other)',
      'spec.securityGroups.groupIds names no group',
    ]);
  });

  it('selects by the pod\'s labels or its ServiceAccount\'s, in its namespace only, in name order; a policy with problems selects nothing', () => {
    const all = [
      policy('z-pods', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] }, securityGroups: { groupIds: ['sg-z'] } }),
      policy('a-sa', { serviceAccountSelector: { matchLabels: { team: 'pay' } }, securityGroups: { groupIds: ['sg-a'] } }),
      policy('other-ns', { podSelector: {}, securityGroups: { groupIds: ['sg-o'] } }, 'elsewhere'),
      policy('broken', { podSelector: { matchLabels: { app: 'api' } } }),
    ];
    const names = (labels: Record<string, string>, sa?: Record<string, string>) => policiesSelecting(all, { namespace: 'ns', labels, serviceAccountLabels: sa }).map((p) => p.name);
    expect(names({ app: 'api' }, { team: 'pay' })).toEqual(['a-sa', 'z-pods']);
    expect(names({ app: 'db' }, { team: 'pay' })).toEqual(['a-sa']);
    expect(names({ app: 'web' })).toEqual(['z-pods']);
  });
});
