// The CustomResourceDefinitions of tke-eni-ipamd (group networking.tke.cloud.tencent.com, v1),
// as apiextensions.k8s.io/v1 objects for the sandbox's kube-apiserver.
//
// What is known (domain.md): kinds NodeENIConfig (nodeeniconfigs, short `nec`, cluster-scoped,
// one per node, named like the node, `spec.securityGroups` = the node's ordered group list),
// VpcENI (vpcenis, veni), VpcIP (vpcips, vip; label tke.cloud.tencent.com/node-name,
// spec.type Pod, status.phase Assigned), VpcIPClaim (vpcipclaims, vipc) and EIPClaim
// (eipclaims); served as apiextensions v1 CRDs from ipamd v3.4.1.
// No complete real object is public, so every schema is open (x-kubernetes-preserve-unknown-
// fields) except the few fields the documents name. *(inferred)*: the scopes of VpcENI and
// VpcIP (cluster) and of VpcIPClaim and EIPClaim (namespaced, they are claimed by workloads),
// the NEC fields besides securityGroups living in spec, and the printer columns.
import type { CrdObject } from '../kube/crd-object.ts';
import { NET_GROUP, NET_VERSION } from './names.ts';

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date' | 'number' | 'boolean';
  jsonPath: string;
  description?: string;
  priority?: number;
}

const OPEN = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } as const;
const AGE: Column = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function crd(o: {
  kind: string;
  plural: string;
  singular: string;
  shortNames?: string[];
  scope: 'Cluster' | 'Namespaced';
  spec: Record<string, unknown>;
  columns: Column[];
}): CrdObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${o.plural}.${NET_GROUP}`, labels: { 'app.kubernetes.io/managed-by': 'tke-eni-ipamd' } },
    spec: {
      group: NET_GROUP,
      names: {
        kind: o.kind,
        listKind: `${o.kind}List`,
        plural: o.plural,
        singular: o.singular,
        ...(o.shortNames ? { shortNames: o.shortNames } : {}),
        categories: ['tke-network'],
      },
      scope: o.scope,
      versions: [
        {
          name: NET_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [...o.columns, AGE],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: o.spec,
                status: OPEN,
              },
            },
          },
        },
      ],
    },
  };
}

/** NodeENIConfig: the node's ENI settings; `spec.securityGroups` is what `kubectl edit nec` changes. */
export const NEC_CRD = crd({
  kind: 'NodeENIConfig',
  plural: 'nodeeniconfigs',
  singular: 'nodeeniconfig',
  shortNames: ['nec'],
  scope: 'Cluster',
  spec: {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    properties: {
      securityGroups: {
        type: 'array',
        description: 'Security groups of the node secondary ENIs, in priority order.',
        items: { type: 'string' },
      },
      desiredRouteENIIP: { type: 'integer' },
      subnetCIDR: { type: 'string', description: 'A CIDR, not a subnet ID.' },
      maxRouteENI: { type: 'integer' },
      maxIPPerENI: { type: 'integer' },
    },
  },
  columns: [{ name: 'Security-Groups', type: 'string', jsonPath: '.spec.securityGroups' }],
});

export const VPC_ENI_CRD = crd({
  kind: 'VpcENI',
  plural: 'vpcenis',
  singular: 'vpceni',
  shortNames: ['veni'],
  scope: 'Cluster',
  spec: OPEN,
  columns: [
    { name: 'Node', type: 'string', jsonPath: `.metadata.labels.tke\\.cloud\\.tencent\\.com/node-name` },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  ],
});

export const VPC_IP_CRD = crd({
  kind: 'VpcIP',
  plural: 'vpcips',
  singular: 'vpcip',
  shortNames: ['vip'],
  scope: 'Cluster',
  spec: OPEN,
  columns: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Node', type: 'string', jsonPath: `.metadata.labels.tke\\.cloud\\.tencent\\.com/node-name` },
  ],
});

export const VPC_IP_CLAIM_CRD = crd({
  kind: 'VpcIPClaim',
  plural: 'vpcipclaims',
  singular: 'vpcipclaim',
  shortNames: ['vipc'],
  scope: 'Namespaced',
  spec: OPEN,
  columns: [{ name: 'Phase', type: 'string', jsonPath: '.status.phase' }],
});

export const EIP_CLAIM_CRD = crd({
  kind: 'EIPClaim',
  plural: 'eipclaims',
  singular: 'eipclaim',
  scope: 'Namespaced',
  spec: OPEN,
  columns: [{ name: 'Phase', type: 'string', jsonPath: '.status.phase' }],
});

export const ALL_CRDS: CrdObject[] = [NEC_CRD, VPC_ENI_CRD, VPC_IP_CRD, VPC_IP_CLAIM_CRD, EIP_CLAIM_CRD];

/**
 * The CRDs a cluster running this ipamd version has: before v3.2.0 (no security-group feature)
 * the sandbox installs no NodeENIConfig CRD (domain.md: "the NEC CRD may be missing").
 */
export function crdsForIpamd(hasSecurityGroupFeature: boolean): CrdObject[] {
  return hasSecurityGroupFeature ? ALL_CRDS : ALL_CRDS.filter((c) => c !== NEC_CRD);
}
