// Whether the caller may make a request (SelfSubjectAccessReview): asked before any write, and by
// doctor for the RBAC each verb needs.
import type { KubeClient } from './kube-client.ts';

/** Whether the caller may do `verb` on `resource` (SelfSubjectAccessReview), asked before acting. */
export async function canI(kube: KubeClient, attrs: AccessAttributes): Promise<{ allowed: boolean; reason?: string }> {
  const review = await kube.request<{ status?: { allowed?: boolean; reason?: string } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { group: '', ...attrs } } },
  );
  return { allowed: review.status?.allowed === true, reason: review.status?.reason };
}

export interface AccessAttributes {
  verb: string;
  group?: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}
