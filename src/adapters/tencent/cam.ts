// CAM 2019-01-16, read for doctor (does ipamd's role hold the ENI security-group actions?) and
// before a verb writes (may the caller itself make its calls?). The adapter only fetches: a
// role, the policies attached to a role or a user, and each policy's document parsed. Judging a document (wildcards, "cvm:*", deny statements) is domain logic.
// CAM is global; the clients call it without a region.
import type { GetPolicyResponse, GetRoleResponse, ListAttachedRolePoliciesResponse, ListAttachedUserAllPoliciesResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cam/v20190116/cam_models.js';
import type { CloudCaller } from './clients.ts';
import { CloudError } from './errors.ts';
import { allPages } from './paging.ts';

/** ListAttachedRolePolicies' and ListAttachedUserAllPolicies' largest page (Rp). */
const MAX_RP = 200;

export interface CamRole {
  id: string;
  name: string;
  description: string;
  arn: string | undefined;
  /** The trust policy (who may assume the role), parsed; undefined if it was not JSON. */
  trustPolicy: unknown;
}

export interface AttachedPolicy {
  id: number;
  name: string;
  /** `User` (custom) or `QCS` (preset). */
  type: string;
}

export interface CamPolicy {
  id: number;
  name: string;
  /** `User` (custom) or `QCS` (preset). */
  type: 'User' | 'QCS' | 'unknown';
  description: string;
  /** The policy document, parsed; undefined when it could not be (see documentError). */
  document: unknown;
  documentError: string | undefined;
}

export interface CamApi {
  /** undefined when no role has this name. */
  getRole(name: string): Promise<CamRole | undefined>;
  /** By the role's name, or by its ID (what GetCallerIdentity names for an assumed role). */
  listAttachedRolePolicies(role: string | { roleId: string }): Promise<AttachedPolicy[]>;
  /** Every policy in force for a sub-user: attached to it directly and through its groups (AttachType 0). */
  listAttachedUserAllPolicies(uin: number): Promise<AttachedPolicy[]>;
  /** undefined when no policy has this ID. */
  getPolicy(id: number): Promise<CamPolicy | undefined>;
}

/** Policy documents are JSON; some consoles store them URL-encoded. */
export function parsePolicyDocument(text: string | undefined): { document: unknown; error: string | undefined } {
  if (!text) return { document: undefined, error: 'the policy has no document' };
  for (const candidate of [text, safeDecode(text)]) {
    if (candidate === undefined) continue;
    try {
      return { document: JSON.parse(candidate), error: undefined };
    } catch {
      // try the next form
    }
  }
  return { document: undefined, error: 'the policy document is not JSON' };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

async function orUndefined<T>(p: Promise<T>, codes: readonly string[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof CloudError && codes.includes(e.code)) return undefined;
    throw e;
  }
}

export function camApi(api: CloudCaller, o: { pageSize?: number } = {}): CamApi {
  const rp = o.pageSize ?? MAX_RP;
  return {
    async getRole(name) {
      const r = await orUndefined(api.call<GetRoleResponse>('cam', 'GetRole', { RoleName: name }), ['InvalidParameter.RoleNotExist', 'ResourceNotFound.RoleNotExist']);
      const info = r?.RoleInfo;
      if (!info) return undefined;
      return {
        id: info.RoleId ?? '',
        name: info.RoleName ?? name,
        description: info.Description ?? '',
        arn: info.RoleArn || undefined,
        trustPolicy: parsePolicyDocument(info.PolicyDocument).document,
      };
    },

    async listAttachedRolePolicies(role) {
      const which = typeof role === 'string' ? { RoleName: role } : { RoleId: role.roleId };
      // Page/Rp paging: page n (from 1) holds items (n-1)*Rp .. n*Rp-1.
      const r = await allPages(async (offset, limit) => {
        const page = await api.call<ListAttachedRolePoliciesResponse>('cam', 'ListAttachedRolePolicies', { ...which, Page: offset / limit + 1, Rp: limit });
        return { items: page.List ?? [], total: page.TotalNum };
      }, rp);
      return r.items.map((p) => ({ id: p.PolicyId ?? 0, name: p.PolicyName ?? '', type: p.PolicyType ?? '' }));
    },

    async listAttachedUserAllPolicies(uin) {
      const r = await allPages(async (offset, limit) => {
        const page = await api.call<ListAttachedUserAllPoliciesResponse>('cam', 'ListAttachedUserAllPolicies', { TargetUin: uin, Page: offset / limit + 1, Rp: limit, AttachType: 0 });
        return { items: page.PolicyList ?? [], total: page.TotalNum };
      }, rp);
      // This listing's PolicyId is a string and its type a number as text (1 custom, 2 preset).
      return r.items.map((p) => ({ id: Number(p.PolicyId ?? 0), name: p.PolicyName ?? '', type: p.StrategyType === '2' ? 'QCS' : p.StrategyType === '1' ? 'User' : '' }));
    },

    async getPolicy(id) {
      const r = await orUndefined(api.call<GetPolicyResponse>('cam', 'GetPolicy', { PolicyId: id }), ['ResourceNotFound.PolicyIdNotFound', 'ResourceNotFound.PolicyNotExist']);
      if (!r) return undefined;
      const { document, error } = parsePolicyDocument(r.PolicyDocument);
      return {
        id,
        name: r.PolicyName ?? '',
        type: r.Type === 1 ? 'User' : r.Type === 2 ? 'QCS' : 'unknown',
        description: r.Description ?? '',
        document,
        documentError: error,
      };
    },
  };
}
