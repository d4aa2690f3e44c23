// What an emulated product (ECS, ECI) is: its RPC version and actions. An action reads its
// flat parameters (params.ts) and answers the response body without RequestId (the router
// adds it), or throws AcsError.
import type { Params } from '../params.ts';
import type { AlibabaState } from '../state.ts';
import type { Identity } from '../calls.ts';

export interface ActionContext {
  state: AlibabaState;
  /** The RegionId parameter, already checked against the known regions ('' for a global action called without one). */
  region: string;
  /** Which scenario credential signed the call. */
  identity: Exclude<Identity, 'anonymous'>;
}

export interface ActionDef {
  /** Calls per second per AccessKey before Throttling.User (the API's flow control). */
  ratePerSecond: number;
  /** Needs no RegionId (STS GetCallerIdentity: "No parameters required"). */
  global?: boolean;
  /** Changes something: ActionTrail keeps the call (state.ts recordWrite). */
  write?: boolean;
  handler(params: Params, ctx: ActionContext): Record<string, unknown>;
}

export interface ServiceDef {
  /** Host label: ecs.<region>.aliyuncs.com, eci.<region>.aliyuncs.com. */
  service: 'ecs' | 'eci' | 'sts' | 'actiontrail';
  /** The product code in error recommendations (api.aliyun.com/troubleshoot?product=...). */
  product: string;
  /** The x-acs-version this product answers. */
  version: string;
  actions: Record<string, ActionDef>;
}
