// The Ink component: keys and terminal size become events for the reducer (update.ts), its
// effects run through the backend and come back as events, and the frame (frame.ts) is painted.
// The only state is the reducer's; this file holds what cannot be data: the watch, the run's
// AbortController, and the promises in flight.
import { createElement as h, memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Text, useInput, useWindowSize } from 'ink';
import type { UiBackend } from './backend.ts';
import { keyName } from './keys.ts';
import type { Line } from './line.ts';
import { paintLine } from './paint.ts';
import { frame } from './frame.ts';
import type { AppState, PickResult } from './state.ts';
import { start, update } from './update.ts';
import type { AppEvent, Effect } from './step.ts';
import { errorMessage } from '../../domain/error-message.ts';

/**
 * A frame as one Text per line, each line one string with its own SGR codes (paint.ts): a layout
 * node and a string per row. Nested Texts per segment cost React elements, chalk strings and
 * garbage on every keystroke, and one Text for the whole frame had Ink take every line apart
 * twice (docs/benchmarks.md, "A line painted as Ink writes it back").
 */
function Painted({ lines, color }: { lines: readonly Line[]; color: boolean }): ReactNode {
  return h(Box, { flexDirection: 'column' }, lines.map((line, i) => h(PaintedLine, { key: i, text: paintLine(line, color) })));
}

// A row whose string did not change is not rendered again.
const PaintedLine = memo(function PaintedLine({ text }: { text: string }): ReactNode {
  return h(Text, { wrap: 'truncate-end' }, text);
});

export interface AppProps {
  backend: UiBackend;
  initial: AppState;
  onExit: (code: number, result: PickResult | undefined) => void;
  /** Hands out the dispatcher, for events from outside the terminal (signals). */
  connect?: (dispatch: (e: AppEvent) => void) => void;
  /** Follow the terminal's size (off in tests, which give the size in the state). */
  followSize?: boolean;
}


export function App({ backend, initial, onExit, connect, followSize = true }: AppProps): ReactNode {
  const [state, setState] = useState(initial);
  const current = useRef(initial);
  const live = useRef<{ stopWatch?: () => void; run?: AbortController; exited: boolean }>({ exited: false });
  const dispatchRef = useRef<(e: AppEvent) => void>(() => {});

  const run = (effect: Effect, dispatch: (e: AppEvent) => void): void => {
    const fail = (what: string) => (err: unknown) => dispatch({ type: 'failed', what, message: errorMessage(err) });
    switch (effect.kind) {
      case 'load-cluster':
        backend.cluster().then((facts) => dispatch({ type: 'cluster', facts }), fail('reading the cluster'));
        return;
      case 'load-nodes': {
        // The watch starts first, so that nothing changed between the read and the watch is missed.
        live.current.stopWatch?.();
        live.current.stopWatch = backend.watchNodes(effect.selector, (change) => dispatch({ type: 'nodes-changed', change }), (text) => dispatch({ type: 'failed', what: 'watching nodes', message: text }));
        backend.nodes(effect.selector).then((reports) => dispatch({ type: 'nodes', reports, selector: effect.selector }), fail('reading nodes'));
        return;
      }
      case 'reload-nodes':
        backend.readNodes(effect.names).then((reports) => {
          dispatch({ type: 'nodes-changed', change: { kind: 'updated', reports } });
          const found = new Set(reports.map((r) => r.name));
          const gone = effect.names.filter((n) => !found.has(n));
          if (gone.length) dispatch({ type: 'nodes-changed', change: { kind: 'removed', names: gone } });
        }, fail('reading nodes again'));
        return;
      case 'load-vnodes':
        backend.virtualNodes().then((reports) => dispatch({ type: 'vnodes', reports }), fail('reading the virtual nodes'));
        return;
      case 'load-snodes':
        backend.superNodes().then((reports) => dispatch({ type: 'snodes', reports }), fail('reading the super nodes'));
        return;
      case 'load-groups':
        backend.groups(effect.provider).then((catalog) => dispatch({ type: 'catalog', provider: effect.provider, catalog }), fail('reading the groups'));
        return;
      case 'load-group':
        backend.group(effect.provider, effect.id).then((report) => dispatch({ type: 'group', report }), fail(`reading group ${effect.id}`));
        return;
      case 'load-pod':
        backend.pod(effect.namespace, effect.name).then((pod) => dispatch({ type: 'pod', pod }), fail(`reading pod ${effect.name}`));
        return;
      case 'plan-resync':
        backend.planResync(effect.nodes).then((plan) => dispatch({ type: 'plan', plan }), fail('planning the resync'));
        return;
      case 'plan-set-groups':
        backend.planSetGroups(effect.nodes, effect.groups).then((plan) => dispatch({ type: 'plan', plan }), fail('planning the change'));
        return;
      case 'plan-set-workload':
        backend.planSetWorkload(effect.namespace, effect.workload, effect.groups).then((plan) => dispatch({ type: 'plan', plan }), fail('planning the change'));
        return;
      case 'plan-eci-default':
        backend.planEciDefault(effect.group).then((plan) => dispatch({ type: 'plan', plan }), fail('planning the change'));
        return;
      case 'apply': {
        const controller = new AbortController();
        live.current.run = controller;
        effect.plan
          .apply(controller.signal, (progress) => dispatch({ type: 'progress', progress }))
          .then((outcome) => dispatch({ type: 'run-done', outcome }), fail('the run'))
          .finally(() => {
            if (live.current.run === controller) live.current.run = undefined;
          });
        return;
      }
      case 'stop-run':
        live.current.run?.abort(new Error('stopped from the terminal'));
        return;
      case 'exit':
        if (live.current.exited) return;
        live.current.exited = true;
        live.current.stopWatch?.();
        onExit(effect.code, effect.result);
        return;
    }
  };

  useEffect(() => {
    const dispatch = (e: AppEvent) => {
      if (live.current.exited) return;
      const { state: next, effects } = update(current.current, e);
      current.current = next;
      setState(next);
      for (const effect of effects) run(effect, dispatch);
    };
    dispatchRef.current = dispatch;
    connect?.(dispatch);
    const first = start(current.current);
    current.current = first.state;
    setState(first.state);
    for (const effect of first.effects) run(effect, dispatch);
    return () => {
      live.current.stopWatch?.();
      live.current.run?.abort(new Error('the terminal UI closed'));
    };
    // Once: the backend and callbacks of the first render are the app's for its whole life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useInput((input, key) => {
    // Keys typed faster than Ink reads them (or pasted) arrive as one string: each is a key.
    if (input.length > 1 && !key.ctrl && !key.meta) for (const ch of input) dispatchRef.current({ type: 'key', key: keyName(ch, {}), input: ch });
    else dispatchRef.current({ type: 'key', key: keyName(input, key), input });
  });

  const size = useWindowSize();
  useEffect(() => {
    if (followSize && size.columns > 0 && size.rows > 0) dispatchRef.current({ type: 'resize', size: { columns: size.columns, rows: size.rows } });
  }, [followSize, size.columns, size.rows]);

  return h(Painted, { lines: frame(state), color: state.color });
}
