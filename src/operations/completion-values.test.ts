import { describe, expect, it } from 'vitest';
import type { V1Node } from '@kubernetes/client-node';
import type { NodeEniConfig } from '../adapters/kube/tke/objects.ts';
import type { WorkloadObject } from '../adapters/kube/workloads.ts';
import { parseWorkloadRef } from '../domain/workload-ref.ts';
import { ECI_GROUP_ANNOTATION } from '../domain/eci/selectors.ts';
import { alibabaGroupValues, labelValues, nodeValues, workloadValues } from './completion-values.ts';

const node = (name: string, labels: Record<string, string> = {}): V1Node => ({ metadata: { name, labels } });
const nec = (name: string, securityGroups: string[]): NodeEniConfig => ({ metadata: { name }, spec: { securityGroups } }) as NodeEniConfig;

describe('node and NodeENIConfig names for completion', () => {
  it('offers every node with its NEC\'s groups, and NECs whose node is gone', () => {
    expect(nodeValues([node('10.0.0.1'), node('10.0.0.2')], [nec('10.0.0.1', ['sg-aaaa1111', 'sg-bbbb2222']), nec('10.0.0.9', [])])).toEqual([
      { value: '10.0.0.1', description: 'NEC: sg-aaaa1111,sg-bbbb2222' },
      { value: '10.0.0.2', description: 'no NodeENIConfig' },
      { value: '10.0.0.9', description: 'NodeENIConfig without a node' },
    ]);
  });

  it('says so when a NEC lists no groups', () => {
    expect(nodeValues([node('n')], [nec('n', [])])).toEqual([{ value: 'n', description: 'NEC: no groups' }]);
  });
});

describe('label selectors for completion', () => {
  it('offers each key=value once, sorted, with how many nodes carry it', () => {
    expect(labelValues([node('a', { pool: 'blue', zone: 'gz-3' }), node('b', { pool: 'blue' })])).toEqual([
      { value: 'pool=blue', description: '2 nodes' },
      { value: 'zone=gz-3', description: '1 node' },
    ]);
  });
});

describe('workloads for set workload', () => {
  const kind = (ref: string) => parseWorkloadRef(`${ref}/x`).workload;
  const template = (annotations?: Record<string, string>) => ({ metadata: { annotations } });
  const workload = (name: string, spec: WorkloadObject['spec'], ownerKind?: string): WorkloadObject => ({
    metadata: { name, ...(ownerKind ? { ownerReferences: [{ kind: ownerKind, name: 'owner' }] } : {}) },
    spec,
  });

  it('offers KIND/NAME in kubectl\'s singular kind names, with the groups the pod template names', () => {
    expect(
      workloadValues([
        { kind: kind('deploy'), items: [workload('web', { template: template({ [ECI_GROUP_ANNOTATION]: 'sg-a, sg-b' }) }), workload('cart', { template: template() })] },
        { kind: kind('sts'), items: [workload('db', { template: template({ other: 'x' }) }), workload('edge', { template: template({ 'eks.tke.cloud.tencent.com/security-group-id': 'sg-d,sg-e' }) })] },
        { kind: kind('cj'), items: [workload('report', { jobTemplate: { spec: { template: template({ [ECI_GROUP_ANNOTATION]: 'sg-c' }) } } })] },
      ]),
    ).toEqual([
      { value: 'deployment/web', description: 'groups sg-a,sg-b' },
      { value: 'deployment/cart', description: 'no group annotation' },
      { value: 'statefulset/db', description: 'no group annotation' },
      { value: 'statefulset/edge', description: 'groups sg-d,sg-e' },
      { value: 'cronjob/report', description: 'groups sg-c' },
    ]);
  });

  it('leaves out the Jobs a CronJob started, keeps Jobs of their own', () => {
    const jobs = { kind: kind('job'), items: [workload('report-2911', { template: template() }, 'CronJob'), workload('migrate', { template: template() })] };
    expect(workloadValues([jobs]).map((v) => v.value)).toEqual(['job/migrate']);
  });

  it('every value is what set workload takes back', () => {
    for (const k of ['deploy', 'sts', 'ds', 'job', 'cj']) {
      const [v] = workloadValues([{ kind: kind(k), items: [workload('w', { template: template(), jobTemplate: { spec: { template: template() } } })] }]);
      expect(parseWorkloadRef(v!.value).workload).toBe(kind(k));
    }
  });
});

describe('Alibaba groups for completion', () => {
  it('offers each ID with its name, type and VPC (a set is all basic or all advanced, in one VPC)', () => {
    expect(
      alibabaGroupValues([
        { id: 'sg-bp1', name: 'web', description: '', vpcId: 'vpc-1', type: 'basic' },
        { id: 'sg-bp2', name: '', description: '', vpcId: 'vpc-2', type: 'advanced' },
      ]),
    ).toEqual([
      { value: 'sg-bp1', description: 'web (basic, vpc-1)' },
      { value: 'sg-bp2', description: '(advanced, vpc-2)' },
    ]);
  });
});
