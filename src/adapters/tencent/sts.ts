// STS 2018-08-13 GetCallerIdentity: who the credential in use belongs to (a sub-user, an assumed
// role, the root account), so that its own CAM policies can be read before a verb writes.
// Fields from sts_models.d.ts GetCallerIdentityResponse; judging them is domain logic
// (cloud-rights.ts).
import type { GetCallerIdentityResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sts/v20180813/sts_models.js';
import type { CallerIdentity } from '../../domain/tke/cloud-rights.ts';
import type { CloudCaller } from './clients.ts';

export interface StsApi {
  getCallerIdentity(): Promise<CallerIdentity>;
}

export function stsApi(api: CloudCaller): StsApi {
  return {
    async getCallerIdentity() {
      const r = await api.call<GetCallerIdentityResponse>('sts', 'GetCallerIdentity', {});
      return { arn: r.Arn ?? '', accountId: r.AccountId ?? '', userId: r.UserId ?? '', principalId: r.PrincipalId ?? '', type: r.Type ?? '' };
    },
  };
}
