// Whether a Deployment's rollout is done, as `kubectl rollout status` decides it
// (k8s.io/kubectl, pkg/polymorphichelpers/rollout_status.go, DeploymentStatusViewer): the
// controller has seen the new spec, every replica is updated, no old replica is left to
// terminate and every updated one is available. Counting ready replicas instead would call a
// rollout done while an old pod — an ipamd with the old args — still runs beside the new ones.
// A Progressing condition with reason ProgressDeadlineExceeded (TimedOutReason,
// pkg/controller/deployment/util) is a rollout that failed, not one to wait for.

export interface DeploymentRolloutFacts {
  /** The generation to wait for (the one written). */
  generation: number;
  observedGeneration: number;
  /** spec.replicas; undefined when not set, as kubectl then skips that check. */
  desiredReplicas: number | undefined;
  replicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  /** The reason of the status condition of type Progressing, if any. */
  progressingReason: string | undefined;
}

export type RolloutState = { kind: 'done' } | { kind: 'waiting'; why: string } | { kind: 'failed'; why: string };

const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';

export function rolloutState(f: DeploymentRolloutFacts): RolloutState {
  const waiting = (why: string): RolloutState => ({ kind: 'waiting', why });
  if (f.observedGeneration < f.generation) return waiting('the deployment controller has not seen the new spec yet');
  if (f.progressingReason === PROGRESS_DEADLINE_EXCEEDED) return { kind: 'failed', why: 'it exceeded its progress deadline' };
  if (f.desiredReplicas !== undefined && f.updatedReplicas < f.desiredReplicas) return waiting(`${f.updatedReplicas} of ${f.desiredReplicas} new replicas updated`);
  if (f.replicas > f.updatedReplicas) return waiting(`${f.replicas - f.updatedReplicas} old replicas pending termination`);
  if (f.availableReplicas < f.updatedReplicas) return waiting(`${f.availableReplicas} of ${f.updatedReplicas} updated replicas available`);
  return { kind: 'done' };
}
