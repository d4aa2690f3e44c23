import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { nodeView } from './nodes.ts';

// A node as a kubelet on TKE reports it (fields from `kubectl get node -o json --show-managed-fields`).
const kubeletNode: V1Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: '10.0.0.7',
    uid: '6c1f4c3e-9d1a-4d55-b2a7-1b1b0e6f3c11',
    resourceVersion: '812345',
    creationTimestamp: new Date('2026-11-02T08:00:00Z'),
    labels: { 'cloud.tencent.com/node-instance-id': 'ins-abcd1234', 'topology.kubernetes.io/region': 'gz' },
    annotations: { 'tke.cloud.tencent.com/disable-node-eni': 'yes', 'node.alpha.kubernetes.io/ttl': '0' },
    managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } }],
  },
  spec: { providerID: 'qcloud:///100003/ins-abcd1234', podCIDR: '172.16.0.0/26', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
  status: {
    addresses: [{ type: 'InternalIP', address: '10.0.0.7' }, { type: 'Hostname', address: '10.0.0.7' }],
    capacity: { cpu: '4', 'tke.cloud.tencent.com/eni-ip': '30' },
    allocatable: { cpu: '3920m', 'tke.cloud.tencent.com/eni-ip': '30' },
    conditions: [
      { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: new Date('2026-12-07T03:00:00Z') },
      { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready', lastTransitionTime: new Date('2026-12-07T02:59:00Z') },
    ],
    nodeInfo: {
      kubeletVersion: 'v1.30.0-tke.5', kubeProxyVersion: 'v1.30.0-tke.5', containerRuntimeVersion: 'containerd://1.6.9', architecture: 'amd64',
      bootID: 'b', machineID: 'm', systemUUID: 's', kernelVersion: '5.4', osImage: 'TencentOS Server 3.1', operatingSystem: 'linux',
    },
    images: [{ names: ['ccr.ccs.tencentyun.com/library/pause@sha256:1ff6c18f', 'ccr.ccs.tencentyun.com/library/pause:3.9'], sizeBytes: 320368 }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
  },
};

describe('nodeView', () => {
  it('keeps what the verbs read and drops the rest of a node', () => {
    expect(nodeView(kubeletNode)).toStrictEqual({
      metadata: {
        name: '10.0.0.7',
        resourceVersion: '812345',
        labels: { 'cloud.tencent.com/node-instance-id': 'ins-abcd1234', 'topology.kubernetes.io/region': 'gz' },
        annotations: { 'tke.cloud.tencent.com/disable-node-eni': 'yes', 'node.alpha.kubernetes.io/ttl': '0' },
      },
      spec: { providerID: 'qcloud:///100003/ins-abcd1234' },
      status: {
        addresses: [{ type: 'InternalIP', address: '10.0.0.7' }, { type: 'Hostname', address: '10.0.0.7' }],
        capacity: { cpu: '4', 'tke.cloud.tencent.com/eni-ip': '30' },
        allocatable: { cpu: '3920m', 'tke.cloud.tencent.com/eni-ip': '30' },
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' },
        ],
        nodeInfo: { kubeletVersion: 'v1.30.0-tke.5' },
      },
    });
  });

  it('keeps a watch bookmark\'s version, and a node without spec or status as it is', () => {
    const bookmark = { metadata: { resourceVersion: '900001' } } as V1Node;
    expect(nodeView(bookmark).metadata?.resourceVersion).toBe('900001');
    expect(nodeView(bookmark).spec).toBeUndefined();
    expect(nodeView(bookmark).status).toBeUndefined();
  });
});
