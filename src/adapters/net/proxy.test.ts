// kubectl's proxy rules (Go's httpproxy), applied to the cloud API hosts.
import { describe, expect, it } from 'vitest';
import { maskProxyUrl, ProxyConfigError, proxyFor } from './proxy.ts';

const VPC = 'vpc.tencentcloudapi.com';
const P = 'http://proxy.corp:3128';
const via = (host: string, env: Record<string, string>, port?: number) => proxyFor(host, env, port).proxy;

describe('proxyFor', () => {
  it('uses HTTPS_PROXY (upper case first), never HTTP_PROXY, for HTTPS hosts', () => {
    expect(via(VPC, { HTTPS_PROXY: P })).toBe(P);
    expect(via(VPC, { https_proxy: P })).toBe(P);
    expect(via(VPC, { HTTPS_PROXY: P, https_proxy: 'http://other:1' })).toBe(P);
    expect(via(VPC, { HTTPS_PROXY: '', https_proxy: P })).toBe(P);
    const r = proxyFor(VPC, { HTTP_PROXY: P, http_proxy: P });
    expect(r.proxy).toBeUndefined();
    expect(r.reason).toBe('HTTPS_PROXY is not set (HTTP_PROXY is set but, as for kubectl, applies to http:// only): direct connection');
  });

  it('adds http:// to a bare host:port and refuses schemes it cannot speak', () => {
    expect(via(VPC, { HTTPS_PROXY: 'proxy.corp:3128' })).toBe(P);
    expect(via(VPC, { HTTPS_PROXY: '10.1.2.3:8080' })).toBe('http://10.1.2.3:8080');
    expect(via(VPC, { HTTPS_PROXY: 'https://proxy.corp' })).toBe('https://proxy.corp');
    expect(() => proxyFor(VPC, { HTTPS_PROXY: 'socks5://u:secret@proxy.corp:1080' })).toThrow(ProxyConfigError);
    expect(() => proxyFor(VPC, { HTTPS_PROXY: 'socks5://u:secret@proxy.corp:1080' })).toThrow('HTTPS_PROXY=socks5://***@proxy.corp:1080: socks5 proxies are not supported');
  });

  it('follows NO_PROXY: names with their subdomains, .suffixes, *, ports', () => {
    const env = (NO_PROXY: string) => ({ HTTPS_PROXY: P, NO_PROXY });
    expect(via(VPC, env('tencentcloudapi.com'))).toBeUndefined(); // a name covers its subdomains
    expect(via('tencentcloudapi.com', env('tencentcloudapi.com'))).toBeUndefined();
    expect(via(VPC, env('.tencentcloudapi.com'))).toBeUndefined();
    expect(via('tencentcloudapi.com', env('.tencentcloudapi.com'))).toBe(P); // a .suffix does not cover the name itself
    expect(via(VPC, env('*.tencentcloudapi.com'))).toBeUndefined();
    expect(via(VPC, env('cam.tencentcloudapi.com'))).toBe(P);
    expect(via(VPC, env('notencentcloudapi.com'))).toBe(P); // a suffix on a label boundary only
    expect(via(VPC, env('*'))).toBeUndefined();
    expect(via(VPC, env(' example.com , VPC.TencentCloudAPI.com '))).toBeUndefined();
    expect(via(VPC, env('vpc.tencentcloudapi.com:8443'))).toBe(P);
    expect(via(VPC, env('vpc.tencentcloudapi.com:443'))).toBeUndefined();
    expect(via(VPC, { HTTPS_PROXY: P, no_proxy: VPC })).toBeUndefined();
    expect(proxyFor(VPC, env('a.com,.tencentcloudapi.com')).reason).toBe('NO_PROXY entry ".tencentcloudapi.com" matches vpc.tencentcloudapi.com: direct connection');
  });

  it('matches IPs and CIDRs against IP hosts only', () => {
    const env = (NO_PROXY: string) => ({ HTTPS_PROXY: P, NO_PROXY });
    expect(via('10.0.3.4', env('10.0.0.0/16'))).toBeUndefined();
    expect(via('10.1.3.4', env('10.0.0.0/16'))).toBe(P);
    expect(via('10.0.3.4', env('10.0.3.4'))).toBeUndefined();
    expect(via('10.0.3.4', env('10.0.3.4:80'))).toBe(P);
    expect(via('fd00::1', env('fd00::/8'))).toBeUndefined();
    expect(via('[fd00::1]', env('[fd00::1]:443'))).toBeUndefined();
    expect(via(VPC, env('0.0.0.0/0'))).toBe(P); // names are never resolved to match a CIDR
  });

  it('never proxies loopback', () => {
    for (const h of ['localhost', '127.0.0.1', '127.9.9.9', '::1', '[::1]']) expect(via(h, { HTTPS_PROXY: P }), h).toBeUndefined();
  });

  it('masks proxy credentials in what it says', () => {
    expect(proxyFor(VPC, { HTTPS_PROXY: 'http://me:s3cret@proxy.corp:3128' })).toEqual({ proxy: 'http://me:s3cret@proxy.corp:3128', reason: 'through HTTPS_PROXY=http://***@proxy.corp:3128' });
    expect(maskProxyUrl('not a url //a:b@c')).toBe('not a url //***@c');
  });
});
