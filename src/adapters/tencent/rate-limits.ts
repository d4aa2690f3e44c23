// The documented per-account request limits of the actions the adapter sends ("默认接口请求频率
// 限制：N次/秒" on each action's API page), and how many of each may run at once. Writes run one
// at a time: ipamd spends the same account's budget (about 50 calls/s per cluster), and a
// serialised write that fails leaves a clear line between what was done and what was not.
import type { RatePace } from './rate-gate.ts';

const read = (perSecond: number): RatePace => ({ perSecond, maxInFlight: 25 });
const write = (perSecond: number): RatePace => ({ perSecond, maxInFlight: 1 });

export const ACTION_PACES: Readonly<Record<string, RatePace>> = {
  'vpc:DescribeNetworkInterfaces': read(100),
  'vpc:DescribeSecurityGroups': read(100),
  'vpc:DescribeSecurityGroupPolicies': read(100),
  'vpc:DescribeSecurityGroupLimits': read(20),
  // DescribeAddressTemplates' and DescribeAddressTemplateGroups' pages; the service ones assumed alike.
  'vpc:DescribeAddressTemplates': read(100),
  'vpc:DescribeAddressTemplateGroups': read(100),
  'vpc:DescribeServiceTemplates': read(100),
  'vpc:DescribeServiceTemplateGroups': read(100),
  'vpc:AssociateNetworkInterfaceSecurityGroups': write(20),
  'vpc:DisassociateNetworkInterfaceSecurityGroups': write(20),
  'cvm:DescribeInstances': read(40),
  // CAM and TKE pages give no figure for these actions; 20/s is the API's usual default.
  'cam:GetRole': read(20),
  'cam:ListAttachedRolePolicies': read(20),
  'cam:GetPolicy': read(20),
  'cam:ListAttachedUserAllPolicies': read(20),
  // "默认接口请求频率限制：20次/秒" (STS GetCallerIdentity's API page).
  'sts:GetCallerIdentity': read(20),
  // "A maximum of 20 requests can be initiated per second for this API" (LookUpEvents' API page).
  'cloudaudit:LookUpEvents': read(20),
  'tke:DescribeClusters': read(20),
  'tke:DescribeAddon': read(20),
  'tke:DescribeAddonValues': read(20),
  'tke:UpdateAddon': write(20),
  // https://cloud.tencent.com/document/product/457/85348 (Modify); the reads' limit is assumed the same.
  'tke:ModifyClusterVirtualNodePool': write(20),
  'tke:DescribeEKSContainerInstances': read(20),
  'tke:DescribeClusterVirtualNode': read(20),
  'tke2022:DescribeNodePools': read(20),
};

/** For an action missing above: the API's usual default, one at a time. */
export const DEFAULT_PACE: RatePace = { perSecond: 20, maxInFlight: 1 };
