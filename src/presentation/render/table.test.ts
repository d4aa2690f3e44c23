import { describe, expect, it } from 'vitest';
import { renderTable } from './table.ts';
import { paletteFor } from './color.ts';

describe('renderTable', () => {
  it('aligns like kubectl, coloured cells included', () => {
    const green = paletteFor({ isTTY: true }, {}).green;
    expect(renderTable(['name', 'state', 'groups'], [['10.0.0.10', green('in-sync'), 'sg-a'], ['10.0.0.100', 'drifted', '']])).toBe(
      'NAME         STATE     GROUPS\n' + `10.0.0.10    ${green('in-sync')}   sg-a\n` + '10.0.0.100   drifted   <none>\n',
    );
  });
});

describe('paletteFor', () => {
  it('colours only a terminal, and never with NO_COLOR', () => {
    expect(paletteFor({ isTTY: true }, {}).red('x')).toBe('\x1b[31mx\x1b[0m');
    expect(paletteFor({ isTTY: false }, {}).red('x')).toBe('x');
    expect(paletteFor({ isTTY: true }, { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(paletteFor({ isTTY: false }, { FORCE_COLOR: '1' }).red('x')).toBe('\x1b[31mx\x1b[0m');
  });
});
