// A typed client for the Alibaba emulator's control interface (control.ts). Used by tests and
// by the virtual-kubelet simulator: keep the method names stable.
import type { EciVSwitch, Permission, SecurityGroupType } from '../eci/scenario.ts';
import { controlCall } from '../shared/control-call.ts';
import type { FaultSpec } from '../shared/faults.ts';
import type { CallRecord } from './calls.ts';
import type { ContainerGroup, NewContainerGroup, StoredRule } from './state.ts';

export interface SecurityGroupView {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  type: SecurityGroupType;
  creationTime: string;
  /** The rules with the ID (sgr-...) and creation time ECS answers for them. */
  rules: StoredRule[];
}

export interface AlibabaStateView {
  scenario: string;
  region: string;
  vpcId: string;
  otherVpcId: string;
  vSwitches: EciVSwitch[];
  securityGroups: SecurityGroupView[];
  containerGroups: ContainerGroup[];
}

export interface CreatedContainerGroup {
  containerGroupId: string;
  eniInstanceId: string;
  intranetIp: string;
}

/** POST /faults: the shared spec, or the short form {failAction: "Action", failCode: "Code"}. */
export type AlibabaFaultSpec = FaultSpec | (Omit<FaultSpec, 'failAction'> & { failAction: string; failCode?: string });

export type { CallRecord, ContainerGroup, FaultSpec, NewContainerGroup, Permission };

export class AlibabaControl {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return controlCall<T>(this.baseUrl, 'alibaba emulator', method, path, body);
  }

  health(): Promise<{ ok: boolean; scenario: string; region: string; uptimeMs: number }> {
    return this.call('GET', '/health');
  }

  state(): Promise<AlibabaStateView> {
    return this.call('GET', '/state');
  }

  createSecurityGroup(o: { id?: string; name: string; description?: string; vpcId: string; type: SecurityGroupType; rules?: Permission[] }): Promise<SecurityGroupView> {
    return this.call('POST', '/security-groups', o);
  }

  setRules(groupId: string, rules: Permission[]): Promise<SecurityGroupView> {
    return this.call('PUT', `/security-groups/${encodeURIComponent(groupId)}/rules`, { rules });
  }

  /** What ECI does for a new pod; refused (Error with the reason) like CreateContainerGroup. */
  createContainerGroup(o: NewContainerGroup): Promise<CreatedContainerGroup> {
    return this.call('POST', '/container-groups', o);
  }

  deleteContainerGroup(id: string): Promise<void> {
    return this.call<unknown>('DELETE', `/container-groups/${encodeURIComponent(id)}`).then(() => undefined);
  }

  setFaults(spec: AlibabaFaultSpec): Promise<FaultSpec> {
    return this.call('POST', '/faults', spec);
  }

  faults(): Promise<FaultSpec> {
    return this.call('GET', '/faults');
  }

  clearFaults(): Promise<FaultSpec> {
    return this.call('DELETE', '/faults');
  }

  calls(): Promise<CallRecord[]> {
    return this.call('GET', '/calls');
  }

  clearCalls(): Promise<void> {
    return this.call<unknown>('DELETE', '/calls').then(() => undefined);
  }

  /** Forget the per-second flow-control windows (so one test's burst does not hit the next). */
  resetRateLimits(): Promise<void> {
    return this.call<unknown>('DELETE', '/ratelimit').then(() => undefined);
  }
}
