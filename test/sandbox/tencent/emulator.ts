// Tencent Cloud emulator for the kubectl-sg sandbox: VPC (ENIs, security groups), CVM, CAM and
// TKE (clusters, the eniipamd addon), speaking the real wire protocol (TC3-HMAC-SHA256 over
// HTTPS, the {"Response": ...} envelope) so that the real tencentcloud-sdk-nodejs talks to it.
//
// HOW TO POINT A CLIENT AT IT — it is an HTTP proxy; host names, signatures and the client's
// code path stay exactly as in production:
//
//   HTTPS_PROXY=http://127.0.0.1:PORT        # the proxy (CONNECT <service>.tencentcloudapi.com:443)
//   NODE_EXTRA_CA_CERTS=<caFile>             # trust the sandbox CA (Node reads it at start-up)
//
//   - tencentcloud-sdk-nodejs itself reads only `http_proxy` (lowercase) or
//     `profile.httpProfile.proxy`; kubectl-sg passes httpProfile.proxy from HTTPS_PROXY/NO_PROXY.
//     Python SDK / tccli: HTTPS_PROXY, and the CA through requests' REQUESTS_CA_BUNDLE=<caFile>
//     (not tried here). curl: -x http://127.0.0.1:PORT --cacert <caFile>.
//   - In a process that already started (a vitest worker) NODE_EXTRA_CA_CERTS is too late: pass
//     the SDK an https-proxy-agent whose TLS options carry `ca` (test/contract/helpers.ts).
//   - Credentials: scenario.credentials.{admin, readonly, ipamd (+ token)}; region
//     scenario.region (ap-guangzhou). Other real regions exist but are empty.
//   - Only CONNECT to vpc|cvm|cam|tke[.<region>].tencentcloudapi.com:443 is accepted, and to
//     hosts under a `forwards` suffix (e.g. *.aliyuncs.com), whose requests go unchanged to that
//     local upstream (the Alibaba Cloud emulator); nothing is forwarded anywhere else.
//   - Plain HTTP on the same port, under /_sandbox/, is the control interface (control.ts;
//     typed client: control-client.ts).
//
// The CA lives in ${KUBECTL_SG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-sg}/sandbox-ca/ and
// is created once with the openssl CLI (ensureSandboxCa(), synchronous).
//
// Layout, one concept per file: proxy.ts (CONNECT, TLS, forwards) · router.ts (request
// pipeline) · tc3.ts (signature) · envelope.ts · errors.ts · params.ts · authz.ts + cam-eval.ts
// (CAM) · callers.ts (whose keys) · calls.ts · state.ts (the world) · services/{vpc,cvm,cam,tke,sts}.ts (actions) · control.ts
// + control-client.ts · main.ts (process). Shared with the other emulators (../shared/): the CA
// and leaf certificates, faults, the call log, rate limits, control plumbing, secret masking.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Scenario } from '../scenario.ts';
import { ensureSandboxCa, LeafIssuer } from '../shared/ca.ts';
import { CallLog } from '../shared/call-log.ts';
import { Faults, type Sleep } from '../shared/faults.ts';
import { RateLimiter } from '../shared/ratelimit.ts';
import { flatHeaders, readRequestBody } from '../shared/request-body.ts';
import type { CallRecord } from './calls.ts';
import { EmulatorControl } from './control-client.ts';
import { createControlHandler } from './control.ts';
import { err, internalError } from './errors.ts';
import { createProxy, type Forward } from './proxy.ts';
import { ApiRouter, MAX_BODY_BYTES } from './router.ts';
import { camService } from './services/cam.ts';
import { cvmService } from './services/cvm.ts';
import { tkeService } from './services/tke.ts';
import { tkeIpamdService } from './services/tke-ipamd.ts';
import { tkeNodePoolService } from './services/tke-nodepools.ts';
import { tkeSuperNodeService } from './services/tke-supernodes.ts';
import { stsService } from './services/sts.ts';
import { cloudauditService } from './services/cloudaudit.ts';
import { vpcService } from './services/vpc.ts';
import { CloudState } from './state.ts';

export { ensureSandboxCa } from '../shared/ca.ts';
export { EmulatorControl } from './control-client.ts';

export interface Emulator {
  port: number;
  /** http://127.0.0.1:PORT — the proxy, and the control interface's base URL. */
  proxyUrl: string;
  /** The sandbox CA certificate (PEM) clients must trust. */
  caFile: string;
  control: EmulatorControl;
  close(): Promise<void>;
}

/**
 * rateClock: the rate limits' clock in milliseconds; latencySleep: how the latency fault waits.
 * Both default to real time (the sandbox); tests freeze the one and hold calls on the other, so
 * they count calls "within one second" and see a call delayed without timing anything.
 */
export async function startEmulator(opts: { scenario: Scenario; port?: number; forwards?: Forward[]; rateClock?: () => number; latencySleep?: Sleep }): Promise<Emulator> {
  const ca = ensureSandboxCa();
  const issuer = new LeafIssuer(ca);
  const state = new CloudState(opts.scenario);
  const faults = new Faults({ injected: err, internal: internalError }, opts.latencySleep);
  const limiter = new RateLimiter(opts.rateClock);
  const calls = new CallLog<CallRecord>();
  const services = [vpcService, cvmService, camService, tkeService, stsService, cloudauditService];
  // TKE's super nodes and DescribeIPAMD, beside the base TKE actions (the router joins definitions of one service).
  services.push(tkeSuperNodeService, tkeIpamdService, tkeNodePoolService);
  const router = new ApiRouter({ state, services, faults, limiter, calls });
  const control = createControlHandler({ state, faults, calls, limiter, startedAt: Date.now() });

  const api = (req: IncomingMessage, res: ServerResponse, host: string): void => {
    readRequestBody(req, MAX_BODY_BYTES)
      .then(({ body, tooLarge }) => router.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req), body, host, tooLarge }))
      .then(
        (answer) => {
          res.writeHead(200, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
          res.end(answer.body);
        },
        (e: unknown) => {
          console.error('emulator: unexpected failure', e);
          res.destroy();
        },
      );
  };

  const proxy = createProxy({ services: router.serviceNames(), forwards: opts.forwards, secureContext: (h) => issuer.context(h), api, control });
  // Issue the common hosts' certificates up front so the first calls do not wait for openssl.
  await Promise.all(router.serviceNames().map((s) => issuer.context(`${s}.tencentcloudapi.com`)));

  await new Promise<void>((resolve, reject) => {
    proxy.server.once('error', reject);
    proxy.server.listen(opts.port ?? 0, '127.0.0.1', () => {
      proxy.server.off('error', reject);
      resolve();
    });
  });
  const port = (proxy.server.address() as AddressInfo).port;
  const proxyUrl = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    port,
    proxyUrl,
    caFile: ca.caFile,
    control: new EmulatorControl(proxyUrl),
    close: () => {
      closed ??= proxy.close().finally(() => issuer.dispose());
      return closed;
    },
  };
}
