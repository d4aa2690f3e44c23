import { describe, expect, it } from 'vitest';
import { rolloutState, type DeploymentRolloutFacts } from './deployment-rollout.ts';

// A finished rollout of two replicas at generation 3; each case changes what it is about.
const finished: DeploymentRolloutFacts = { generation: 3, observedGeneration: 3, desiredReplicas: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2, progressingReason: 'NewReplicaSetAvailable' };

describe('rolloutState, as kubectl rollout status decides', () => {
  it('is done when the new spec is seen, every replica updated and available, and no old one left', () => {
    expect(rolloutState(finished)).toEqual({ kind: 'done' });
    expect(rolloutState({ ...finished, observedGeneration: 4 })).toEqual({ kind: 'done' }); // a later spec seen too
  });

  it('waits for the controller to see the spec written', () => {
    expect(rolloutState({ ...finished, observedGeneration: 2 })).toEqual({ kind: 'waiting', why: 'the deployment controller has not seen the new spec yet' });
  });

  it('waits for every replica to be updated', () => {
    expect(rolloutState({ ...finished, updatedReplicas: 1, replicas: 3 })).toEqual({ kind: 'waiting', why: '1 of 2 new replicas updated' });
  });

  it('waits while an old replica is still there, though two pods are ready (a surge of one)', () => {
    expect(rolloutState({ ...finished, replicas: 3, updatedReplicas: 2, availableReplicas: 2 })).toEqual({ kind: 'waiting', why: '1 old replicas pending termination' });
  });

  it('waits for every updated replica to be available', () => {
    expect(rolloutState({ ...finished, availableReplicas: 1 })).toEqual({ kind: 'waiting', why: '1 of 2 updated replicas available' });
  });

  it('without spec.replicas skips that check, as kubectl does', () => {
    expect(rolloutState({ ...finished, desiredReplicas: undefined, updatedReplicas: 1, replicas: 1, availableReplicas: 1 })).toEqual({ kind: 'done' });
  });

  it('calls a rollout past its progress deadline failed, before anything else it still waits for', () => {
    expect(rolloutState({ ...finished, availableReplicas: 0, progressingReason: 'ProgressDeadlineExceeded' })).toEqual({ kind: 'failed', why: 'it exceeded its progress deadline' });
  });
});
