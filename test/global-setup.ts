// vitest globalSetup:
// makes the sandbox CA once and sets NODE_EXTRA_CA_CERTS before the worker processes start, so
// that in every worker the SDK (and kubectl-sg's own code) trusts the emulator through the
// plain `proxy` setting. Without it the contract helpers fall back to an https-proxy-agent
// carrying the CA, which works too.
import { ensureSandboxCa } from './sandbox/tencent/ca.ts';

export default function setup(): void {
  const { caFile } = ensureSandboxCa();
  process.env.NODE_EXTRA_CA_CERTS = caFile;
}
