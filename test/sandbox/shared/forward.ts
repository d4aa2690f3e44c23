// Hands a request received inside a terminated TLS tunnel to another local emulator over plain
// HTTP, unchanged: same method, path and query, same headers (the Host the client signed
// stays intact), body streamed both ways. Used by the sandbox's HTTPS proxy for clouds it does
// not answer itself (e.g. *.aliyuncs.com → the Alibaba Cloud emulator).
import { request, type IncomingMessage, type ServerResponse } from 'node:http';

export function forwardRequest(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
  const out = request(
    {
      host: upstream.hostname,
      port: upstream.port || 80,
      method: req.method,
      path: req.url,
      // Node keeps the received Host in rawHeaders/headers; setHost: false stops it adding its own.
      headers: req.headers,
      setHost: false,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', (e) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const msg = `kubectl-sg sandbox: upstream ${upstream.origin} for ${req.headers.host ?? '?'} unreachable: ${e.message}\n`;
    res.writeHead(502, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(msg) });
    res.end(msg);
  });
  req.pipe(out);
}
