// CAM 2019-01-16: GetRole, ListAttachedRolePolicies, ListAttachedUserAllPolicies, GetPolicy
// (fields from cam_models.d.ts; ListAttachedUserAllPolicies' PolicyId and StrategyType are
// strings there, AttachType 0 lists direct and group policies, 1 direct, 2 group).
// CAM is a global service: X-TC-Region is optional. PolicyDocument is a JSON string.
// Error codes from the SDK's lists: GetRole → InvalidParameter.ParamError,
// InvalidParameter.RoleNotExist; ListAttachedRolePolicies → InvalidParameter.ParamError;
// GetPolicy → InvalidParameter.PolicyIdError, ResourceNotFound.PolicyIdNotFound.
// Choices (inferred): ListAttachedRolePolicies of a role that does not exist answers
// InvalidParameter.RoleNotExist, like GetRole; Rp above 200 or Page below 1 answers
// InvalidParameter.ParamError; rate limits 20/s (the API's usual default).
import { err } from '../errors.ts';
import type { Params } from '../params.ts';
import type { CamRole, CloudState } from '../state.ts';
import type { ActionContext, ServiceDef } from './types.ts';

function findRole(state: CloudState, p: Params): CamRole {
  const id = p.RoleId as string | undefined;
  const name = p.RoleName as string | undefined;
  if (!id && !name) throw err('InvalidParameter.ParamError', 'One of RoleId and RoleName is required.');
  const role = name ? state.roles.get(name) : [...state.roles.values()].find((r) => r.id === id);
  if (!role || (id && name && role.id !== id)) throw err('InvalidParameter.RoleNotExist', `The role \`${name ?? id}\` does not exist.`);
  return role;
}

function getRole(p: Params, { state }: ActionContext) {
  const role = findRole(state, p);
  return {
    RoleInfo: {
      RoleId: role.id,
      RoleName: role.name,
      PolicyDocument: JSON.stringify(role.trustDocument),
      Description: role.description,
      AddTime: role.addTime,
      UpdateTime: role.addTime,
      ConsoleLogin: 0,
      RoleType: role.roleType,
      SessionDuration: 0,
      DeletionTaskId: null,
      Tags: [],
      RoleArn: `qcs::cam::uin/${state.scenario.uin}:roleName/${role.name}`,
    },
  };
}

function listAttachedRolePolicies(p: Params, { state }: ActionContext) {
  const pageNo = p.Page as number;
  const rp = p.Rp as number;
  if (pageNo < 1) throw err('InvalidParameter.ParamError', `Page starts at 1, got ${pageNo}.`);
  if (rp < 1 || rp > 200) throw err('InvalidParameter.ParamError', `Rp must be between 1 and 200, got ${rp}.`);
  const role = findRole(state, p);
  const type = p.PolicyType as string | undefined;
  if (type !== undefined && type !== 'User' && type !== 'QCS') throw err('InvalidParameter.ParamError', `PolicyType must be User or QCS, got \`${type}\`.`);
  const keyword = (p.Keyword as string | undefined)?.toLowerCase();
  const list = role.attached
    .map((a) => ({ a, policy: state.policies.get(a.policyId) }))
    .filter((x) => x.policy !== undefined)
    .filter((x) => !type || (type === 'QCS') === (x.policy!.type === 2))
    .filter((x) => !keyword || x.policy!.name.toLowerCase().includes(keyword))
    .map(({ a, policy }) => ({
      PolicyId: policy!.id,
      PolicyName: policy!.name,
      AddTime: a.addTime,
      PolicyType: policy!.type === 2 ? 'QCS' : 'User',
      CreateMode: 2,
      Deactived: 0,
      DeactivedDetail: [],
      Description: policy!.description,
    }));
  return { List: list.slice((pageNo - 1) * rp, pageNo * rp), TotalNum: list.length };
}

