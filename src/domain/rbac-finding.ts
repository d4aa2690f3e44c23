// doctor's RBAC checks, for every provider's needs: whether the caller may make the requests a
// part of the plugin makes (SelfSubjectAccessReview), and the kubectl commands that grant them.
// Each provider lists its needs (tke/doctor-findings.ts RBAC_NEEDS, eci/doctor-findings.ts).
import { plural } from './plural.ts';
import { finding, type Finding, type Level } from './doctor-finding.ts';

/** Where the namespaced objects every provider's verbs touch live. */
const NS = 'kube-system';

export interface Permission {
  verb: string;
  /** '' for the core group. */
  group: string;
  resource: string;
  /** Set for namespaced permissions (kube-system); unset for cluster-wide ones. */
  namespace?: string;
  /** One object only (eci-profile): asked and granted for that name, as least privilege. */
  name?: string;
}

export interface RbacNeed {
  /** rbac-show, rbac-set-node, ... in tke/doctor-findings.ts; rbac-eci-* in eci/doctor-findings.ts. */
  check: string;
  /** What the permissions are for, in the why line. */
  purpose: string;
  /** Missing ones fail doctor (the read half); the write halves only warn. */
  level: Level;
  permissions: Permission[];
}

export const permissionText = (p: Permission) => `${p.verb} ${p.group ? `${p.resource}.${p.group}` : p.resource}${p.name ? ` ${p.name}` : ''}${p.namespace ? ` in ${p.namespace}` : ''}`;

/** An RBAC object name from a user name (`alice@example.com` → `alice-example.com`). */
export function rbacName(user: string): string {
  const s = user.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return s.slice(0, 200) || 'user';
}

/** kubectl commands (idempotent: create --dry-run | apply) that grant the need to the user. */
export function rbacFix(need: RbacNeed, user: string | undefined): string {
  const subject = user ?? '<your-user>';
  const role = `kubectl-sg-${need.check.replace(/^rbac-/, '')}`;
  const binding = `${role}:${rbacName(user ?? 'your-user')}`;
  const apply = '--dry-run=client -o yaml | kubectl apply -f -';
  const res = (ps: Permission[]) => [...new Set(ps.map((p) => (p.group ? `${p.resource}.${p.group}` : p.resource)))].join(',');
  const verbs = (ps: Permission[]) => [...new Set(ps.map((p) => p.verb))].join(',');
  const cluster = need.permissions.filter((p) => !p.namespace);
  const ns = need.permissions.filter((p) => p.namespace);
  // A role names objects for all its resources at once: only when every namespaced permission is about the same one.
  const names = [...new Set(ns.map((p) => p.name))];
  const only = names.length === 1 && names[0] ? ` --resource-name=${names[0]}` : '';
  const lines = ['# as a cluster admin:'];
  if (cluster.length > 0) {
    lines.push(`kubectl create clusterrole ${role} --verb=${verbs(cluster)} --resource=${res(cluster)} ${apply}`);
    lines.push(`kubectl create clusterrolebinding ${binding} --clusterrole=${role} --user=${subject} ${apply}`);
  }
  if (ns.length > 0) {
    lines.push(`kubectl -n ${NS} create role ${role} --verb=${verbs(ns)} --resource=${res(ns)}${only} ${apply}`);
    lines.push(`kubectl -n ${NS} create rolebinding ${binding} --role=${role} --user=${subject} ${apply}`);
  }
  return lines.join('\n');
}

export function rbacFinding(need: RbacNeed, allowed: readonly boolean[], user: string | undefined): Finding {
  const missing = need.permissions.filter((_, i) => !allowed[i]);
  const who = user ? `user ${user}` : 'you';
  const details = need.permissions.map((p, i) => `${permissionText(p)}: ${allowed[i] ? 'yes' : 'no'}`);
  if (missing.length === 0) return finding(need.check, 'ok', `${who} may ${need.purpose} (${plural(need.permissions.length, 'permission')}, -o wide lists them)`, undefined, details);
  return finding(need.check, need.level, `${who} may not ${need.purpose}: missing ${missing.map(permissionText).join(', ')}`, rbacFix(need, user), details);
}
