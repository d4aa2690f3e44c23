// Who may call what. Each scenario credential stands for a CAM principal:
// - admin: the operator running the plugin, a sub-user whose policies the scenario chooses
//   (callers.ts: AdministratorAccess by default);
// - readonly: a sub-user with a read-only policy (Describe*, Get*, List* of every service);
// - ipamd: the temporary key of role IPAMDofTKE_QCSRole; its rights are whatever the policies
//   attached to that role allow *now* (the control interface attaches or detaches the
//   security-group policy), evaluated from their documents, not their names.
// A denied call answers UnauthorizedOperation with the message shape of the real API:
//   [request id:...]you are not authorized to perform operation (cvm:AssociateNetworkInterfaceSecurityGroups)
//   resource (qcs::cvm:ap-guangzhou:uin/100000000001:eni/*) has no permission
// (confirmed from a published ipamd event: "Code=UnauthorizedOperation, Message=\"[request
// id:...]you are not authorized to perform operation (cvm:AllocateAddresses)\nresource
// (qcs::cvm:ap-guangzhou:uin/...:eip/*) has no permission\n\"". Some other services answer
// AuthFailure.UnauthorizedOperation instead; the emulator uses UnauthorizedOperation everywhere.)
import { evaluate, resourceFor } from './cam-eval.ts';
import { ApiError } from './errors.ts';
import { ADMIN_UIN, COLLEAGUE_UIN, READONLY_UIN } from './callers.ts';
import { IPAMD_ROLE, type CloudState, type PolicyDocument } from './state.ts';
import type { ActionDef, Identity } from './services/types.ts';

export function policiesOf(state: CloudState, identity: Identity): PolicyDocument[] {
  switch (identity) {
    case 'admin':
      return state.userPolicies(ADMIN_UIN).map((p) => p.document);
    case 'readonly':
      return state.userPolicies(READONLY_UIN).map((p) => p.document);
    case 'colleague':
      return state.userPolicies(COLLEAGUE_UIN).map((p) => p.document);
    case 'ipamd':
      return state.rolePolicies(IPAMD_ROLE).map((p) => p.document);
  }
}

/** Throws UnauthorizedOperation when `identity` may not call `action`. */
export function authorize(state: CloudState, identity: Identity, action: ActionDef, region: string | undefined, requestId: string): void {
  if (action.anyCaller) return;
  const resource = resourceFor(action.cam, action.regional ? (region ?? '') : '', state.scenario.uin, action.camResource);
  const decision = evaluate(policiesOf(state, identity), action.cam, resource);
  if (!decision.allowed) {
    throw new ApiError(
      'UnauthorizedOperation',
      `[request id:${requestId}]you are not authorized to perform operation (${action.cam})\nresource (${resource}) has no permission\n`,
    );
  }
}
