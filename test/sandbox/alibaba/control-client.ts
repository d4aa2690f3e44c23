// A typed client for the Alibaba emulator's control interface (control.ts). Used by tests and
// by the virtual-kubelet simulator: keep the method names stable.
import type { EciVSwitch, Permission, SecurityGroupType } from '../eci/scenario.ts';
import { ControlClient } from '../shared/control-call.ts';
import type { FaultSpec } from '../shared/faults.ts';
import type { CallRecord } from './calls.ts';
import type { ContainerGroup, NewContainerGroup, SecurityGroup } from './state.ts';

/** A group as /state and the group routes answer it: the rules with the ID (sgr-...) and creation time ECS answers for them. */
export type SecurityGroupView = SecurityGroup;

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

/** Besides these: health, setFaults (AlibabaFaultSpec), faults, clearFaults, calls, clearCalls, resetRateLimits (ControlClient). */
export class AlibabaControl extends ControlClient<CallRecord, AlibabaFaultSpec> {
  constructor(baseUrl: string) {
    super(baseUrl, 'alibaba emulator');
  }

  state(): Promise<AlibabaStateView> {
    return this.call('GET', '/state');
  }

  createSecurityGroup(o: { id?: string; name: string; description?: string; vpcId: string; type: SecurityGroupType; rules?: Permission[] }): Promise<SecurityGroupView> {
    return this.call('POST', '/security-groups', o);
  }

  /** A prefix list rules may name (sourcePrefixListId, destPrefixListId): CIDR blocks of one family. */
  createPrefixList(o: { name: string; addressFamily?: 'IPv4' | 'IPv6'; entries: string[] }): Promise<{ id: string; name: string; entries: string[] }> {
    return this.call('POST', '/prefix-lists', o);
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
}
