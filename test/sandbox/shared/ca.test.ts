// NODE_EXTRA_CA_CERTS takes one file: the sandbox CA is added to what it already names, never put
// in its place (a machine behind an inspecting proxy names that proxy's CA there).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extraCaCertsWith, trustsSandboxCa } from './ca.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-sg-ca-test-'));
const caFile = join(dir, 'ca.pem');
const SANDBOX = '-----BEGIN CERTIFICATE-----\nc2FuZGJveA==\n-----END CERTIFICATE-----\n';
const PROXY = '-----BEGIN CERTIFICATE-----\ncHJveHk=\n-----END CERTIFICATE-----\n';
writeFileSync(caFile, SANDBOX);
const theirs = join(dir, 'machine-bundle.pem');
writeFileSync(theirs, PROXY);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extraCaCertsWith', () => {
  it('names the sandbox CA alone when nothing else is named', () => {
    expect(extraCaCertsWith(caFile, undefined)).toBe(caFile);
    expect(extraCaCertsWith(caFile, '')).toBe(caFile);
    expect(extraCaCertsWith(caFile, caFile)).toBe(caFile);
  });

  it('keeps what the environment trusts: a bundle of its file and the sandbox CA, the same file each time', () => {
    const bundle = extraCaCertsWith(caFile, theirs);
    expect(bundle).not.toBe(theirs);
    expect(bundle).not.toBe(caFile);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain(PROXY.trim());
    expect(text).toContain(SANDBOX.trim());
    expect(extraCaCertsWith(caFile, theirs)).toBe(bundle);
    expect(trustsSandboxCa(caFile, { NODE_EXTRA_CA_CERTS: bundle })).toBe(true);
  });

  it('names a file that already holds the sandbox CA as it is (a sandbox started inside a test run)', () => {
    const bundle = extraCaCertsWith(caFile, theirs);
    expect(extraCaCertsWith(caFile, bundle)).toBe(bundle);
  });

  it('names the sandbox CA alone when the file named cannot be read', () => {
    expect(extraCaCertsWith(caFile, join(dir, 'gone.pem'))).toBe(caFile);
  });
});

describe('trustsSandboxCa', () => {
  it('is false without the variable, or when its file lacks the sandbox CA', () => {
    expect(trustsSandboxCa(caFile, {})).toBe(false);
    expect(trustsSandboxCa(caFile, { NODE_EXTRA_CA_CERTS: theirs })).toBe(false);
    expect(trustsSandboxCa(caFile, { NODE_EXTRA_CA_CERTS: caFile })).toBe(true);
  });
});
