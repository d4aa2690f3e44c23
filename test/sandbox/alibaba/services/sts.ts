// STS 2015-04-01: GetCallerIdentity, who the key in use belongs to (the audit trail records it
// beside the Kubernetes user). No parameters; the answer's fields and their shapes from the API
// reference (help.aliyun.com/document_detail/43767: IdentityType Account | RAMUser |
// AssumedRoleUser, AccountId, PrincipalId, UserId (account or RAM user only), Arn
// `acs:ram::<account>:user/<name>`, RoleId (a role only)). An assumed role's Arn is
// `acs:ram::<account>:role/<role>/<session>` as in the AssumeRole reference's example of its
// AssumedRoleUser. The account, user and role are the sandbox's own (the scenario has none).
// No RAM authorization is needed ("No authorization for this operation").
import type { ActionContext, ServiceDef } from './types.ts';

export const STS_VERSION = '2015-04-01';
export const ALIBABA_ACCOUNT_ID = '1968132000120001';
export const OPERATOR_USER = { name: 'kubectl-sg-operator', id: '216959339000001' };
/** The RAM user behind the scenario's second access key: another operator. */
export const COLLEAGUE_USER = { name: 'colleague', id: '216959339000002' };
export const OPERATOR_ROLE = { name: 'kubectl-sg-role', id: '335376200829001', session: 'kubectl-sg' };

function getCallerIdentity(_p: unknown, { identity }: ActionContext) {
  if (identity === 'sts') {
    return {
      IdentityType: 'AssumedRoleUser',
      AccountId: ALIBABA_ACCOUNT_ID,
      PrincipalId: `${OPERATOR_ROLE.id}:${OPERATOR_ROLE.session}`,
      Arn: `acs:ram::${ALIBABA_ACCOUNT_ID}:role/${OPERATOR_ROLE.name}/${OPERATOR_ROLE.session}`,
      RoleId: OPERATOR_ROLE.id,
    };
  }
  const user = identity === 'colleague' ? COLLEAGUE_USER : OPERATOR_USER;
  return { IdentityType: 'RAMUser', AccountId: ALIBABA_ACCOUNT_ID, PrincipalId: user.id, UserId: user.id, Arn: `acs:ram::${ALIBABA_ACCOUNT_ID}:user/${user.name}` };
}

export const stsService: ServiceDef = {
  service: 'sts',
  product: 'Sts',
  version: STS_VERSION,
  actions: {
    GetCallerIdentity: { ratePerSecond: 100, global: true, handler: getCallerIdentity },
  },
};
