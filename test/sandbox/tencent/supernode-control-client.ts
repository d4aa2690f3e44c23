// A typed client for the super node control routes (control-supernodes.ts): the super node
// simulator's way to the cloud, and the tests' way to set a world up. Never the plugin's.
import { controlCall } from '../shared/control-call.ts';
import type { ContainerInstance, Label, SuperNodePool, Taint, VirtualNode } from './supernodes.ts';

export interface SuperNodesView {
  regionDefaultGroupId: string | null;
  instancesListed: boolean;
  maxInstanceGroups: number;
  pools: SuperNodePool[];
  virtualNodes: VirtualNode[];
  instances: ContainerInstance[];
}

export interface NewContainerInstance {
  name: string;
  namespace: string;
  podUid: string;
  nodeName: string;
  securityGroupIds: string[];
}

export class SuperNodeControl {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return controlCall<T>(this.baseUrl, 'tencent supernodes', method, `/supernodes${path}`, body);
  }

  state(): Promise<SuperNodesView> {
    return this.call('GET', '');
  }
  createPool(o: { name: string; subnetIds: string[]; securityGroupIds: string[]; labels?: Label[]; taints?: Taint[] }): Promise<SuperNodePool> {
    return this.call('POST', '/pools', o);
  }
  createVirtualNode(o: { poolId: string; subnetId?: string }): Promise<VirtualNode> {
    return this.call('POST', '/virtual-nodes', o);
  }
  settings(o: { regionDefaultGroupId?: string; instancesListed?: boolean; maxInstanceGroups?: number }): Promise<SuperNodesView> {
    return this.call('PUT', '/settings', o);
  }
  /** Throws "...: 400 <reason>" when the cloud refuses the instance. */
  createInstance(o: NewContainerInstance): Promise<ContainerInstance> {
    return this.call('POST', '/instances', o);
  }
  deleteInstance(id: string): Promise<{ ok: true }> {
    return this.call('DELETE', `/instances/${encodeURIComponent(id)}`);
  }
}
