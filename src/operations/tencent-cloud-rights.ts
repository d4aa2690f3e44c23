// Before the question: may the caller make the Tencent Cloud calls the verb makes once it is
// (set cluster on TKE VPC-CNI and on super nodes)
// confirmed? Who the caller is (STS), then the policies in force for it (CAM: a sub-user's own
// and its groups', or an assumed role's), each document read and judged (domain/tke/cloud-rights.ts).
// Any read that fails — the caller may not read its own policies, a call fails — makes the
// answer "unknown" with the reason, and the verb goes on: the cloud still refuses what is not
// allowed, and a check that cannot be made must not stop a caller who has the rights.
import { judgeRights, callerKind, rootRights, unknownRights, type CloudRights } from '../domain/tke/cloud-rights.ts';

export type { CloudRights };
import { CloudError, type TencentCloud } from '../adapters/tencent/index.ts';
import { errorMessage } from '../domain/error-message.ts';

const reason = (e: unknown) => (e instanceof CloudError ? `${e.action} answered ${e.code}` : errorMessage(e));

export async function checkCloudRights(cloud: TencentCloud, actions: readonly string[]): Promise<CloudRights> {
  let identity;
  try {
    identity = await cloud.sts.getCallerIdentity();
  } catch (e) {
    return unknownRights(actions, `who the caller is could not be read (${reason(e)})`);
  }
  const caller = identity.arn || `uin ${identity.userId}`;
  const kind = callerKind(identity);
  if (kind.kind === 'root') return rootRights(actions, caller);
  if (kind.kind === 'other') return unknownRights(actions, kind.why, caller);
  try {
    const attached = kind.kind === 'user' ? await cloud.cam.listAttachedUserAllPolicies(kind.uin) : await cloud.cam.listAttachedRolePolicies({ roleId: kind.roleId });
    const policies = await Promise.all(attached.map((a) => cloud.cam.getPolicy(a.id)));
    return judgeRights(
      actions,
      policies.filter((p) => p !== undefined).map((p) => ({ name: p.name, document: p.document })),
      caller,
    );
  } catch (e) {
    return unknownRights(actions, `the caller's policies could not be read (${reason(e)})`, caller);
  }
}
