// A typed client for the emulator's control interface (see control.ts). Used by tests and by
// the other sandbox processes (the ipamd simulator): keep the method names stable.
import type { CallerPolicy, InstanceSpec, Rule } from '../scenario.ts';
import type { CallRecord } from './calls.ts';
import { ControlClient } from '../shared/control-call.ts';
import type { FaultSpec } from '../shared/faults.ts';
import type { GroupChange, GroupChangeList } from './group-changes.ts';
import type { PolicyDocument } from './state.ts';

/** The API's NetworkInterface (vpc_models.d.ts), as DescribeNetworkInterfaces returns it. */
export interface NetworkInterface {
  NetworkInterfaceId: string;
  NetworkInterfaceName: string;
  NetworkInterfaceDescription: string;
  SubnetId: string;
  VpcId: string;
  GroupSet: string[];
  Primary: boolean;
  MacAddress: string;
  State: string;
  NetworkInterfaceState: string;
  PrivateIpAddressSet: Array<{ PrivateIpAddress: string; Primary: boolean; State: string; [k: string]: unknown }>;
  Attachment: { DeviceIndex: number; InstanceAccountId: string; AttachTime: string; InstanceId: string };
  Zone: string;
  CreatedTime: string;
  EniType: number;
  TagSet: Array<{ Key: string; Value: string }>;
  Business: string;
  AttachType: number;
  [k: string]: unknown;
}

export interface AddonView {
  clusterId: string;
  name: string;
  /** False for ipamd < v3.5.0 (no addon: the API answers ResourceNotFound). */
  installed: boolean;
  version: string;
  phase: string;
  /** The addon's whole values (what RawValues decodes to); null when not installed. */
  values: Record<string, unknown> | null;
  /** Bumped by every UpdateAddon that changed something. */
  generation: number;
}

export interface CloudStateView {
  scenario: string;
  region: string;
  uin: string;
  appId: number;
  vpc: { id: string; cidr: string };
  subnets: { id: string; cidr: string; zone: string }[];
  cluster: { clusterId: string; clusterName: string; vpcId: string; cni: boolean };
  limits: { instanceSecurityGroupLimit: number; securityGroupPolicyLimit: number };
  securityGroups: { id: string; name: string; description: string; ingress: Rule[]; egress: Rule[] }[];
  instances: {
    id: string;
    nodeName: string;
    zone: string;
    zoneId: string;
    instanceType: string;
    primaryEniId: string;
    eniIds: string[];
    securityGroupIds: string[];
  }[];
  enis: NetworkInterface[];
  addon: AddonView;
  cam: {
    roles: { id: string; name: string; attachedPolicies: { id: number; name: string }[] }[];
    policies: { id: number; name: string; type: 'QCS' | 'User'; document: PolicyDocument }[];
  };
}

export type { CallRecord, FaultSpec, GroupChange, GroupChangeList, InstanceSpec };

export class EmulatorControl extends ControlClient<CallRecord> {
  constructor(baseUrl: string) {
    super(baseUrl, 'emulator');
  }

  state(): Promise<CloudStateView> {
    return this.call('GET', '/state');
  }

  enis(instanceId?: string): Promise<NetworkInterface[]> {
    return this.call('GET', instanceId ? `/enis?instanceId=${encodeURIComponent(instanceId)}` : '/enis');
  }

  /** What ipamd does on a node: a new secondary ENI attached to the instance, with no groups. */
  createEni(o: { instanceId: string; subnetId?: string; ipCount?: number }): Promise<NetworkInterface> {
    return this.call('POST', '/enis', o);
  }

  /** Overwrite an ENI's groups behind everyone's back (drift). */
  setEniGroups(id: string, groups: string[]): Promise<NetworkInterface> {
    return this.call('PUT', `/enis/${encodeURIComponent(id)}/groups`, { groups });
  }

  /** A new instance with a primary ENI (a node added later); answers the scenario's InstanceSpec shape. */
  createInstance(o: { id?: string; nodeName?: string; zone?: string; zoneId?: string; instanceType?: string; groups?: string[] } = {}): Promise<InstanceSpec> {
    return this.call('POST', '/instances', o);
  }

  /** A new security group (a database's, say); bind it with createInstance({ groups }). */
  createGroup(o: { name: string; description?: string; ingress?: Rule[]; egress?: Rule[] }): Promise<{ id: string; name: string; ingress: Rule[]; egress: Rule[] }> {
    return this.call('POST', '/security-groups', o);
  }

  /** Delete a group behind everyone's back: whatever names it keeps the ID. */
  deleteGroup(id: string): Promise<{ id: string }> {
    return this.call('DELETE', `/security-groups/${encodeURIComponent(id)}`);
  }

  /** Overwrite a group's rules, each direction in priority order. */
  setGroupRules(id: string, rules: { ingress: Rule[]; egress: Rule[] }): Promise<{ id: string; name: string; ingress: Rule[]; egress: Rule[] }> {
    return this.call('PUT', `/security-groups/${encodeURIComponent(id)}/rules`, rules);
  }

  /** A parameter template rules may name: addresses (ipm-), services (ppm-), or a group of either's IDs (ipmg-, ppmg-). */
  createTemplate(kind: 'address' | 'address-group' | 'service' | 'service-group', name: string, entries: string[]): Promise<{ id: string; name: string }> {
    return this.call('POST', '/templates', { kind, name, entries });
  }

  /** Every change of an ENI's groups (oldest first), optionally only those at or after `since` (ms since the epoch). */
  groupChanges(since?: number): Promise<GroupChangeList> {
    return this.call('GET', since === undefined ? '/group-changes' : `/group-changes?since=${since}`);
  }

  clearGroupChanges(): Promise<void> {
    return this.call<unknown>('DELETE', '/group-changes').then(() => undefined);
  }

  /** Attach or detach the security-group policy of role IPAMDofTKE_QCSRole (optionally with another document). */
  setIpamdRolePolicy(attached: boolean, document?: PolicyDocument): Promise<{ role: string; attachedPolicies: string[] }> {
    return this.call('PUT', '/cam/ipamd-role-policy', document === undefined ? { attached } : { attached, document });
  }

  /** What the operator's own key (the plugin's) may do from now on: full, read-only or unreadable (tencent/callers.ts). */
  setCallerPolicy(policy: CallerPolicy): Promise<{ uin: number; attachedPolicies: string[] }> {
    return this.call('PUT', '/cam/caller-policy', { policy });
  }

  addon(): Promise<AddonView> {
    return this.call('GET', '/addon');
  }
}
