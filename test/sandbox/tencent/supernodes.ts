// TKE super nodes in the cloud: super node pools (what the API calls virtual node pools), their
// virtual nodes, and the container instances the pods on them run as. Pure data and invariants;
// services/tke-supernodes.ts turns it into the API's shapes, control-supernodes.ts into JSON.
// Sources (docs/tke-pod-groups.md): tke_models.d.ts 2018-05-25 (VirtualNodePool, VirtualNode,
// EksCi, CreateClusterVirtualNodePoolRequest: SecurityGroupIds required) and 2022-05-01
// (NodePool.Type "Super", SuperNodePoolInfo.SecurityGroupIds); node names as `kubectl get
// nodes` shows them on the "Pod 安全组" page (`eklet-subnet-q21rasu6-8bpgyx9r`).
// Choices (inferred, docs/assumptions.md): a container instance takes at most 5 groups by
// default (CVM's default InstanceSecurityGroupLimit; the super node pages state no count;
// `maxInstanceGroups` plays another number); whether
// DescribeEKSContainerInstances lists the instances of a standard cluster's super-node pods is
// not documented: `listed` says which reading this world plays.
import type { CloudState } from './state.ts';
import { isoTime } from './state.ts';

export interface Label {
  Name: string;
  Value: string;
}
export interface Taint {
  Key: string;
  Value: string;
  Effect: string;
}

export interface SuperNodePool {
  id: string;
  name: string;
  subnetIds: string[];
  /** The pool's groups, in priority order: what a pod without its own gets (one reading). */
  securityGroupIds: string[];
  labels: Label[];
  taints: Taint[];
  lifeState: 'creating' | 'normal' | 'updating';
  deletionProtection: boolean;
  os: string;
  createdAt: string;
}

export interface VirtualNode {
  name: string;
  poolId: string;
  subnetId: string;
  phase: string;
  createdTime: string;
}

export interface ContainerInstance {
  id: string;
  /** The pod's name, as the instance is named after it. */
  name: string;
  namespace: string;
  podUid: string;
  nodeName: string;
  vpcId: string;
  subnetId: string;
  privateIp: string;
  /** Bound at creation, in priority order; never changed afterwards. */
  securityGroupIds: string[];
  status: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  creationTime: string;
  seq: number;
}

/** Groups one container instance may have by default (assumed; docs/assumptions.md). */
export const MAX_INSTANCE_GROUPS = 5;

/** A request the cloud refuses (unknown group, too many...): the simulator turns it into the pod's failure. */
export class SuperNodeRefusal extends Error {}

export class SuperNodeStore {
  readonly pools = new Map<string, SuperNodePool>();
  readonly virtualNodes = new Map<string, VirtualNode>();
  readonly instances = new Map<string, ContainerInstance>();
  /**
   * Whether DescribeEKSContainerInstances lists these instances (the super-node pods of a
   * standard cluster): undocumented, both readings are played (docs/assumptions.md).
   */
  instancesListed = true;
  /** The region's default group ("default", what older pages say a pod without groups gets). */
  regionDefaultGroupId: string | undefined;
  /** How many groups one instance may have: undocumented for super nodes (docs/assumptions.md). */
  maxInstanceGroups = MAX_INSTANCE_GROUPS;
  private seq = 0;
  private readonly cloud: CloudState;

  constructor(cloud: CloudState) {
    this.cloud = cloud;
  }

  private checkGroups(ids: string[], what: string): void {
    if (ids.length === 0) throw new SuperNodeRefusal(`${what}: at least one security group is required`);
    for (const g of ids) if (!this.cloud.groups.has(g)) throw new SuperNodeRefusal(`${what}: security group ${g} does not exist`);
  }

  private checkSubnets(ids: string[]): void {
    for (const s of ids) if (!this.cloud.scenario.subnets.some((x) => x.id === s)) throw new SuperNodeRefusal(`subnet ${s} does not exist`);
  }

