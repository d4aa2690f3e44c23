// How many TLS contexts and connections a run of the plugin made: node:tls's createSecureContext
// and connect, counted by a file that NODE_OPTIONS preloads (connect makes a context through the
// same export whenever it is given none), split by whether they carry a client certificate, as
// the API server's do with the sandboxes' kubeconfigs, and printed to stderr as the process exits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsContexts {
  /** Contexts holding a client certificate: the API server's. */
  withClientCert: number;
  others: number;
  /** Connections made with a client certificate. */
  clientCertConnections: number;
}

export function tlsContextProbe(): { env: NodeJS.ProcessEnv; counted: (stderr: string) => TlsContexts | undefined } {
  const probe = join(mkdtempSync(join(tmpdir(), 'kubectl-sg-probe-')), 'tls-contexts.cjs');
  writeFileSync(
    probe,
    [
      "const tls = require('node:tls');",
      'const make = tls.createSecureContext;',
      'const connect = tls.connect;',
      'let withClientCert = 0, others = 0, connections = 0;',
      'tls.createSecureContext = function (o) { if (o && o.cert) withClientCert++; else others++; return make.apply(this, arguments); };',
      "tls.connect = function (...a) { const o = a.find((x) => x !== null && typeof x === 'object'); if (o && o.cert) connections++; return connect.apply(this, a); };",
      "process.on('exit', () => process.stderr.write('TLSCONTEXTS ' + withClientCert + ' ' + others + ' ' + connections + '\\n'));",
      '',
    ].join('\n'),
  );
  return {
    env: { NODE_OPTIONS: `--require ${probe}` },
    counted: (stderr) => {
      const m = /TLSCONTEXTS (\d+) (\d+) (\d+)/.exec(stderr);
      return m ? { withClientCert: Number(m[1]), others: Number(m[2]), clientCertConnections: Number(m[3]) } : undefined;
    },
  };
}
