// The answer of `reach` from its two legs: the source's egress and the destination's ingress.
// Security groups are stateful, so the reply needs no rule of its own (docs/reach.md): the
// request's two legs are the whole answer. A side whose groups are not known is left out of
// the evaluation, and the answer says so rather than guessing.
import type { LegResult, LegVerdict } from './match.ts';

export interface Leg {
  /** undefined when the side's groups are not known: the leg is outside the evaluation. */
  result: LegResult | undefined;
  /** Why the leg was not evaluated. */
  note: string | undefined;
}

export function overallVerdict(egress: Leg, ingress: Leg): { verdict: LegVerdict; reason: string } {
  const legs = [
    { name: "the source's egress", leg: egress },
    { name: "the destination's ingress", leg: ingress },
  ];
  const denied = legs.find((l) => l.leg.result?.verdict === 'denied');
  if (denied) return { verdict: 'denied', reason: `${denied.name} denies it: ${denied.leg.result!.reason}` };
  const unsure = legs.find((l) => l.leg.result?.verdict === 'unknown');
  if (unsure) return { verdict: 'unknown', reason: `${unsure.name} cannot be told: ${unsure.leg.result!.reason}` };
  const evaluated = legs.filter((l) => l.leg.result);
  if (evaluated.length === 0) return { verdict: 'unknown', reason: 'neither side\'s security groups are known' };
  const outside = legs.filter((l) => !l.leg.result);
  return {
    verdict: 'allowed',
    reason: `${evaluated.map((l) => l.name).join(' and ')} allow${evaluated.length === 1 ? 's' : ''} it${outside.length > 0 ? `; ${outside[0]!.name} is outside the evaluation (${outside[0]!.leg.note})` : ''}`,
  };
}
