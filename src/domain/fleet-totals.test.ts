import { describe, expect, it } from 'vitest';
import { fleetNeedsAttention, fleetTotals, type FleetClusterRow, type FleetRow } from './fleet-totals.ts';

const nodes = (drifted: number, disabled: number) => ({ total: 2 + drifted + disabled, inSync: 2, drifted, disabled, syncPending: 0, noNec: 0, unknown: 0 });
const row = (context: string, o: Partial<FleetClusterRow> = {}): FleetClusterRow => ({
  context,
  reachable: true,
  providers: ['tke'],
  ipamdVersion: 'v3.5.8',
  virtualKubeletVersions: undefined,
  featureEnabled: true,
  nodes: nodes(0, 0),
  pods: { withGroups: 4, withoutGroups: 0, unknown: 1 },
  eciPods: undefined,
  lintFailures: 1,
  doctorFailures: 0,
  notes: [],
  ...o,
});
const down: FleetRow = { context: 'down', reachable: false, reason: 'connect ECONNREFUSED' };

describe('fleetTotals', () => {
  it('sums every reachable row and counts the unreachable ones', () => {
    const t = fleetTotals([row('a', { nodes: nodes(1, 0) }), row('b', { providers: ['eci'], nodes: undefined, pods: undefined, eciPods: { withGroups: 3, withoutGroups: 1, unknown: 0 }, lintFailures: undefined, doctorFailures: 2 }), down]);
    expect(t).toEqual({
      clusters: 3,
      unreachable: 1,
      nodes: { total: 3, inSync: 2, drifted: 1, disabled: 0, syncPending: 0, noNec: 0, unknown: 0 },
      pods: { withGroups: 4, withoutGroups: 0, unknown: 1 },
      eciPods: { withGroups: 3, withoutGroups: 1, unknown: 0 },
      lintFailures: 1,
      doctorFailures: 2,
    });
  });
});

describe('fleetNeedsAttention', () => {
  it('is true when some cluster has a drifted or a disabled node, not for an unreachable one or failed checks alone', () => {
    expect(fleetNeedsAttention([row('a'), row('b', { nodes: nodes(0, 1) })])).toBe(true);
    expect(fleetNeedsAttention([row('a', { nodes: nodes(2, 0) })])).toBe(true);
    expect(fleetNeedsAttention([row('a', { doctorFailures: 3, lintFailures: 2 }), down])).toBe(false);
  });
});
