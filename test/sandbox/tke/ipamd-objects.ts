// The kube-system objects of tke-eni-ipamd as TKE installs them: the Deployment (image tag =
// version, args in both real spellings: `- --clusterid` `- cls-...` as separate items and
// `--flag=value`) and the ConfigMap `tke-eni-ipamd` (old keys before v3.5.0, the network
// document from v3.5.0 on).
import type { Scenario } from '../scenario.ts';
import { featuresOf, parseVersion } from './ipamd/version.ts';
import { IPAMD_IMAGE_REPO, IPAMD_NAME, KUBE_SYSTEM } from './names.ts';
import { NETWORK_CONF_KEY, renderNetworkConf, vpcCniOfScenario } from './network-conf.ts';

export function ipamdImage(version: string): string {
  return `${IPAMD_IMAGE_REPO}:${version}`;
}

/** Container args of the real Deployment; before v3.5.0 they carry the security-group flags. */
export function ipamdArgs(s: Scenario): string[] {
  const args = [
    '--clusterid',
    s.clusterId,
    '--claim-expired-duration',
    '10m0s',
    '--enable-ownerref',
    '--enable-node-condition',
    '--enable-node-taint',
    '--v=4',
  ];
  if (featuresOf(parseVersion(s.ipamd.version)).configFrom === 'args' && s.ipamd.enableSecurityGroups) {
    args.push(s.ipamd.typoFlag ? '--enable-security-group' : '--enable-security-groups');
    if (s.ipamd.securityGroups.length > 0) args.push(`--security-groups=${s.ipamd.securityGroups.join(',')}`);
  }
  return args;
}

export function ipamdDeployment(s: Scenario): Record<string, unknown> {
  const labels = { 'k8s-app': IPAMD_NAME, 'qcloud-app': IPAMD_NAME };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: IPAMD_NAME, namespace: KUBE_SYSTEM, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: IPAMD_NAME,
          hostNetwork: true,
          priorityClassName: 'system-cluster-critical',
          containers: [
            {
              name: IPAMD_NAME,
              image: ipamdImage(s.ipamd.version),
              command: ['tke-eni-ipamd'],
              args: ipamdArgs(s),
              env: [{ name: 'REGION', value: s.region }],
              volumeMounts: [{ name: 'conf', mountPath: '/etc/tke-eni-ipamd' }],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
          volumes: [{ name: 'conf', configMap: { name: IPAMD_NAME } }],
        },
      },
    },
  };
}

/** ConfigMap data: the network document from v3.5.0 on, the old VPC/subnet keys before. */
export function ipamdConfigMapData(s: Scenario): Record<string, string> {
  if (featuresOf(parseVersion(s.ipamd.version)).configFrom === 'configmap') {
    return { [NETWORK_CONF_KEY]: renderNetworkConf(vpcCniOfScenario(s), s.ipamd.networkConfShape) };
  }
  const podSubnets = s.subnets.length > 1 ? s.subnets.slice(1) : s.subnets;
  return {
    TKE_ENI_IPAMD_VPC_ID: s.vpc.id,
    TKE_ENI_IPAMD_SUBNET_ID: podSubnets.map((n) => n.id).join(':'),
  };
}

export function ipamdConfigMap(s: Scenario): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: IPAMD_NAME, namespace: KUBE_SYSTEM, labels: { 'k8s-app': IPAMD_NAME } },
    data: ipamdConfigMapData(s),
  };
}
