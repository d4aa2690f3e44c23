// Reads doctor starts together: a fatal error still ends the caller at its first await, and the
// reads left pending fail without an unhandled rejection (which would end the whole process, as
// it did for a report whose cluster ran past its time limit).
import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../adapters/kube/kube-client.ts';
import { settle } from './doctor-settle.ts';

const unreachable = () => new KubeApiError(0, 'Unreachable', 'cannot reach the Kubernetes API: ECONNRESET');
const nextTurn = () => new Promise((r) => setTimeout(r, 0));

describe('settle', () => {
  it('turns a refused read into a value', async () => {
    expect(await settle(Promise.reject(new KubeApiError(403, 'Forbidden', 'no')))).toMatchObject({ ok: false });
    expect(await settle(Promise.resolve(7))).toEqual({ ok: true, value: 7 });
  });

  it('rethrows a fatal error to whoever awaits it, and is no unhandled rejection while nobody does', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const first = settle(Promise.reject(unreachable()));
      const left = settle(Promise.reject(unreachable()));
      await expect(first).rejects.toThrow('ECONNRESET');
      await nextTurn();
      await nextTurn();
      expect(unhandled).toEqual([]);
      await expect(left).rejects.toBeInstanceOf(KubeApiError);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
