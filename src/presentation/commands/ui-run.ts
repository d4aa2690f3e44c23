// ui, the work: refuse without a terminal (a script must never hang on a UI), check the cluster
// before the screen is taken over (a wrong context is one line, not a full-screen error), then
// open the TUI on the live backend with the views of each provider the cluster runs (TKE
// VPC-CNI, TKE super nodes, Alibaba ECI, or several; --provider keeps one).
import { BadInputError } from '../../domain/bad-input.ts';
import { detectedProviders, type ProviderName } from '../../domain/provider-choice.ts';
import { readClusterSetting } from '../../operations/tke/cluster-setting.ts';
import { NotVpcCniError } from '../../operations/tke/cluster-report.ts';
import { detectProviders } from '../../operations/providers.ts';
import { ExitCode } from '../exit-codes.ts';
import { factoryFor } from '../factory.ts';
import type { UiArgs } from './ui-args.ts';
import { LiveBackend } from '../tui/live-backend.ts';
import type { UiProvider } from '../tui/backend.ts';
import { UI_PROVIDERS } from '../tui/state.ts';
import { loadTui } from '../tui/load.ts';

export class NoTerminalError extends BadInputError {}

export async function runUi(args: UiArgs): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new NoTerminalError(
      `kubectl sg ui needs a terminal (${process.stdin.isTTY ? 'stdout' : 'stdin'} is not one): in scripts use kubectl sg show node -o json, kubectl sg set node ... --yes, kubectl sg resync ... --yes, kubectl sg set workload ... --yes`,
    );
  }
  const f = factoryFor(args);
  let backend: LiveBackend | undefined;
  try {
    const kube = f.kube();
    const [evidence, setting] = await Promise.all([args.provider ? undefined : detectProviders(kube), readClusterSetting(kube)]);
    const detected: ProviderName[] = args.provider ? [args.provider] : detectedProviders(evidence!);
    const shown = detected.filter((p): p is UiProvider => (UI_PROVIDERS as readonly string[]).includes(p));
    // Neither seen: TKE's refusal says what is missing, as before ECI was known.
    const providers = shown.length ? shown : ['tke' as const];
    if (providers.includes('tke') && !setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
    backend = new LiveBackend(f, { clusterIdFlag: args['cluster-id'], setting, providers });
    const closed = await loadTui().openApp({ backend, selector: args.selector });
    return closed.code === 0 ? ExitCode.ok : ExitCode.interrupted;
  } finally {
    backend?.close();
    f.close();
  }
}
