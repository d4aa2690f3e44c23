// How doctor reads: every read runs concurrently and settles into a value or an error, and a
// read that fails becomes a finding ("not checked: could not read ..."), never an abort —
// except when the cluster cannot be talked to at all (no connection, credentials refused),
// where no finding would be true and doctor exits 1.
import { BadInputError } from '../domain/bad-input.ts';
import { notChecked, type Finding } from '../domain/doctor-finding.ts';
import { KubeApiError, type KubeClient } from '../adapters/kube/kube-client.ts';
import { errorMessage } from '../domain/error-message.ts';
import { canI } from '../adapters/kube/access-review.ts';
import { rbacFinding, type RbacNeed } from '../domain/rbac-finding.ts';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The cluster cannot be talked to at all: doctor cannot run (exit 1), as opposed to a read being refused. */
export function fatal(err: unknown): boolean {
  return err instanceof KubeApiError && (err.status === 0 || err.status === 401);
}

/**
 * Reads are started together and awaited one after another, so a fatal error ends the caller at
 * its first await while the others are still pending; they then fail unawaited (a report's
 * cluster cut off by its time limit resets every connection at once), which must not count as
 * an unhandled rejection: Node would end the whole process for it.
 */
function awaitedLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return awaitedLater(
    p.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => {
        if (fatal(error)) throw error;
        return { ok: false as const, error };
      },
    ),
  );
}

export function errorText(err: unknown): string {
  if (err instanceof KubeApiError) return `${err.status === 403 ? 'forbidden' : `${err.status} ${err.reason}`}: ${err.message}`;
  return errorMessage(err);
}

/** An error's first line, as a note in a longer report. */
export const firstErrorLine = (err: unknown): string => errorText(err).split('\n')[0] ?? '';

/** A read was refused or failed: the check could not run. `rbacCheck` is the check that names the read permissions. */
export function readFailed(check: string, what: string, err: unknown, rbacCheck = 'rbac-show'): Finding {
  const forbidden = err instanceof KubeApiError && err.status === 403;
  return notChecked(
    check,
    `could not read ${what}: ${firstErrorLine(err)}`,
    forbidden ? `grant the read permissions: see the ${rbacCheck} check` : `run doctor again; if it persists: kubectl get --raw '/readyz?verbose'`,
  );
}

/**
 * Opens a provider's cloud unless --no-cloud. A malformed --region or region variable (bad
 * input) becomes the region check's failure, with the other checks still run, instead of
 * ending doctor with exit 2.
 */
export async function openDoctorCloud<A>(noCloud: boolean, open: () => Promise<A>): Promise<{ access: A | undefined; regionError: string | undefined }> {
  if (noCloud) return { access: undefined, regionError: undefined };
  try {
    return { access: await open(), regionError: undefined };
  } catch (err) {
    if (!(err instanceof BadInputError)) throw err;
    return { access: undefined, regionError: err.message };
  }
}

/** One finding per need from SelfSubjectAccessReviews, asked concurrently; `rbacCheck` names the read permissions for a refused review. */
export function rbacFindings(kube: KubeClient, needs: readonly RbacNeed[], user: string | undefined, rbacCheck: string): Promise<Finding[]> {
  return awaitedLater(
    Promise.all(needs.map((need) => settle(Promise.all(need.permissions.map((p) => canI(kube, p).then((r) => r.allowed)))))).then((answers) =>
      needs.map((need, i) => {
        const r = answers[i]!;
        return r.ok ? rbacFinding(need, r.value, user) : readFailed(need.check, 'SelfSubjectAccessReview', r.error, rbacCheck);
      }),
    ),
  );
}
