import { describe, expect, it } from 'vitest';
import { orderShown, orderUnreadable } from './group-order.ts';

describe('reading priority from GroupSet order', () => {
  it('a list of two or more groups out of ascending order shows the cloud keeps the order bound', () => {
    expect(orderShown([['sg-b', 'sg-a']])).toBe(true);
    expect(orderShown([['sg-a', 'sg-b'], ['sg-c'], []])).toBe(false);
    expect(orderShown([['sg-a', 'sg-b'], ['sg-z', 'sg-c', 'sg-d']])).toBe(true);
  });

  it('the same groups in another order, listed ascending, may be the cloud sorting them', () => {
    expect(orderUnreadable(['sg-a', 'sg-b'], ['sg-b', 'sg-a'])).toBe(true);
    expect(orderUnreadable(['sg-b', 'sg-a'], ['sg-a', 'sg-b'])).toBe(false); // not ascending: the cloud does not sort
    expect(orderUnreadable(['sg-a', 'sg-c'], ['sg-b', 'sg-a'])).toBe(false); // other groups
    expect(orderUnreadable(['sg-a'], ['sg-a', 'sg-b'])).toBe(false);
    // The list asked for, as asked: in sync, not a doubt about order.
    expect(orderUnreadable([], [])).toBe(false);
    expect(orderUnreadable(['sg-a'], ['sg-a'])).toBe(false);
    expect(orderUnreadable(['sg-a', 'sg-b'], ['sg-a', 'sg-b'])).toBe(false);
  });
});
