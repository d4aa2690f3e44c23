// The read verbs' JSON, as docs/commands.md documents it (the contract scripts parse): one set of
// types for every e2e file that reads it, so a change to the contract is made in one place.

/** One check of `doctor -o json` (docs/commands.md). */
export interface DoctorItem {
  check: string;
  level: 'ok' | 'warn' | 'fail';
  why: string;
  fix?: string | null;
}

export interface NodeJson {
  name: string;
  instanceId: string | null;
  desiredGroups: string[];
  source: string;
  hasNec: boolean;
  disabled: boolean;
  syncPending: boolean;
  state: string;
  inSync: boolean | null;
  enis:
    | {
        id: string;
        primary: boolean;
        /** primary, shared (ipamd's: the only ones held to the NEC) or other. */
        kind: 'primary' | 'shared' | 'other';
        otherReason: 'trunk' | 'sub-eni' | 'direct' | 'not-ipamd' | null;
        kindCertain: boolean;
        kindWhy: string;
        groups: string[];
        inSync: boolean | null;
      }[]
    | null;
}

export interface ClusterJson {
  apiVersion: string;
  kind: string;
  provider: string;
  ipamd: { version: string; versionFrom: 'image-tag' | 'addon' | 'flag'; image: string; replicas: number; readyReplicas: number };
  capabilities: { securityGroups: boolean; strongSync: boolean; globalSetting: string; resyncMethods: string[] };
  feature: { enabled: boolean; globalList: string[]; place: string | null };
  sources: { place: string; enabled: boolean; globalList: string[]; authoritative: boolean; agrees: boolean }[];
  clusterId: { id: string; source: string } | null;
  region: { region: string; source: string } | null;
  addon: { read: boolean; installed: boolean | null; version: string | null; phase: string | null; notRead: string | null } | null;
  resync: { method: string; command: string; effect: string }[];
  nodes: { total: number; inSync: number; drifted: number; disabled: number; syncPending: number; noNec: number; unknown: number };
  warnings: string[];
}

export interface Summary {
  count: number;
  rules: string[];
}

export interface PodJson {
  kind: string;
  namespace: string;
  name: string;
  node: string | null;
  instanceId: string | null;
  ip: string | null;
  hostNetwork: boolean;
  status: string;
  note: string | null;
  vpcId: string | null;
  eni: { id: string; primary: boolean; instanceId: string | null; subnetId: string; onPodNode: boolean } | null;
  groups: { id: string; name: string | null; description: string | null; ingress: Summary | null; egress: Summary | null }[];
  nec: { exists: boolean; desiredGroups: string[]; disabled: boolean; syncPending: boolean } | null;
  matchesNec: boolean | null;
}

export interface RuleJson {
  index: number;
  protocol: string;
  ports: string;
  peer: string;
  action: string;
  description: string | null;
  summary: string;
}

export interface GroupJson {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  ingress: RuleJson[];
  egress: RuleJson[];
  ruleLimit: number | null;
  findings: { level: string; code: string; message: string; source: { document: string; section: string | null; url: string | null } | null }[];
  usedBy: { node: string; instanceId: string; eniId: string; primary: boolean; priority: number }[] | null;
  desiredBy: string[] | null;
  usageNote: string | null;
}

/** `reach` (docs/reach.md, "Output"): one object, kind Reach. */
export interface ReachRuleJson {
  group: string;
  direction: 'ingress' | 'egress';
  position: number;
  /** Alibaba only. */
  priority?: number;
  action: 'accept' | 'drop';
  rule: string;
}

export interface ReachLegJson {
  evaluated: boolean;
  verdict: 'allowed' | 'denied' | 'unknown' | null;
  decidedBy: ReachRuleJson | null;
  default: string | null;
  reason: string | null;
  note: string | null;
  steps: (ReachRuleJson & { match: 'yes' | 'no' | 'unknown'; why: string })[];
}

export interface ReachSideJson {
  named: string;
  address: string;
  eni: { id: string; primary: boolean; instanceId: string | null } | null;
  groups: string[] | null;
  note: string | null;
}

export interface ReachJson {
  apiVersion: string;
  kind: string;
  provider: 'tke' | 'eci';
  vpcId: string;
  packet: { protocol: string; port: number | null };
  source: ReachSideJson;
  destination: ReachSideJson;
  verdict: 'allowed' | 'denied' | 'unknown';
  reason: string;
  egress: ReachLegJson;
  ingress: ReachLegJson;
}
