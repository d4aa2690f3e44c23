// The HTTPS agent for one API host: Node's own agent, tunnelling through the proxy that
// proxy.ts chose (Node's built-in proxy support, `proxyEnv`) or connecting directly. It is
// always passed to the SDK explicitly — with no agent the SDK would tunnel through whatever
// `http_proxy` the process inherited. Keep-alive reuses tunnels: a 5,000-node listing is about a
// hundred calls to one host.
import { Agent } from 'node:https';
import { proxyFor, type Env, type ProxyDecision } from './proxy.ts';

export interface HostAgent {
  agent: Agent;
  decision: ProxyDecision;
}

export function agentFor(host: string, env: Env, maxSockets = 32): HostAgent {
  const decision = proxyFor(host, env);
  // An empty proxyEnv is an explicit "no proxy": newer Node versions fall back to process.env
  // for an agent without one when the process runs with NODE_USE_ENV_PROXY.
  const agent = new Agent({ keepAlive: true, maxSockets, proxyEnv: decision.proxy ? { HTTPS_PROXY: decision.proxy } : {} });
  return { agent, decision };
}
