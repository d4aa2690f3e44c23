import { describe, expect, it } from 'vitest';
import { markerAnnotations, markerOf, newRunId, parseFound, RESYNC_FOUND_ANNOTATION, RESYNC_RUN_ANNOTATION, UNMARK, type ResyncFound } from './resync-marker.ts';

const found: ResyncFound = { disable: null, needSync: 'true', method: 'need-sync', after: ['sg-aaaa1111', 'sg-bbbb2222'], at: '2026-11-23T10:59:12.000Z' };

describe('resync marker', () => {
  it('makes run IDs that sort by start time and differ within a second', () => {
    const at = new Date('2026-11-23T10:59:12.345Z');
    expect(newRunId(at, () => 0)).toBe('r-20261123-105912-0000');
    expect(newRunId(at, () => 0.999)).toBe('r-20261123-105912-zzzz');
    expect(newRunId(new Date('2026-11-23T11:00:00Z'), () => 0) > newRunId(at, () => 0.999)).toBe(true);
  });

  it('writes the two documented keys and reads them back', () => {
    const ann = markerAnnotations('r-20261123-105912-ab12', found);
    expect(Object.keys(ann)).toEqual(['kubectl-sg.io/resync-run', 'kubectl-sg.io/resync-found']);
    expect(JSON.parse(ann[RESYNC_FOUND_ANNOTATION]!)).toEqual({ disable: null, needSync: 'true', method: 'need-sync', after: ['sg-aaaa1111', 'sg-bbbb2222'], at: found.at });
    expect(markerOf({ other: 'x', ...ann })).toEqual({ runId: 'r-20261123-105912-ab12', found });
    expect(UNMARK).toEqual({ [RESYNC_RUN_ANNOTATION]: null, [RESYNC_FOUND_ANNOTATION]: null });
  });

  it('has no marker without the run key, and an unreadable found value is undefined, not an error', () => {
    expect(markerOf(undefined)).toBeUndefined();
    expect(markerOf({ [RESYNC_FOUND_ANNOTATION]: JSON.stringify(found) })).toBeUndefined();
    expect(markerOf({ [RESYNC_RUN_ANNOTATION]: 'r-1' })).toEqual({ runId: 'r-1', found: undefined });
    for (const bad of ['{', '[]', 'null', '{"method":"reboot","after":[]}', '{"method":"toggle","after":"sg-aaaa1111"}', '{"method":"toggle","after":[],"disable":1}']) {
      expect(parseFound(bad), bad).toBeUndefined();
    }
    expect(parseFound('{"method":"toggle","after":["sg-aaaa1111"]}')).toEqual({ disable: null, needSync: null, method: 'toggle', after: ['sg-aaaa1111'], at: '' });
  });
});
