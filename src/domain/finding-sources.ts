// The document each doctor check, lint code and document-based refusal rests on, so that a
// finding can name it beside its fix and a runbook can link it (issue 20). Only documents the
// project has read are cited: the product documents in seeds/ by their section titles, the public
// pages domain.md and docs/reach.md name, Go's flag package. A code that rests on no document (the
// plugin's own judgement, its own needs) has `source: null` and says why, so the table is total:
// a new code without an entry does not typecheck, and finding-sources.test.ts fails.
import type { CheckName } from './tke/doctor-findings.ts';
import type { EciCheckName } from './eci/doctor-findings.ts';
import type { SuperNodeCheckName } from './supernode/doctor-findings.ts';
import type { LintCode } from './rule-lint.ts';
import type { PROVIDER_CHECK } from './provider-finding.ts';

export interface Source {
  /** The document: its product and title. */
  document: string;
  /** The section (or step) of it, by its title; undefined when the whole page is meant. */
  section?: string;
  url?: string;
}

export type Citation = { source: Source; reason?: undefined } | { source: null; reason: string };

/** Refusals of the verbs that rest on a document (other refusals name only the bad value). */
export const REFUSAL_CODES = [
  'refuse-no-security-group-feature',
  'refuse-need-sync-version',
  'refuse-eci-group-set',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export type CitedCode = typeof PROVIDER_CHECK | CheckName | EciCheckName | SuperNodeCheckName | LintCode | RefusalCode;

// The documents.
const TKE_SG = 'Tencent TKE, "Security Group of VPC-CNI Mode"';
const TKE_50360: Source = {
  document: 'Tencent TKE, "VPC-CNI 模式安全组使用说明"',
  url: 'https://cloud.tencent.com/document/product/457/50360',
};
const TKE_SUPERNODE_ANNOTATIONS: Source = { document: 'Tencent TKE, "Annotation" (super nodes)', section: 'Global configuration', url: 'https://www.tencentcloud.com/document/product/457/36162' };
const ACK_SG = 'Alibaba ACK, "Configure a security group"';
const ACK_IN_CLUSTERS: Source = { document: ACK_SG, section: 'Specify security groups for elastic container instances in Kubernetes clusters' };
const ACK_RULES: Source = { document: ACK_SG, section: 'Security group rules' };
const ACK_TYPES: Source = { document: ACK_SG, section: 'Security group types' };
const TKE_PREREQUISITE: Source = { document: TKE_SG, section: 'Prerequisite' };
const TKE_ENABLING: Source = { document: TKE_SG, section: 'Enabling Security Group Feature for the IPAMD Component' };
const TKE_FEATURE_LOGIC: Source = { document: TKE_SG, section: 'Feature Logic' };
const RULE_ORDER: Source = {
  document: 'Tencent CVM, "安全组概述"',
  url: 'https://www.tencentcloud.com/zh/document/product/213/12452',
};

const cite = (source: Source): Citation => ({ source });
const none = (reason: string): Citation => ({ source: null, reason });
const OWN_RIGHTS = none("the permissions the plugin's own verbs need, asked of the API server (SelfSubjectAccessReview)");

export const FINDING_SOURCES: Readonly<Record<CitedCode, Citation>> = {
  // doctor, both providers
  provider: none('which objects tell the providers apart is the plugin\'s own detection (docs/eci.md)'),
  // doctor, TKE VPC-CNI
  ipamd: cite(TKE_ENABLING),
  'ipamd-start': cite({ document: 'Go standard library, package flag', section: 'Command line flag syntax', url: 'https://pkg.go.dev/flag' }),
  'ipamd-version': cite(TKE_PREREQUISITE),
  'shared-eni': cite(TKE_PREREQUISITE),
  feature: cite(TKE_ENABLING),
  'ipamd-flags': cite(TKE_ENABLING),
  'setting-places': cite(TKE_50360),
  'nec-crd': cite(TKE_FEATURE_LOGIC),
  'nec-per-node': cite(TKE_FEATURE_LOGIC),
  'bind-events': none('no public source names the Events ipamd writes when binding fails (docs/assumptions.md)'),
  'interrupted-resync': none("the plugin's own resync marker on nodes"),
  'cloud-credentials': none("the plugin's own access to the cloud (the Tencent Cloud SDK's credential chain)"),
  region: none("the plugin's own reading of the region; short region codes on nodes are inferred (domain.md)"),
  'cluster-id': none("the plugin's own lookup of the cluster it was given"),
  'cam-role': cite({ document: TKE_SG, section: 'Adding Security Group Access Permission for the IPAMD Component Role' }),
  'rbac-show': OWN_RIGHTS,
  'rbac-set-node': OWN_RIGHTS,
  'rbac-resync': OWN_RIGHTS,
  'rbac-set-cluster': OWN_RIGHTS,
  // doctor, Alibaba ECI
  'eci-profile': cite(ACK_IN_CLUSTERS),
  'eci-vpc': cite(ACK_IN_CLUSTERS),
  'eci-vswitches': cite(ACK_IN_CLUSTERS),
  'eci-default-group': cite(ACK_IN_CLUSTERS),
  'eci-selectors': cite(ACK_IN_CLUSTERS),
  'virtual-nodes': none('no document read says how virtual nodes are labelled; the plugin looks for type=virtual-kubelet'),
  'eci-profile-reload': cite(ACK_IN_CLUSTERS),
  'eci-credentials': none("the plugin's own access to the cloud (Alibaba Cloud's default credential chain)"),
  'eci-region': none("the plugin's own reading of the region"),
  'rbac-eci-show': OWN_RIGHTS,
  'rbac-eci-set-cluster': OWN_RIGHTS,
  'rbac-eci-set-workload': OWN_RIGHTS,
  // doctor, TKE super nodes (docs/tke-pod-groups.md has each source)
  'supernode-pool-groups': cite(TKE_SUPERNODE_ANNOTATIONS),
  'supernode-eks-config': cite(TKE_SUPERNODE_ANNOTATIONS),
  'supernode-pod-groups': cite(TKE_SUPERNODE_ANNOTATIONS),
  'supernode-instances': none('no document says whether DescribeEKSContainerInstances lists a standard cluster\'s super-node pods (docs/assumptions.md)'),
  'supernode-credentials': none("the plugin's own access to the cloud (the Tencent Cloud SDK's credential chain)"),
  'supernode-region': none("the plugin's own reading of the region"),
  // show group's lint
  'open-to-internet': cite(ACK_RULES),
  'wide-port-range': cite(ACK_RULES),
  'range-from-one': cite(ACK_RULES),
  'all-protocols': cite(ACK_RULES),
  'near-rule-limit': cite(ACK_RULES),
  'advanced-no-egress': cite(ACK_TYPES),
  'advanced-group-reference': cite(ACK_TYPES),
  'shadowed-rule': cite(RULE_ORDER),
  'dead-accept': cite(RULE_ORDER),
  // refusals
  'refuse-no-security-group-feature': cite(TKE_PREREQUISITE),
  'refuse-need-sync-version': cite(TKE_50360),
  'refuse-eci-group-set': cite(ACK_IN_CLUSTERS),
};

/** The source of a code, or null; an unknown code (a check name from elsewhere) has none. */
export function sourceOf(code: string): Source | null {
  return (FINDING_SOURCES as Readonly<Record<string, Citation | undefined>>)[code]?.source ?? null;
}

/** One line: `Tencent TKE, "Security Group of VPC-CNI Mode" > Prerequisite`, a page's address in <…>. */
export function citationText(s: Source): string {
  return `${s.document}${s.section ? ` > ${s.section}` : ''}${s.url ? ` <${s.url}>` : ''}`;
}

/** The tail of a refusal that rests on a document: ` (see: …)`, so the error stays one line. */
export function seeSource(code: RefusalCode): string {
  return ` (see: ${citationText(FINDING_SOURCES[code].source!)})`;
}

/** The JSON form, with fields always present so scripts need not test for them. */
export function sourceJson(code: string): { document: string; section: string | null; url: string | null } | null {
  const s = sourceOf(code);
  return s ? { document: s.document, section: s.section ?? null, url: s.url ?? null } : null;
}
