import { describe, expect, it } from 'vitest';
import { actionMatches, evaluatePolicies, IPAMD_SG_ACTIONS, IPAMD_SG_POLICY_DOCUMENT } from './cam-policy.ts';

const [ASSOCIATE, DISASSOCIATE] = IPAMD_SG_ACTIONS;
const doc = (...statement: unknown[]) => ({ version: '2.0', statement });
const evalOne = (document: unknown, name = 'p') => evaluatePolicies([{ name, document }], IPAMD_SG_ACTIONS);
const verdicts = (document: unknown) => evalOne(document).actions.map((a) => a.verdict);

describe('actionMatches', () => {
  it('matches exact names, service wildcards, a bare star, prefixes and the old name/ form', () => {
    expect(actionMatches('cvm:AssociateNetworkInterfaceSecurityGroups', ASSOCIATE)).toBe(true);
    expect(actionMatches('cvm:*', ASSOCIATE)).toBe(true);
    expect(actionMatches('*', ASSOCIATE)).toBe(true);
    expect(actionMatches('cvm:Associate*', ASSOCIATE)).toBe(true);
    expect(actionMatches('cvm:Associate*', DISASSOCIATE)).toBe(false);
    expect(actionMatches('name/cvm:AssociateNetworkInterfaceSecurityGroups', ASSOCIATE)).toBe(true);
    expect(actionMatches('vpc:*', ASSOCIATE)).toBe(false);
    expect(actionMatches('cvm:AssociateNetworkInterfaceSecurityGroup', ASSOCIATE)).toBe(false);
    // a dot is not a wildcard
    expect(actionMatches('cvm:Associate.NetworkInterfaceSecurityGroups', 'cvm:AssociateXNetworkInterfaceSecurityGroups')).toBe(false);
  });
});

describe('evaluatePolicies', () => {
  it('grants with the documented policy', () => {
    const r = evalOne(IPAMD_SG_POLICY_DOCUMENT, 'SecurityGroupsAccessForIPAMD');
    expect(r.granted).toBe(true);
    expect(r.actions.map((a) => a.allowedBy)).toEqual([['SecurityGroupsAccessForIPAMD'], ['SecurityGroupsAccessForIPAMD']]);
  });

  it('counts cvm:* and * (string or list forms), not the policy name', () => {
    expect(evalOne(doc({ effect: 'allow', action: 'cvm:*', resource: '*' })).granted).toBe(true);
    expect(evalOne(doc({ effect: 'allow', action: ['*'], resource: ['*'] })).granted).toBe(true);
    expect(evaluatePolicies([{ name: 'SecurityGroupsAccessForIPAMD', document: doc({ effect: 'allow', action: ['vpc:*'], resource: '*' }) }], IPAMD_SG_ACTIONS).granted).toBe(false);
  });

  it('needs both actions, possibly from two policies', () => {
    expect(verdicts(doc({ effect: 'allow', action: [ASSOCIATE], resource: '*' }))).toEqual(['allowed', 'missing']);
    const two = evaluatePolicies(
      [
        { name: 'a', document: doc({ effect: 'allow', action: [ASSOCIATE], resource: '*' }) },
        { name: 'b', document: doc({ effect: 'allow', action: [DISASSOCIATE], resource: '*' }) },
      ],
      IPAMD_SG_ACTIONS,
    );
    expect(two.granted).toBe(true);
  });

  it('lets an explicit deny win, in the same or another policy', () => {
    expect(verdicts(doc({ effect: 'allow', action: '*', resource: '*' }, { effect: 'deny', action: 'cvm:Disassociate*', resource: '*' }))).toEqual([
      'allowed',
      'denied',
    ]);
    const r = evaluatePolicies(
      [
        { name: 'allow-all', document: doc({ effect: 'allow', action: 'cvm:*', resource: '*' }) },
        { name: 'guard', document: doc({ effect: 'Deny', action: ['cvm:*'], resource: '*' }) },
      ],
      IPAMD_SG_ACTIONS,
    );
    expect(r.granted).toBe(false);
    expect(r.actions[0]).toMatchObject({ verdict: 'denied', deniedBy: ['guard'], allowedBy: ['allow-all'] });
  });

  it('calls a grant limited to some resources or a condition, or partly denied, limited', () => {
    const narrow = evalOne(doc({ effect: 'allow', action: 'cvm:*', resource: 'qcs::cvm:ap-guangzhou::eni/eni-aaaaaaaa' }));
    expect(narrow.granted).toBe(false);
    expect(narrow.actions[0]).toMatchObject({ verdict: 'limited', limits: ['p: allowed only for resource qcs::cvm:ap-guangzhou::eni/eni-aaaaaaaa'] });
    expect(verdicts(doc({ effect: 'allow', action: '*', resource: '*', condition: { ip_equal: { 'qcs:ip': '10.0.0.0/8' } } }))).toEqual(['limited', 'limited']);
    expect(verdicts(doc({ effect: 'allow', action: '*', resource: '*' }, { effect: 'deny', action: '*', resource: 'qcs::cvm:::eni/eni-x' }))).toEqual([
      'limited',
      'limited',
    ]);
  });

  it('reports documents it cannot judge and grants nothing from them', () => {
    const r = evaluatePolicies(
      [
        { name: 'old', document: { version: '1.0', statement: [{ effect: 'allow', action: '*', resource: '*' }] } },
        { name: 'empty', document: { version: '2.0', statement: [] } },
        { name: 'text', document: 'not json' },
      ],
      IPAMD_SG_ACTIONS,
    );
    expect(r.granted).toBe(false);
    expect(r.unreadable.map((u) => u.name)).toEqual(['old', 'empty', 'text']);
    expect(r.actions.every((a) => a.verdict === 'missing')).toBe(true);
  });

  it('accepts a single statement object and upper-case keys, ignores statements without an effect', () => {
    expect(evalOne({ version: '2.0', statement: { effect: 'allow', action: 'cvm:*', resource: '*' } }).granted).toBe(true);
    expect(evalOne({ Version: '2.0', Statement: [{ Effect: 'Allow', Action: ['cvm:*'], Resource: ['*'] }] }).granted).toBe(true);
    expect(evalOne(doc({ action: 'cvm:*', resource: '*' })).granted).toBe(false);
  });

  it('treats a deny without a resource as a deny everywhere', () => {
    expect(verdicts(doc({ effect: 'allow', action: '*', resource: '*' }, { effect: 'deny', action: [ASSOCIATE] }))).toEqual(['denied', 'allowed']);
  });
});
