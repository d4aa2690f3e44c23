import { describe, expect, it } from 'vitest';
import type { LegResult, LegVerdict } from './match.ts';
import { overallVerdict, type Leg } from './verdict.ts';

const leg = (verdict: LegVerdict): Leg => ({ result: { verdict, decidedBy: undefined, fallback: 'x', reason: `${verdict} because`, steps: [] } satisfies LegResult, note: undefined });
const outside: Leg = { result: undefined, note: 'no ENI holds 8.8.8.8' };

describe('overallVerdict', () => {
  it('needs every evaluated leg to allow', () => {
    expect(overallVerdict(leg('allowed'), leg('allowed')).verdict).toBe('allowed');
    expect(overallVerdict(leg('allowed'), leg('denied')).verdict).toBe('denied');
    expect(overallVerdict(leg('unknown'), leg('denied')).verdict).toBe('denied');
    expect(overallVerdict(leg('allowed'), leg('unknown')).verdict).toBe('unknown');
  });
  it('leaves a side with unknown groups out, and says so', () => {
    const v = overallVerdict(leg('allowed'), outside);
    expect(v).toEqual({ verdict: 'allowed', reason: "the source's egress allows it; the destination's ingress is outside the evaluation (no ENI holds 8.8.8.8)" });
    expect(overallVerdict(outside, outside).verdict).toBe('unknown');
  });
});
