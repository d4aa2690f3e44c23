// Every platform's archive, as krew installs it for that platform (KREW_OS/KREW_ARCH with the
// archive given offline: krew checks its sha256, extracts the listed files and finds the bin),
// checked where this Linux machine can check it: the executable is the platform's format and
// CPU with the bundle injected, and a macOS one carries the ad hoc signature macOS on arm64
// demands, made after the injection. The linux/amd64 one also runs (krew.test.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKrewBinaries, type KrewBinaries } from './krew-binaries.ts';
import { executableFormat, seaFuseBlown } from './executable-format.ts';
import { releaseForTests, type TestRelease } from './release-fixture.ts';
import { PLATFORMS } from '../../cmd/release/platforms.ts';
import { run } from '../e2e/run.ts';

let rel: TestRelease;
let krew: KrewBinaries;
const roots: string[] = [];

beforeAll(async () => {
  [rel, krew] = await Promise.all([releaseForTests(), ensureKrewBinaries()]);
});
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const expected = {
  'linux/amd64': { format: 'elf', machine: 'x86-64' },
  'linux/arm64': { format: 'elf', machine: 'aarch64' },
  'darwin/amd64': { format: 'macho', cpu: 'x86-64' },
  'darwin/arm64': { format: 'macho', cpu: 'arm64' },
  'windows/amd64': { format: 'pe', machine: 'amd64' },
} as const;

describe.each(PLATFORMS.map((p) => [`${p.os}/${p.arch}` as keyof typeof expected, p] as const))('%s', (id, p) => {
  let files: string[];
  let exe: Buffer;

  beforeAll(() => {
    const archive = rel.archives.find((a) => a.platform.os === p.os && a.platform.arch === p.arch)!;
    const root = mkdtempSync(join(tmpdir(), 'kubectl-sg-krew-'));
    roots.push(root);
    const r = run(krew.krew, ['install', `--manifest=${rel.manifestPath}`, `--archive=${archive.path}`], { KREW_ROOT: root, KREW_OS: p.os, KREW_ARCH: p.arch });
    if (r.code !== 0) throw new Error(`krew install for ${id} failed:\n${r.stderr}`);
    const store = join(root, 'store', 'sg', `v${rel.version}`);
    files = readdirSync(store).sort();
    exe = readFileSync(join(store, p.exe));
    expect(statSync(join(store, p.exe)).mode & 0o111).not.toBe(0);
  });

  it('krew installs the executable, the completion helper and the licenses', () => {
    expect(files).toEqual(['LICENSE', 'LICENSE.node', p.exe, p.completionShim].sort());
  });

  it('is an executable of that platform with the bundle injected', () => {
    expect(executableFormat(exe)).toMatchObject(expected[id]);
    expect(seaFuseBlown(exe)).toBe(true);
  });

  it.runIf(p.os === 'darwin')('carries an ad hoc code signature over everything before it, every page hash right', () => {
    const f = executableFormat(exe);
    if (f?.format !== 'macho') throw new Error(`not a Mach-O: ${JSON.stringify(f)}`);
    const s = f.signature!;
    expect(s).toMatchObject({ adhoc: true, identifier: 'kubectl-sg', badPages: [], requirementsHashOk: true, infoSlotEmpty: true });
    expect(s.cd).toMatchObject({ version: 0x20400, flags: 0x2, hashType: 2, pageSize: 12, nCodeSlots: Math.ceil(s.codeLimit / 4096), execSegBase: f.text!.fileoff, execSegLimit: f.text!.filesize, execSegFlags: 1 });
    // The signed range ends where the signature starts: it was made on the final bytes.
    expect(s.codeLimit).toBe(s.offset);
    expect(s.offset + s.size).toBe(exe.length);
    // __LINKEDIT holds the signature: dyld maps nothing past it, and the kernel reads it from there.
    expect(s.offset).toBeGreaterThanOrEqual(f.linkedit!.fileoff);
    expect(f.linkedit!.fileoff + f.linkedit!.filesize).toBe(exe.length);
    expect(f.linkedit!.vmsize).toBeGreaterThanOrEqual(f.linkedit!.filesize);
  });
});
