// STS 2015-04-01 GetCallerIdentity: who the AccessKey in use belongs to (a RAM user, an assumed
// role, the account), recorded beside the Kubernetes user when kubectl-sg changes something.
// No parameters and no RAM permission needed (API reference, help.aliyun.com/document_detail/43767).
import type { RpcClient } from './rpc.ts';

interface GetCallerIdentityResponse {
  IdentityType?: string;
  AccountId?: string;
  Arn?: string;
}

/** The caller's ARN, e.g. acs:ram::1968132000120001:user/kubectl-sg-operator; undefined when the answer has none. */
export async function callerArn(rpc: RpcClient): Promise<string | undefined> {
  const r = await rpc.call<GetCallerIdentityResponse>('sts', 'GetCallerIdentity', {});
  return r.Arn || undefined;
}
