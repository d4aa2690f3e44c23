import { describe, expect, it } from 'vitest';
import { nodeLines } from './text-views.ts';
import { madeUpNode } from '../../../test/tui/memory-backend.ts';
import type { KindedEni } from '../../operations/tke/node-report.ts';

const text = (lines: ReturnType<typeof nodeLines>) => lines.map((l) => l.map((s) => s.text).join(''));

describe('nodeLines: the node view lists each ENI with its kind', () => {
  const direct: KindedEni = { id: 'eni-dddddddd', primary: false, groups: ['sg-zzzz0000'], kind: 'other', reason: 'direct', certain: true, why: 'a direct ENI' };

  it('shows an other ENI with its reason and no in-sync verdict', () => {
    const r = madeUpNode(0);
    const lines = text(nodeLines({ ...r, enis: [...r.enis!, direct] }, 100));
    const row = lines.find((l) => l.includes('eni-dddddddd'))!;
    expect(row).toMatch(/other:direct\s+sg-zzzz0000\s+-$/);
    expect(lines.find((l) => l.includes(r.enis![1]!.id))).toMatch(/shared\s.*yes$/);
  });

  it('marks a counted ENI of unknown owner shared? and says why', () => {
    const r = madeUpNode(1);
    const unsure: KindedEni = { ...r.enis![1]!, kind: 'shared', certain: false, why: 'cannot tell: no ENI read names ipamd' };
    const lines = text(nodeLines({ ...r, enis: [r.enis![0]!, unsure] }, 100));
    expect(lines.find((l) => l.includes(unsure.id))).toContain('shared?');
    expect(lines.some((l) => l.includes('shared?: cannot tell'))).toBe(true);
  });

  it('says ipamd has no shared ENI on a node with only other ENIs', () => {
    const r = madeUpNode(2);
    expect(text(nodeLines({ ...r, enis: [r.enis![0]!, direct] }, 100)).some((l) => l.includes('no shared ENI of ipamd yet'))).toBe(true);
  });
});
