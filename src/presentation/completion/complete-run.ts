// `kubectl-sg __complete WORDS...`, what kubectl_complete-sg runs: the shape of every verb from
// the command table, what the word being completed may be, and the values of the cluster or
// the cloud when it names something there. Always exit 0 with cobra's output: a shell that
// gets nothing simply offers nothing.
import { userCacheDir } from '../../adapters/local/user-cache-dir.ts';
import { completionValues } from '../../operations/completion-values.ts';
import { commands } from '../commands/index.ts';
import { commandShapes } from './command-shape.ts';
import { completionRequest, Directive, renderCompletion, type CompletionRequest, type Typed } from './complete.ts';

async function answer(request: CompletionRequest, { flags, providers }: Typed): Promise<string> {
  if (request.kind === 'static') return renderCompletion(request.candidates, request.directive);
  if (request.kind === 'files') return renderCompletion([], Directive.default);
  const scope = { kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, region: flags.region, providers };
  const exclude = new Set(request.exclude);
  const values = (await completionValues(request.source, scope, userCacheDir())).filter((v) => v.value.startsWith(request.partial) && !exclude.has(v.value));
  return renderCompletion(values.map((v) => ({ value: request.prefix + v.value, description: v.description })), request.directive);
}

export async function runComplete(words: string[]): Promise<number> {
  const { request, typed } = completionRequest(words.length > 0 ? words : [''], commandShapes(commands));
  process.stdout.write(await answer(request, typed));
  return 0;
}
