// STS 2018-08-13: GetCallerIdentity (fields from sts_models.d.ts GetCallerIdentityResponse; the
// values' shapes from tencentcloud-cli tccli/examples/sts/v20180813/GetCallerIdentity.md: a
// sub-user's long-term key answers Type CAMUser, UserId its UIN, Arn qcs::cam:<account>:uin/<uin>;
// an AssumeRole key answers Type CAMRole, UserId roleId:sessionName, Arn
// qcs::sts:<account>:assumed-role/<roleId>). Region is a required common parameter on its page.
// Any valid key may call it (assumed, docs/assumptions.md): no CAM check.
import { uinOf } from '../callers.ts';
import { IPAMD_ROLE } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';

function getCallerIdentity(_p: unknown, { state, identity }: ActionContext) {
  const account = state.scenario.uin;
  if (identity === 'ipamd') {
    const roleId = state.roles.get(IPAMD_ROLE)!.id;
    return { Arn: `qcs::sts:${account}:assumed-role/${roleId}`, AccountId: account, UserId: `${roleId}:ipamd`, PrincipalId: account, Type: 'CAMRole' };
  }
  const uin = String(uinOf(identity));
  return { Arn: `qcs::cam:${account}:uin/${uin}`, AccountId: account, UserId: uin, PrincipalId: uin, Type: 'CAMUser' };
}

export const stsService: ServiceDef = {
  service: 'sts',
  versions: ['2018-08-13'],
  actions: {
    GetCallerIdentity: {
      params: {},
      read: true,
      cam: 'sts:GetCallerIdentity',
      camResource: 'caller',
      anyCaller: true,
      ratePerSecond: 20,
      regional: true,
      handler: getCallerIdentity,
    },
  },
};
