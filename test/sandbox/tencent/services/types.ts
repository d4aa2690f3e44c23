// What a service module declares: its versions and, per action, the parameters it accepts, its
// CAM action name, whether it only reads, its documented per-second limit and its handler.
import type { Params, Schema } from '../params.ts';
import type { CloudState } from '../state.ts';

export type Identity = 'admin' | 'ipamd' | 'readonly' | 'colleague';

export interface ActionContext {
  state: CloudState;
  /** X-TC-Region (validated); undefined for global services called without one. */
  region: string | undefined;
  /** Whether `region` is the scenario's region (resources are regional). */
  home: boolean;
  identity: Identity;
  requestId: string;
}

export interface ActionDef {
  params: Schema;
  /** Describe/Get/List: allowed to the read-only identity. */
  read: boolean;
  /** CAM action checked for this call, e.g. "vpc:DescribeNetworkInterfaces". */
  cam: string;
  /** CAM resource type used in the checked resource string (e.g. "eni"). */
  camResource: string;
  /** Answered for any valid key, with no CAM check (STS GetCallerIdentity). */
  anyCaller?: boolean;
  /** Documented requests per second per account. */
  ratePerSecond: number;
  /** Whether the action needs X-TC-Region (regional services). */
  regional: boolean;
  handler: (params: Params, ctx: ActionContext) => Record<string, unknown>;
}

export interface ServiceDef {
  service: string;
  versions: string[];
  actions: Record<string, ActionDef>;
}
