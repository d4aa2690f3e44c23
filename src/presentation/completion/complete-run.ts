// `kubectl-sg __complete WORDS...`, what kubectl_complete-sg runs: the shape of every verb from
// the command table, what the word being completed may be, and the values of the cluster or
// the cloud when it names something there. Always exit 0 with cobra's output: a shell that
// gets nothing simply offers nothing.
import { userCacheDir } from '../../adapters/local/user-cache-dir.ts';
import { completionAnswerFile, writeFresh, writeShellAnswer } from '../../adapters/local/short-lived-cache.ts';
import { completionValues } from '../../operations/completion-values.ts';
import { commands } from '../commands/index.ts';
import { commandShapes } from './command-shape.ts';
import { completionRequest, Directive, renderCompletion, type CompletionRequest, type Typed } from './complete.ts';

/** The answer, and whether it may be kept: an empty list of values may be a cluster that did not answer. */
async function answer(request: CompletionRequest, { flags, providers }: Typed): Promise<{ text: string; keep: boolean }> {
  if (request.kind === 'static') return { text: renderCompletion(request.candidates, request.directive), keep: true };
  if (request.kind === 'files') return { text: renderCompletion([], Directive.default), keep: true };
  const scope = { kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, region: flags.region, clusterId: flags['cluster-id'], providers };
  const exclude = new Set(request.exclude);
  const all = await completionValues(request.source, scope, userCacheDir());
  const values = all.filter((v) => v.value.startsWith(request.partial) && !exclude.has(v.value));
  return { text: renderCompletion(values.map((v) => ({ value: request.prefix + v.value, description: v.description })), request.directive), keep: all.length > 0 };
}

export async function runComplete(words: string[]): Promise<number> {
  const { request, typed } = completionRequest(words.length > 0 ? words : [''], commandShapes(commands));
  const { text, keep } = await answer(request, typed);
  process.stdout.write(text);
  // The entry prints it from there on the next same Tab, without loading the CLI; the shell
  // script kubectl runs prints it without starting Node (cmd/kubectl_complete-sg).
  if (keep) {
    writeFresh(completionAnswerFile(userCacheDir(), words, process.env, process.cwd()), text);
    writeShellAnswer(userCacheDir(), process.env.KUBECTL_SG_TAB_KEY, text);
  }
  return 0;
}
