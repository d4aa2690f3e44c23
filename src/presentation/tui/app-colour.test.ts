// Colour only where allowed: with colour on, states are green/yellow; with it off (NO_COLOR, no
// terminal) no colour code at all, while the cursor row stays visible in reverse video.
import { afterAll, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { App } from './app.ts';
import { initialState } from './state.ts';
import { madeUpNodes, MemoryBackend } from '../../../test/tui/memory-backend.ts';
import { renderIn } from '../../../test/tui/ink-terminal.ts';

const opened: { unmount(): void }[] = [];
afterAll(() => opened.forEach((u) => u.unmount()));

async function frameWith(color: boolean): Promise<string> {
  const size = { columns: 80, rows: 12 };
  const ui = renderIn(createElement(App, { backend: new MemoryBackend(madeUpNodes(3, { driftEvery: 2 })), initial: initialState({ size, color }), onExit: () => {}, followSize: false }), size);
  opened.push(ui);
  for (let i = 0; i < 100 && !(ui.lastFrame() ?? '').includes('10.0.0.2'); i++) await new Promise((r) => setTimeout(r, 5));
  return ui.lastFrame() ?? '';
}

describe('colour', () => {
  it('paints states when colour is allowed', async () => {
    const f = await frameWith(true);
    expect(f).toContain('\u001B[32min-sync');
    expect(f).toContain('\u001B[33mdrifted (1 ENI)');
  });

  it('uses no colour at all without it, and still shows the cursor row in reverse video', async () => {
    const f = await frameWith(false);
    expect(f).not.toMatch(/\u001B\[(3[0-7]|9[0-7]|38;)/);
    expect(f).toContain('\u001B[7m');
  });
});