  createPool(o: { name: string; subnetIds: string[]; securityGroupIds: string[]; labels?: Label[]; taints?: Taint[] }): SuperNodePool {
    this.checkGroups(o.securityGroupIds, 'a super node pool');
    this.checkSubnets(o.subnetIds);
    const pool: SuperNodePool = {
      id: this.cloud.newId('np'),
      name: o.name,
      subnetIds: [...o.subnetIds],
      securityGroupIds: [...new Set(o.securityGroupIds)],
      labels: o.labels ?? [],
      taints: o.taints ?? [],
      lifeState: 'normal',
      deletionProtection: false,
      os: 'linux',
      createdAt: isoTime(Date.now()),
    };
    this.pools.set(pool.id, pool);
    return pool;
  }

  /** ModifyClusterVirtualNodePool: the pool's new defaults reach new pods only. */
  modifyPool(id: string, o: { name?: string; securityGroupIds?: string[]; labels?: Label[]; taints?: Taint[]; deletionProtection?: boolean }): SuperNodePool {
    const pool = this.pools.get(id);
    if (!pool) throw new SuperNodeRefusal(`super node pool ${id} does not exist`);
    if (o.securityGroupIds) this.checkGroups(o.securityGroupIds, 'a super node pool');
    if (o.name !== undefined) pool.name = o.name;
    if (o.securityGroupIds) pool.securityGroupIds = [...new Set(o.securityGroupIds)];
    if (o.labels) pool.labels = o.labels;
    if (o.taints) pool.taints = o.taints;
    if (o.deletionProtection !== undefined) pool.deletionProtection = o.deletionProtection;
    return pool;
  }

  /** A virtual node of a pool, named as TKE names them: `eklet-<subnet ID>-<8 characters>`. */
  createVirtualNode(o: { poolId: string; subnetId?: string }): VirtualNode {
    const pool = this.pools.get(o.poolId);
    if (!pool) throw new SuperNodeRefusal(`super node pool ${o.poolId} does not exist`);
    const subnetId = o.subnetId ?? pool.subnetIds[0];
    if (!subnetId) throw new SuperNodeRefusal(`super node pool ${o.poolId} has no subnet`);
    this.checkSubnets([subnetId]);
    const node: VirtualNode = {
      name: `eklet-${subnetId}-${this.cloud.newId('x').slice(2)}`,
      poolId: pool.id,
      subnetId,
      phase: 'Running',
      createdTime: isoTime(Date.now()),
    };
    this.virtualNodes.set(node.name, node);
    return node;
  }

  /** What the super node's control plane does for a new pod: an instance in the node's subnet with exactly these groups. */
  createInstance(o: { name: string; namespace: string; podUid: string; nodeName: string; securityGroupIds: string[] }): ContainerInstance {
    const node = this.virtualNodes.get(o.nodeName);
    if (!node) throw new SuperNodeRefusal(`${o.nodeName} is not a super node of this cluster`);
    const groups = [...new Set(o.securityGroupIds)];
    this.checkGroups(groups, `pod ${o.namespace}/${o.name}`);
    if (groups.length > this.maxInstanceGroups) {
      throw new SuperNodeRefusal(`pod ${o.namespace}/${o.name}: ${groups.length} security groups, at most ${this.maxInstanceGroups} may be bound to one instance`);
    }
    const inst: ContainerInstance = {
      id: this.cloud.newId('eksci'),
      name: o.name,
      namespace: o.namespace,
      podUid: o.podUid,
      nodeName: node.name,
      vpcId: this.cloud.scenario.vpc.id,
      subnetId: node.subnetId,
      privateIp: this.cloud.allocateIp(node.subnetId),
      securityGroupIds: groups,
      status: 'Running',
      creationTime: isoTime(Date.now()),
      seq: this.seq++,
    };
    this.instances.set(inst.id, inst);
    return inst;
  }

  /** Deleting is what the pod's deletion wanted: an unknown ID answers false. */
  deleteInstance(id: string): boolean {
    return this.instances.delete(id);
  }
}
