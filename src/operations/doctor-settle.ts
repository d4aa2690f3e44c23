// How doctor reads: every read runs concurrently and settles into a value or an error, and a
// read that fails becomes a finding ("not checked: could not read ..."), never an abort —
// except when the cluster cannot be talked to at all (no connection, credentials refused),
// where no finding would be true and doctor exits 1.
import { notChecked, type Finding } from '../domain/doctor-findings.ts';
import { KubeApiError } from '../adapters/kube/kube-client.ts';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The cluster cannot be talked to at all: doctor cannot run (exit 1), as opposed to a read being refused. */
export function fatal(err: unknown): boolean {
  return err instanceof KubeApiError && (err.status === 0 || err.status === 401);
}

export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => {
      if (fatal(error)) throw error;
      return { ok: false as const, error };
    },
  );
}

export function errorText(err: unknown): string {
  if (err instanceof KubeApiError) return `${err.status === 403 ? 'forbidden' : `${err.status} ${err.reason}`}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** A read was refused or failed: the check could not run. `rbacCheck` is the check that names the read permissions. */
export function readFailed(check: string, what: string, err: unknown, rbacCheck = 'rbac-show'): Finding {
  const forbidden = err instanceof KubeApiError && err.status === 403;
  return notChecked(
    check,
    `could not read ${what}: ${errorText(err).split('\n')[0]}`,
    forbidden ? `grant the read permissions: see the ${rbacCheck} check` : `run doctor again; if it persists: kubectl get --raw '/readyz?verbose'`,
  );
}
