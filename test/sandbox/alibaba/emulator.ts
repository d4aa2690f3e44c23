// Alibaba Cloud emulator for the kubectl-sg sandbox: ECS security groups and ECI container
// groups, speaking the RPC protocol as the official SDKs send it (ACS3-HMAC-SHA256, x-acs-*
// headers, JSON bodies with RequestId / Code / Message and the real HTTP statuses), so that
// @alicloud/ecs20140526, @alicloud/eci20180808 and @alicloud/openapi-core talk to it unchanged.
//
// HOW TO POINT A CLIENT AT IT — a plain-HTTP server on 127.0.0.1:
//   - straight: SDK config `endpoint: '127.0.0.1:PORT', protocol: 'http'`; the product is
//     known from x-acs-version (2014-05-26 = ECS, 2018-08-08 = ECI).
//   - as in production: through the sandbox's HTTPS proxy (the Tencent emulator started with
//     `--forward aliyuncs.com=http://127.0.0.1:PORT`), which terminates TLS for *.aliyuncs.com
//     with the sandbox CA and hands the requests here with their Host (ecs.<region>.aliyuncs.com,
//     ecs-cn-hangzhou.aliyuncs.com, eci.<region>.aliyuncs.com), from which the product is known.
//     NOTE: the SDKs' own transport (httpx under @darabonba/typescript and @alicloud/tea-typescript)
//     ignores `httpsProxy` and HTTPS_PROXY, even with NODE_USE_ENV_PROXY; a client that wants
//     the proxy must send the SDK-signed request itself through a proxy-aware agent (Node's
//     `new https.Agent({ proxyEnv: process.env })`) — test/contract/alibaba/helpers.ts does so.
//   - Credentials: scenario.accessKeyId/accessKeySecret (and scenario.stsCredential when set);
//     region scenario.region (cn-hangzhou). Other known regions exist but are empty.
//   - Under /_sandbox/ on the same port: the control interface (control.ts; client
//     control-client.ts, class AlibabaControl).
//
// Layout, one concept per file: router.ts (request pipeline) · acs3.ts (signature) · nonces.ts ·
// envelope.ts · errors.ts · params.ts · regions.ts · state.ts (the world) · calls.ts ·
// services/{ecs,eci}.ts (actions) · control.ts + control-client.ts · main.ts (process).
// Shared with the Tencent emulator (../shared/): faults, the call log, rate limits, control
// plumbing, secret masking, body reading.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EciScenario } from '../eci/scenario.ts';
import { CallLog } from '../shared/call-log.ts';
import { Faults } from '../shared/faults.ts';
import { RateLimiter } from '../shared/ratelimit.ts';
import { flatHeaders, readRequestBody } from '../shared/request-body.ts';
import type { CallRecord } from './calls.ts';
import { AlibabaControl } from './control-client.ts';
import { createControlHandler } from './control.ts';
import { acsError, internalError } from './errors.ts';
import { ApiRouter, MAX_BODY_BYTES } from './router.ts';
import { eciService } from './services/eci.ts';
import { ecsService } from './services/ecs.ts';
import { stsService } from './services/sts.ts';
import { actiontrailService } from './services/actiontrail.ts';
import { AlibabaState } from './state.ts';

export { AlibabaControl } from './control-client.ts';

export interface AlibabaEmulator {
  port: number;
  /** http://127.0.0.1:PORT — the API (SDK endpoint "127.0.0.1:PORT") and the control interface's base URL. */
  url: string;
  control: AlibabaControl;
  close(): Promise<void>;
}

/** rateClock: the flow control's clock in milliseconds (tests freeze it to count calls per second without timing). */
export async function startAlibabaEmulator(opts: { scenario: EciScenario; port?: number; rateClock?: () => number }): Promise<AlibabaEmulator> {
  const state = new AlibabaState(opts.scenario);
  const faults = new Faults({ injected: (code, message) => acsError(code, message), internal: internalError });
  const limiter = new RateLimiter(opts.rateClock);
  const calls = new CallLog<CallRecord>();
  const router = new ApiRouter({ state, services: [ecsService, eciService, stsService, actiontrailService], faults, limiter, calls });
  const control = createControlHandler({ state, faults, calls, limiter, startedAt: Date.now() });

  const server = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/_sandbox/')) {
      control(req, res);
      return;
    }
    readRequestBody(req, MAX_BODY_BYTES)
      .then(({ body, tooLarge }) => router.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: flatHeaders(req), body, tooLarge }))
      .then(
        (answer) => {
          res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
          res.end(answer.body);
        },
        (e: unknown) => {
          console.error('alibaba emulator: unexpected failure', e);
          res.destroy();
        },
      );
  });
  // As the Tencent emulator's control port: never close idle keep-alive connections from this
  // side (a client whose event loop was blocked would race the close); close() destroys them.
  server.keepAliveTimeout = 0;
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    port,
    url,
    control: new AlibabaControl(url),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
