// `node test/e2e/connect-proxy.ts NAME`: an HTTPS proxy (CONNECT) that alone knows where a
// made-up host name is. It tunnels `NAME:PORT` to 127.0.0.1:PORT and refuses every other target
// (502), so a client reaches a server by that name only through it. Prints
// "Serving on http://127.0.0.1:PORT" once it listens, and serves until it is killed. A process of
// its own: the tests run kubectl and the plugin synchronously, which would stop a proxy in
// their own event loop.
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

const name = process.argv[2];
if (!name) {
  console.error('usage: node test/e2e/connect-proxy.ts NAME');
  process.exit(2);
}
const server = createServer((_req, res) => {
  res.writeHead(405, { 'content-type': 'text/plain' });
  res.end('CONNECT only\n');
});
server.on('connect', (req, client: Socket, head: Buffer) => {
  const m = /^(.+):(\d+)$/.exec(req.url ?? '');
  if (!m || m[1] !== name) {
    client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    return;
  }
  const upstream = connect(Number(m[2]), '127.0.0.1', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
server.listen(0, '127.0.0.1', () => console.log(`Serving on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
