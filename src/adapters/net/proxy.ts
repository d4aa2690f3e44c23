// Which proxy, if any, a connection to a cloud API host (Tencent, Alibaba) goes through — decided the way
// kubectl decides (Go's net/http ProxyFromEnvironment, golang.org/x/net/http/httpproxy), so a
// user behind a corporate proxy configures the plugin exactly as kubectl:
//   - HTTPS_PROXY, else https_proxy (the upper-case name wins when both are set); HTTP_PROXY
//     and http_proxy do NOT apply to HTTPS hosts, and every cloud API host is HTTPS;
//   - a value without a scheme means http:// (`proxy.corp:3128`); http:// and https:// proxies
//     are supported, socks5 is refused with an error rather than ignored;
//   - NO_PROXY, else no_proxy: comma-separated; `*` (everything), `host` (that host and its
//     subdomains), `.domain` / `*.domain` (subdomains only), an IP or a CIDR, each optionally
//     with `:port`;
//   - localhost and loopback addresses are never proxied.
// The Tencent SDK on its own reads only lower-case `http_proxy` (for HTTPS too) and the Alibaba
// SDK's transport reads no proxy setting at all: the adapters always send through an explicit
// agent (agent.ts), so neither SDK's habit overrides this decision.
import { BlockList, isIP } from 'node:net';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ProxyDecision {
  /** The proxy to tunnel through (CONNECT), or undefined for a direct connection. */
  proxy: string | undefined;
  /** Why, in words, for doctor and debug output; proxy credentials are masked. */
  reason: string;
}

export class ProxyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyConfigError';
  }
}

/** The first non-empty of the names, as Go's getEnvAny. */
function envAny(env: Env, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

/** A proxy URL for messages: user and password replaced. */
export function maskProxyUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.href.replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function parseProxyUrl(name: string, raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !url.host) {
    try {
      url = new URL('http://' + raw);
    } catch {
      throw new ProxyConfigError(`${name}=${maskProxyUrl(raw)} is not a proxy URL (expected e.g. http://proxy.example.com:3128)`);
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(`${name}=${maskProxyUrl(raw)}: ${url.protocol.replace(':', '')} proxies are not supported; use an http:// or https:// proxy`);
  }
  return url;
}

/**
 * net.isIP, without running its IPv6 pattern on a name: V8 builds that pattern's matcher on first
 * use and again when it tiers up (~1–6 ms of CPU each, measured), and cloud hosts and NO_PROXY
 * entries are mostly names. An IPv4 address has only digits and dots; an IPv6 address has a colon.
 */
function ipFamily(s: string): number {
  return s.includes(':') || /^[\d.]+$/.test(s) ? isIP(s) : 0;
}

/** BlockList's name for an address's family. */
const blockFamily = (ip: string) => (ipFamily(ip) === 6 ? 'ipv6' : 'ipv4');

type Matcher = { entry: string; match: (host: string, port: string, ip: string | undefined) => boolean };

function splitHostPort(p: string): { host: string; port: string } {
  if (p.startsWith('[')) {
    const end = p.indexOf(']');
    if (end < 0) return { host: p, port: '' };
    const rest = p.slice(end + 1);
    return { host: p.slice(1, end), port: rest.startsWith(':') ? rest.slice(1) : '' };
  }
  const colons = p.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = p.split(':') as [string, string];
    return { host, port };
  }
  return { host: p, port: '' }; // a name, or a bare IPv6 address
}

function matchers(noProxy: string): Matcher[] {
  const out: Matcher[] = [];
  for (const raw of noProxy.split(',')) {
    const p = raw.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') return [{ entry: '*', match: () => true }];
    const slash = p.indexOf('/');
    if (slash > 0) {
      const net = p.slice(0, slash);
      const prefix = Number(p.slice(slash + 1));
      const family = ipFamily(net);
      if (family !== 0 && Number.isInteger(prefix)) {
        const list = new BlockList();
        try {
          list.addSubnet(net, prefix, family === 6 ? 'ipv6' : 'ipv4');
          out.push({ entry: p, match: (_h, _port, ip) => ip !== undefined && list.check(ip, blockFamily(ip)) });
        } catch {
          // an impossible prefix: Go ignores the entry as well
        }
        continue;
      }
    }
    const { host, port } = splitHostPort(p);
    if (host === '') continue;
    if (ipFamily(host) !== 0) {
      const list = new BlockList();
      list.addAddress(host, blockFamily(host));
      out.push({ entry: p, match: (_h, reqPort, ip) => ip !== undefined && list.check(ip, blockFamily(ip)) && (port === '' || port === reqPort) });
      continue;
    }
    // `example.com` matches itself and its subdomains; `.example.com` and `*.example.com` only subdomains.
    const bare = host.startsWith('*.') ? host.slice(1) : host;
    const matchHost = !bare.startsWith('.');
    const suffix = matchHost ? '.' + bare : bare;
    out.push({
      entry: p,
      match: (h, reqPort) => (h.endsWith(suffix) || (matchHost && h === suffix.slice(1))) && (port === '' || port === reqPort),
    });
  }
  return out;
}

function isLoopback(host: string, ip: string | undefined): boolean {
  if (host === 'localhost') return true;
  if (ip === undefined) return false;
  if (ipFamily(ip) === 4) return ip.startsWith('127.');
  return ip === '::1' || ip === '0:0:0:0:0:0:0:1';
}

/** A proxy named outright (a kubeconfig's `proxy-url`): for every host, as client-go's http.ProxyURL. */
export function namedProxy(name: string, raw: string): ProxyDecision {
  const href = parseProxyUrl(name, raw).href.replace(/\/$/, '');
  return { proxy: href, reason: `through ${name}=${maskProxyUrl(href)}` };
}

/** The proxy for an HTTPS connection to `host:port`, from the environment given (never process.env by itself). */
export function proxyFor(host: string, env: Env, port = 443): ProxyDecision {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const ip = ipFamily(h) !== 0 ? h : undefined;
  if (isLoopback(h, ip)) return { proxy: undefined, reason: `${host} is a loopback address: never proxied` };
  const setting = envAny(env, 'HTTPS_PROXY', 'https_proxy');
  if (!setting) {
    const http = envAny(env, 'HTTP_PROXY', 'http_proxy');
    const note = http ? ` (${http.name} is set but, as for kubectl, applies to http:// only)` : '';
    return { proxy: undefined, reason: `HTTPS_PROXY is not set${note}: direct connection` };
  }
  // Parsed before NO_PROXY is looked at: a malformed proxy is refused even for a host it exempts.
  const named = namedProxy(setting.name, setting.value);
  const noProxy = envAny(env, 'NO_PROXY', 'no_proxy');
  if (noProxy) {
    const hit = matchers(noProxy.value).find((m) => m.match(h, String(port), ip));
    if (hit) return { proxy: undefined, reason: `${noProxy.name} entry "${hit.entry}" matches ${host}: direct connection` };
  }
  return named;
}
