import { describe, expect, it } from 'vitest';
import { checkEciGroupSet, type GroupFacts } from './group-set.ts';

const g = (id: string, vpcId = 'vpc-a', type: GroupFacts['type'] = 'basic'): GroupFacts => ({ id, vpcId, type });
const known = [g('sg-b1'), g('sg-b2'), g('sg-adv1', 'vpc-a', 'advanced'), g('sg-other', 'vpc-b'), g('sg-b3'), g('sg-b4'), g('sg-b5'), g('sg-b6')];
const rules = (ids: string[], vpc: string | null = 'vpc-a') => checkEciGroupSet(ids, known, vpc ?? undefined).map((p) => [p.rule, p.id]);

describe('checkEciGroupSet', () => {
  it('accepts 1 to 5 existing basic groups of the VPC', () => {
    expect(rules(['sg-b1'])).toEqual([]);
    expect(rules(['sg-b1', 'sg-b2', 'sg-b3', 'sg-b4', 'sg-b5'])).toEqual([]);
  });
  it('names the offending ID and the rule', () => {
    expect(rules([])).toEqual([['count', undefined]]);
    expect(rules(['sg-b1', 'sg-b2', 'sg-b3', 'sg-b4', 'sg-b5', 'sg-b6'])).toEqual([['count', undefined]]);
    expect(rules(['sg-b1', 'sg-b1'])).toEqual([['duplicate', 'sg-b1']]);
    expect(rules(['sg-b1', 'sg-gone'])).toEqual([['missing', 'sg-gone']]);
    expect(rules(['sg-b1', 'sg-other'])).toEqual([['vpc', 'sg-other']]);
    expect(rules(['sg-b1', 'sg-adv1'])).toEqual([['type', 'sg-adv1']]);
    expect(checkEciGroupSet(['sg-b1', 'sg-adv1'], known, 'vpc-a')[0]!.message).toBe('sg-adv1 is an advanced group but sg-b1 is basic: an ECI instance takes basic or advanced groups, not both');
    expect(checkEciGroupSet(['sg-other'], known, 'vpc-a')[0]!.message).toMatch(/sg-other is in vpc-b, not vpc-a \(the eci-profile's vpcId\)/);
  });
  it('without the profile VPC, the groups must agree with each other', () => {
    expect(rules(['sg-other'], null)).toEqual([]);
    expect(rules(['sg-b1', 'sg-other'], null)).toEqual([['vpc', 'sg-other']]);
  });
});
