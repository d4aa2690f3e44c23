// The floor of a Node kubectl plugin that reads from the API server: the smallest ES module that
// GETs the API paths it is given over one kept-alive TLS connection and prints the answers. It
// parses no kubeconfig (the bench hands it the server, CA and client certificate as a JSON file
// named by BENCH_KUBE, kubectl's own kubeconfig turned into PEM), builds no report and loads no
// CLI: whatever a real plugin does on top of Node's start, node:https and the reads themselves
// costs more than this. Where this alone is over a row's target, no Node plugin can meet it.
import { Agent, get } from 'node:https';
import { readFileSync } from 'node:fs';

const kube = JSON.parse(readFileSync(process.env.BENCH_KUBE ?? '', 'utf8'));
const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: kube.ca, cert: kube.cert, key: kube.key });
const read = (path) =>
  new Promise((resolve, reject) => {
    get(`${kube.server}${path}`, { agent, headers: { accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
    }).on('error', reject);
  });
const answers = await Promise.all(process.argv.slice(2).map(read));
process.stdout.write(`[${answers.join(',')}]\n`);
agent.destroy();
