// Who the plugin's keys belong to, for STS GetCallerIdentity and the caller's own CAM policies.
// `admin` is the operator running the plugin: a CAM sub-user whose attached policy the scenario
// (--caller-policy) or the control interface chooses:
//   full        AdministratorAccess (every action);
//   read-only   ReadOnlyAccess (Describe*, Get*, List* of every service): a write is refused;
//   unreadable  a custom policy with every TKE, VPC and CVM action but no CAM read: the caller
//               may do the work yet may not read its own policies.
// `readonly` is a second sub-user with ReadOnlyAccess, `colleague` a third with AdministratorAccess
// (another operator, changing groups with another tool). `ipamd` is the role IPAMDofTKE_QCSRole's
// temporary key (an assumed role).
import type { CallerPolicy } from '../scenario.ts';
import type { CamPolicy } from './state.ts';

/** Sub-user UINs in the scenario's account. */
export const ADMIN_UIN = 100000000011;
export const READONLY_UIN = 100000000012;
export const COLLEAGUE_UIN = 100000000013;

export const ADMIN_USER_NAME = 'kubectl-sg-operator';
export const READONLY_USER_NAME = 'auditor';
export const COLLEAGUE_USER_NAME = 'colleague';

/** Policy IDs: the real preset policies' IDs are not known; these are only unique here. */
const ADMINISTRATOR_ID = 90000001;
const READ_ONLY_ID = 90000002;
const NO_CAM_READ_ID = 90000003;

export function callerPolicies(t: string): CamPolicy[] {
  return [
    {
      id: ADMINISTRATOR_ID,
      name: 'AdministratorAccess',
      description: 'Full read-write access to all cloud services and resources.',
      type: 2,
      document: { version: '2.0', statement: [{ effect: 'allow', action: ['*'], resource: ['*'] }] },
      addTime: t,
      updateTime: t,
    },
    {
      id: READ_ONLY_ID,
      name: 'ReadOnlyAccess',
      description: 'Read-only access to all cloud services that support CAM.',
      type: 2,
      document: { version: '2.0', statement: [{ effect: 'allow', action: ['*:Describe*', '*:Get*', '*:List*'], resource: ['*'] }] },
      addTime: t,
      updateTime: t,
    },
    {
      id: NO_CAM_READ_ID,
      name: 'KubectlSgWorkWithoutCamRead',
      description: 'Every TKE, VPC and CVM action; no CAM action.',
      type: 1,
      document: { version: '2.0', statement: [{ effect: 'allow', action: ['tke:*', 'vpc:*', 'cvm:*'], resource: ['*'] }] },
      addTime: t,
      updateTime: t,
    },
  ];
}

export function callerPolicyId(p: CallerPolicy): number {
  return p === 'full' ? ADMINISTRATOR_ID : p === 'read-only' ? READ_ONLY_ID : NO_CAM_READ_ID;
}

export const READONLY_POLICY_ID = READ_ONLY_ID;
export const ADMINISTRATOR_POLICY_ID = ADMINISTRATOR_ID;

/** The sub-user behind a key (ipamd's is a role: it has none). */
export function uinOf(identity: 'admin' | 'readonly' | 'colleague'): number {
  return identity === 'admin' ? ADMIN_UIN : identity === 'readonly' ? READONLY_UIN : COLLEAGUE_UIN;
}

export function userNameOf(identity: 'admin' | 'readonly' | 'colleague'): string {
  return identity === 'admin' ? ADMIN_USER_NAME : identity === 'readonly' ? READONLY_USER_NAME : COLLEAGUE_USER_NAME;
}