// Choices (inferred): a TargetUin that is no sub-user answers InvalidParameter.ParamError; the
// emulator's users are in no group, so AttachType 2 lists nothing.
function listAttachedUserAllPolicies(p: Params, { state }: ActionContext) {
  const pageNo = p.Page as number;
  const rp = p.Rp as number;
  const attachType = p.AttachType as number;
  if (pageNo < 1 || pageNo > 200) throw err('InvalidParameter.ParamError', `Page must be between 1 and 200, got ${pageNo}.`);
  if (rp < 1 || rp > 200) throw err('InvalidParameter.ParamError', `Rp must be between 1 and 200, got ${rp}.`);
  if (![0, 1, 2].includes(attachType)) throw err('InvalidParameter.ParamError', `AttachType must be 0, 1 or 2, got ${attachType}.`);
  const user = state.users.get(p.TargetUin as number);
  if (!user) throw err('InvalidParameter.ParamError', `The user ${p.TargetUin as number} does not exist.`);
  const strategy = p.StrategyType as number | undefined;
  const keyword = (p.Keyword as string | undefined)?.toLowerCase();
  const list = (attachType === 2 ? [] : user.attached)
    .map((a) => ({ a, policy: state.policies.get(a.policyId) }))
    .filter((x) => x.policy !== undefined)
    .filter((x) => strategy === undefined || x.policy!.type === strategy)
    .filter((x) => !keyword || x.policy!.name.toLowerCase().includes(keyword))
    .map(({ a, policy }) => ({
      PolicyId: String(policy!.id),
      PolicyName: policy!.name,
      Description: policy!.description,
      AddTime: a.addTime,
      StrategyType: String(policy!.type),
      CreateMode: '2',
      Groups: [],
      Deactived: 0,
      DeactivedDetail: [],
    }));
  return { PolicyList: list.slice((pageNo - 1) * rp, pageNo * rp), TotalNum: list.length };
}

function getPolicy(p: Params, { state }: ActionContext) {
  const id = p.PolicyId as number;
  if (id <= 0) throw err('InvalidParameter.PolicyIdError', `PolicyId must be a positive integer, got ${id}.`);
  const policy = state.policies.get(id);
  if (!policy) throw err('ResourceNotFound.PolicyIdNotFound', `The policy ${id} does not exist.`);
  return {
    PolicyName: policy.name,
    Description: policy.description,
    Type: policy.type,
    AddTime: policy.addTime,
    UpdateTime: policy.updateTime,
    PolicyDocument: JSON.stringify(policy.document),
    PresetAlias: policy.type === 2 ? policy.name : null,
    IsServiceLinkedRolePolicy: 0,
    Tags: [],
  };
}

export const camService: ServiceDef = {
  service: 'cam',
  versions: ['2019-01-16'],
  actions: {
    GetRole: {
      params: { RoleId: { type: 'string' }, RoleName: { type: 'string' } },
      read: true,
      cam: 'cam:GetRole',
      camResource: 'role',
      ratePerSecond: 20,
      regional: false,
      handler: getRole,
    },
    ListAttachedRolePolicies: {
      params: {
        Page: { type: 'int', required: true },
        Rp: { type: 'int', required: true },
        RoleId: { type: 'string' },
        RoleName: { type: 'string' },
        PolicyType: { type: 'string' },
        Keyword: { type: 'string' },
      },
      read: true,
      cam: 'cam:ListAttachedRolePolicies',
      camResource: 'role',
      ratePerSecond: 20,
      regional: false,
      handler: listAttachedRolePolicies,
    },
    ListAttachedUserAllPolicies: {
      params: {
        TargetUin: { type: 'int', required: true },
        Rp: { type: 'int', required: true },
        Page: { type: 'int', required: true },
        AttachType: { type: 'int', required: true },
        StrategyType: { type: 'int' },
        Keyword: { type: 'string' },
      },
      read: true,
      cam: 'cam:ListAttachedUserAllPolicies',
      camResource: 'uin',
      ratePerSecond: 20,
      regional: false,
      handler: listAttachedUserAllPolicies,
    },
    GetPolicy: {
      params: { PolicyId: { type: 'int', required: true } },
      read: true,
      cam: 'cam:GetPolicy',
      camResource: 'policy',
      ratePerSecond: 20,
      regional: false,
      handler: getPolicy,
    },
  },
};
