// CVM 2017-03-12: the instances behind nodes. By InstanceIds (at most 100 per request), not by
// the instance-id filter: DescribeInstances caps a filter at 5 values. IDs that do not exist
// are simply absent from the answer, so the missing ones are named by difference; a malformed
// ID would fail its whole batch (InvalidInstanceId.Malformed), so it is reported missing
// without being sent.
import type { DescribeInstancesResponse, Instance as SdkInstance } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js';
import type { CloudCaller } from './clients.ts';
import { chunks, unique } from './paging.ts';

const BATCH = 100;
const INSTANCE_ID = /^ins-[0-9a-z]{8}$/;

export interface Instance {
  id: string;
  name: string;
  /** RUNNING, STOPPED, ... */
  state: string;
  zone: string;
  instanceType: string;
  privateIps: string[];
  /** The instance's own groups (its primary ENI's), in priority order. */
  securityGroupIds: string[];
  vpcId: string;
  subnetId: string;
  /** The CAM role bound to the instance, if any. */
  camRoleName: string | undefined;
}

export interface CvmApi {
  describeInstances(ids: readonly string[]): Promise<{ instances: Instance[]; missing: string[] }>;
}

export function toInstance(i: SdkInstance): Instance {
  return {
    id: i.InstanceId ?? '',
    name: i.InstanceName ?? '',
    state: i.InstanceState ?? '',
    zone: i.Placement?.Zone ?? '',
    instanceType: i.InstanceType ?? '',
    privateIps: [...(i.PrivateIpAddresses ?? [])],
    securityGroupIds: [...(i.SecurityGroupIds ?? [])],
    vpcId: i.VirtualPrivateCloud?.VpcId ?? '',
    subnetId: i.VirtualPrivateCloud?.SubnetId ?? '',
    camRoleName: i.CamRoleName || undefined,
  };
}

export function cvmApi(api: CloudCaller): CvmApi {
  return {
    async describeInstances(ids) {
      const wanted = unique(ids);
      const valid = wanted.filter((id) => INSTANCE_ID.test(id));
      const answers = await Promise.all(
        chunks(valid, BATCH).map((batch) => api.call<DescribeInstancesResponse>('cvm', 'DescribeInstances', { InstanceIds: batch, Limit: BATCH })),
      );
      const instances = answers.flatMap((r) => (r.InstanceSet ?? []).map(toInstance));
      const found = new Set(instances.map((i) => i.id));
      return { instances, missing: wanted.filter((id) => !found.has(id)) };
    },
  };
}
