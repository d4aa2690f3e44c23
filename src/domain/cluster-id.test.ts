import { describe, expect, it } from 'vitest';
import { checkClusterId, clusterIdFromIpamdArgs, clusterIdFromServer, InvalidClusterIdError, isClusterId } from './cluster-id.ts';

describe('cluster IDs', () => {
  it('accepts cls- and 8 lowercase alphanumerics only', () => {
    expect(isClusterId('cls-kjqul1ir')).toBe(true);
    for (const bad of ['cls-KJQUL1IR', 'cls-kjqul1i', 'cls-kjqul1irx', 'kjqul1ir', 'sg-kjqul1ir']) expect(isClusterId(bad)).toBe(false);
  });
  it('names a malformed --cluster-id', () => {
    expect(checkClusterId(' cls-kjqul1ir ')).toBe('cls-kjqul1ir');
    expect(() => checkClusterId('cls-123')).toThrow(InvalidClusterIdError);
    expect(() => checkClusterId('cls-123')).toThrow(/--cluster-id "cls-123" is not a TKE cluster ID/);
  });
  it('reads ipamd\'s --clusterid in both spellings of a real Deployment', () => {
    expect(clusterIdFromIpamdArgs(['--clusterid', 'cls-kjqul1ir', '--claim-expired-duration', '10m0s'])).toBe('cls-kjqul1ir');
    expect(clusterIdFromIpamdArgs(['--v=4', '--clusterid=cls-abcdefgh'])).toBe('cls-abcdefgh');
    expect(clusterIdFromIpamdArgs(['-clusterid', 'cls-abcdefgh'])).toBe('cls-abcdefgh');
    expect(clusterIdFromIpamdArgs(['--clusterid', '--v=4'])).toBeUndefined();
    expect(clusterIdFromIpamdArgs(['--enable-ownerref', 'cls-abcdefgh'])).toBeUndefined();
    expect(clusterIdFromIpamdArgs([])).toBeUndefined();
  });
  it('takes the API server host as a hint only when it has the TKE form', () => {
    expect(clusterIdFromServer('https://cls-kjqul1ir.ccs.tencent-cloud.com')).toBe('cls-kjqul1ir');
    expect(clusterIdFromServer('https://127.0.0.1:6443')).toBeUndefined();
    expect(clusterIdFromServer('https://cls-kjqul1ir.example.com')).toBeUndefined();
    expect(clusterIdFromServer('not a url')).toBeUndefined();
  });
});
