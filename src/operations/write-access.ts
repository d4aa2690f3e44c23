// Before the first write, every write a command is about to make is asked of the apiserver
// (SelfSubjectAccessReview): a missing permission found half-way through a run would leave
// some nodes changed and others not.
import type { KubeClient } from '../adapters/kube/kube-client.ts';
import { type AccessAttributes, canI } from '../adapters/kube/access-review.ts';

export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

const describe = (a: AccessAttributes) => {
  const resource = `${a.resource}${a.group ? `.${a.group}` : ''}${a.subresource ? `/${a.subresource}` : ''}`;
  return `${a.verb} ${resource}${a.name ? ` "${a.name}"` : ''}${a.namespace ? ` in namespace ${a.namespace}` : ''}`;
};

/** Throws one line naming every permission missing, and the check to run, when any is. */
export async function requireAccess(kube: KubeClient, needs: readonly AccessAttributes[]): Promise<void> {
  const answers = await Promise.all(needs.map(async (need) => ({ need, ...(await canI(kube, need)) })));
  const denied = answers.filter((a) => !a.allowed);
  if (denied.length === 0) return;
  const first = denied[0]!.need;
  throw new AccessDeniedError(
    `not allowed to ${denied.map((d) => describe(d.need)).join(', ')} (RBAC, context "${kube.target.contextName}", user "${kube.target.userName}"): ` +
      `nothing was changed; check with kubectl auth can-i ${first.verb} ${first.resource}${first.group ? `.${first.group}` : ''}${first.namespace ? ` -n ${first.namespace}` : ''}`,
  );
}
