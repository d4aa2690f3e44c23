// The prompt line (`/`, `l`, `:`, the pod prompt): opening it, and the fields that follow it as
// it is typed (a filter narrows its list with each key).
import { settleNodes, withPicker } from './navigation.ts';
import type { AppState, Prompt, PromptPurpose } from './state.ts';

const LIVE: Partial<Record<PromptPurpose, 'filter' | 'groupFilter'>> = { filter: 'filter', 'group-filter': 'groupFilter' };

export function openPrompt(s: AppState, purpose: PromptPurpose, text: string): AppState {
  return { ...s, prompt: { purpose, text, before: text }, status: undefined };
}

/** A field that follows the prompt as it is typed: the list narrows with each key. */
export function applyLive(s: AppState, p: Prompt): AppState {
  const field = LIVE[p.purpose];
  if (field === 'filter') return settleNodes({ ...s, filter: p.text });
  if (field === 'groupFilter') return { ...s, groupFilter: p.text, groupCursor: 0, groupTop: 0 };
  if (p.purpose === 'picker-filter' && s.panel?.kind === 'picker') return withPicker(s, { ...s.panel.picker, filter: p.text, cursor: s.panel.picker.chosen.length, top: 0 });
  return s;
}
