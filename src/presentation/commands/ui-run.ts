// ui, the work: refuse without a terminal (a script must never hang on a UI), check the cluster
// before the screen is taken over (a wrong context is one line, not a full-screen error), then
// open the TUI on the live backend.
import { refuseOtherProvider } from '../../domain/provider-choice.ts';
import { BadInputError } from '../../domain/bad-input.ts';
import { readClusterSetting } from '../../operations/tke/cluster-setting.ts';
import { NotVpcCniError } from '../../operations/tke/cluster-report.ts';
import { ExitCode } from '../exit-codes.ts';
import { factoryFor } from '../factory.ts';
import type { UiArgs } from './ui-args.ts';
import { LiveBackend } from '../tui/live-backend.ts';
import { loadTui } from '../tui/load.ts';

export class NoTerminalError extends BadInputError {}

export async function runUi(args: UiArgs): Promise<number> {
  refuseOtherProvider(args.provider, 'tke', 'ui');
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new NoTerminalError(
      `kubectl sg ui needs a terminal (${process.stdin.isTTY ? 'stdout' : 'stdin'} is not one): in scripts use kubectl sg show node -o json, kubectl sg set node ... --yes, kubectl sg resync ... --yes`,
    );
  }
  const f = factoryFor(args);
  let backend: LiveBackend | undefined;
  try {
    const kube = f.kube();
    const setting = await readClusterSetting(kube);
    if (!setting.ipamd) throw new NotVpcCniError(kube.target.contextName);
    backend = new LiveBackend(f, { clusterIdFlag: args['cluster-id'], setting });
    const closed = await loadTui().openApp({ backend, selector: args.selector });
    return closed.code === 0 ? ExitCode.ok : ExitCode.interrupted;
  } finally {
    backend?.close();
    f.close();
  }
}
