// The prompt's keys, and what a prompt does when enter commits it: a selector read, a pod
// found, a `:` command (k9s's habit) run.
import { VERBS } from './keys.ts';
import { applyLive, openPrompt } from './prompts.ts';
import { command, findPod, openGroup, quit, switchProvider } from './commands.ts';
import type { UiProvider } from './backend.ts';
import { openPicker, planResync } from './actions.ts';
import { isAlibabaGroupId } from '../../domain/eci/alibaba-group-id.ts';
import { isSecurityGroupId } from '../../domain/security-group-id.ts';
import { settleNodes } from './navigation.ts';
import type { AppState, Prompt } from './state.ts';
import { info, step, type Step } from './step.ts';

export function onPromptKey(s: AppState, p: Prompt, key: string, input: string): Step {
  if (key === 'esc') return step(applyLive({ ...s, prompt: undefined }, { ...p, text: p.before }));
  if (key === 'enter') return commitPrompt({ ...s, prompt: undefined }, p);
  let text = p.text;
  if (key === 'backspace') text = [...text].slice(0, -1).join('');
  else if (key === 'ctrl-u') text = '';
  else if (key === 'ctrl-c') return step(applyLive({ ...s, prompt: undefined }, { ...p, text: p.before }));
  // eslint-disable-next-line no-control-regex
  else if (input !== '' && !/[\x00-\x1f\x7f]/.test(input) && !key.startsWith('ctrl-')) text += input;
  else return step(s);
  const next = { ...p, text };
  return step(applyLive({ ...s, prompt: next }, next));
}

function commitPrompt(s: AppState, p: Prompt): Step {
  const text = p.text.trim();
  switch (p.purpose) {
    case 'filter':
    case 'group-filter':
    case 'picker-filter':
      return step(s);
    case 'selector':
      if (text === s.selector) return step(s);
      return step({ ...s, selector: text, loading: `reading nodes${text ? ` -l ${text}` : ''}` }, { kind: 'load-nodes', selector: text });
    case 'pod':
      return findPod(s, text);
    case 'verb':
      return runVerb(s, text);
  }
}

function runVerb(s: AppState, line: string): Step {
  const [verb = '', ...rest] = line.split(/\s+/);
  const arg = rest.join(' ');
  switch (verb.toLowerCase()) {
    case '':
      return step(s);
    case 'nodes':
    case 'node':
    case 'no':
      return command(s, 'nodes-view', '');
    case 'groups':
    case 'sg':
      return command(s, 'groups-view', '');
    case 'group':
      if (!arg) return command(s, 'groups-view', '');
      // The ID's shape says whose group it is (Alibaba's are longer than Tencent's 8 characters), as show group decides.
      return openGroup({ ...s, provider: isAlibabaGroupId(arg) && s.cluster?.eci ? 'eci' : isSecurityGroupId(arg) && s.cluster?.tke ? 'tke' : s.provider }, arg);
    case 'pod':
    case 'pods':
    case 'po':
      return arg ? findPod(s, arg) : step(openPrompt({ ...s, view: 'pod' }, 'pod', s.podQuery));
    case 'resync':
      return planResync({ ...s, view: s.view === 'node' ? 'node' : 'nodes' });
    case 'set':
      return openPicker({ ...s, view: s.view === 'node' ? 'node' : 'nodes' });
    case 'workload':
      return command(s, 'set-workload', '');
    case 'default':
      return command(s, 'eci-default', '');
    case 'tke':
    case 'supernode':
    case 'eci': {
      const to = verb.toLowerCase() as UiProvider;
      return to === s.provider ? command(s, 'nodes-view', '') : switchProvider(s, to);
    }
    case 'sort':
      if (arg !== 'name' && arg !== 'state') return step(info(s, 'sort by what? :sort name, or :sort state', 'warn'));
      return step(settleNodes({ ...s, sort: arg }));
    case 'help':
    case 'h':
      return step({ ...s, panel: { kind: 'help', top: 0 } });
    case 'q':
    case 'quit':
    case 'q!':
      return quit(s, 0);
    default:
      return step(info(s, `unknown command "${verb}": ${VERBS}`, 'warn'));
  }
}

