// The ad hoc signer (cmd/release/macho-adhoc-sign.ts) on tiny hand-made Mach-Os, one without a
// signature (what `node --build-sea` leaves) and one with (a blob to replace), each checked by
// the independent reader in executable-format.ts: every page's SHA-256 recomputed, the
// requirements blob's special-slot hash, the CodeDirectory's fields, __LINKEDIT covering the
// signature. A damaged page or hash must show up there, or these checks would prove nothing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adhocSign } from '../../cmd/release/macho-adhoc-sign.ts';
import { executableFormat, type CodeSignature, type MachO } from './executable-format.ts';

const CPU = { arm64: 0x0100000c, x86_64: 0x01000007 };
const TEXT_SIZE = 0x2000;
const LINKEDIT_OFF = TEXT_SIZE;
const LINKEDIT_SIZE = 0x1234; // not a multiple of 16: the signature must be aligned after it

/**
 * A Mach-O executable: header, __TEXT (one section at 0x1000) and __LINKEDIT segments, optionally
 * LC_CODE_SIGNATURE pointing at a stale blob at the end of __LINKEDIT; the rest pseudo-random.
 */
function tinyMachO(o: { cpu: keyof typeof CPU; signed: boolean; sectionAt?: number }): Buffer {
  const seed = createHash('sha256').update(JSON.stringify(o)).digest();
  const b = Buffer.alloc(LINKEDIT_OFF + LINKEDIT_SIZE);
  for (let i = 0; i < b.length; i++) b[i] = seed[i % 32]! ^ (i * 7);
  b.fill(0, 0, 0x400); // header and its padding
  const cmds: Buffer[] = [];
  const segment = (name: string, vmaddr: number, fileoff: number, filesize: number, sections: { name: string; offset: number; size: number }[]) => {
    const c = Buffer.alloc(72 + sections.length * 80);
    c.writeUInt32LE(0x19, 0);
    c.writeUInt32LE(c.length, 4);
    c.write(name, 8, 'latin1');
    c.writeBigUInt64LE(BigInt(vmaddr), 24);
    c.writeBigUInt64LE(BigInt(Math.ceil(filesize / 0x4000) * 0x4000), 32);
    c.writeBigUInt64LE(BigInt(fileoff), 40);
    c.writeBigUInt64LE(BigInt(filesize), 48);
    c.writeUInt32LE(sections.length, 64);
    sections.forEach((s, i) => {
      c.write(s.name, 72 + i * 80, 'latin1');
      c.write(name, 72 + i * 80 + 16, 'latin1');
      c.writeUInt32LE(s.size, 72 + i * 80 + 40);
      c.writeUInt32LE(s.offset, 72 + i * 80 + 48);
    });
    cmds.push(c);
  };
  segment('__TEXT', 0x100000000, 0, TEXT_SIZE, [{ name: '__text', offset: o.sectionAt ?? 0x1000, size: 0x100 }]);
  segment('__LINKEDIT', 0x100004000, LINKEDIT_OFF, LINKEDIT_SIZE, []);
  if (o.signed) {
    const c = Buffer.alloc(16);
    c.writeUInt32LE(0x1d, 0);
    c.writeUInt32LE(16, 4);
    c.writeUInt32LE(0x3000, 8); // the stale blob: the last 0x234 bytes
    c.writeUInt32LE(LINKEDIT_OFF + LINKEDIT_SIZE - 0x3000, 12);
    cmds.push(c);
  }
  const all = Buffer.concat(cmds);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(CPU[o.cpu], 4);
  b.writeUInt32LE(2, 12); // MH_EXECUTE
  b.writeUInt32LE(cmds.length, 16);
  b.writeUInt32LE(all.length, 20);
  all.copy(b, 32);
  return b;
}

function machO(b: Buffer): MachO & { signature: CodeSignature } {
  const f = executableFormat(b);
  if (f?.format !== 'macho' || !f.signature) throw new Error(`not a signed Mach-O: ${JSON.stringify(f)}`);
  return f as MachO & { signature: CodeSignature };
}

/** What a valid ad hoc signature of a main executable must show, whatever the input was. */
function expectValid(signed: Buffer, codeLimit: number, vmPage: number) {
  const f = machO(signed);
  const s = f.signature;
  expect(s).toMatchObject({ adhoc: true, identifier: 'kubectl-sg', codeLimit, offset: codeLimit, badPages: [], requirementsHashOk: true, infoSlotEmpty: true });
  expect(s.cd).toEqual({
    version: 0x20400,
    flags: 0x2,
    hashType: 2,
    hashSize: 32,
    pageSize: 12,
    nSpecialSlots: 2,
    nCodeSlots: Math.ceil(codeLimit / 4096),
    execSegBase: 0,
    execSegLimit: TEXT_SIZE,
    execSegFlags: 1,
  });
  expect(s.slots).toEqual([
    [0, 0xfade0c02],
    [2, 0xfade0c01],
    [0x10000, 0xfade0b01],
  ]);
  // The signature is the file's last bytes, inside __LINKEDIT, whose vmsize covers it in whole pages.
  expect(s.offset + s.size).toBe(signed.length);
  expect(f.linkedit!.fileoff + f.linkedit!.filesize).toBe(signed.length);
  expect(f.linkedit!.vmsize).toBe(Math.ceil(f.linkedit!.filesize / vmPage) * vmPage);
  return s;
}

describe('ad hoc signing a Mach-O', () => {
  it('adds LC_CODE_SIGNATURE to one without (as node --build-sea leaves it), after __LINKEDIT, 16-byte aligned', () => {
    const input = tinyMachO({ cpu: 'arm64', signed: false });
    const before = Buffer.from(input);
    const signed = adhocSign(input, 'kubectl-sg');
    expect(input.equals(before)).toBe(true);
    const end = LINKEDIT_OFF + LINKEDIT_SIZE;
    expectValid(signed, Math.ceil(end / 16) * 16, 0x4000);
    expect(signed.readUInt32LE(16)).toBe(3); // ncmds
    // Past the load commands, every byte of the input is kept; the alignment gap is zeros.
    const cmdsEnd = 32 + signed.readUInt32LE(20);
    expect(signed.subarray(cmdsEnd, end).equals(input.subarray(cmdsEnd, end))).toBe(true);
    expect(signed.subarray(end, Math.ceil(end / 16) * 16).every((x) => x === 0)).toBe(true);
  });

  it('replaces the blob of one already signed: the signed range ends where the old signature began', () => {
    const input = tinyMachO({ cpu: 'arm64', signed: true });
    const signed = adhocSign(input, 'kubectl-sg');
    expectValid(signed, 0x3000, 0x4000);
    expect(signed.readUInt32LE(16)).toBe(3); // no second LC_CODE_SIGNATURE
    const cmdsEnd = 32 + signed.readUInt32LE(20);
    expect(signed.subarray(cmdsEnd, 0x3000).equals(input.subarray(cmdsEnd, 0x3000))).toBe(true);
  });

  it('rounds __LINKEDIT\'s vmsize to 4 KiB pages on x86_64', () => {
    expectValid(adhocSign(tinyMachO({ cpu: 'x86_64', signed: false }), 'kubectl-sg'), 0x3240, 0x1000);
  });

  it('gives the same bytes when it signs its own output again (a rebuild is bit for bit)', () => {
    const once = adhocSign(tinyMachO({ cpu: 'arm64', signed: false }), 'kubectl-sg');
    expect(adhocSign(once, 'kubectl-sg').equals(once)).toBe(true);
  });

  it('is caught by the checks when a page or a hash is wrong', () => {
    const signed = adhocSign(tinyMachO({ cpu: 'arm64', signed: false }), 'kubectl-sg');
    const page = Buffer.from(signed);
    page[0x1800]! ^= 1; // a byte of page 1
    expect(machO(page).signature.badPages).toEqual([1]);
    const hash = Buffer.from(signed);
    const s = machO(signed).signature;
    const cd = s.offset + hash.readUInt32BE(s.offset + 16); // the CodeDirectory's blob offset (index entry 0)
    hash[cd + hash.readUInt32BE(cd + 16) + 2 * 32 + 5]! ^= 1; // a byte of page 2's hash
    expect(machO(hash).signature.badPages).toEqual([2]);
    const req = Buffer.from(signed);
    req[cd + req.readUInt32BE(cd + 16) - 2 * 32]! ^= 1; // special slot -2
    expect(machO(req).signature.requirementsHashOk).toBe(false);
  });

  it('refuses what it cannot sign, saying why', () => {
    expect(() => adhocSign(tinyMachO({ cpu: 'arm64', signed: false, sectionAt: 32 + 72 + 80 + 72 + 8 }), 'x')).toThrow(/no room for LC_CODE_SIGNATURE/);
    const fat = Buffer.alloc(64);
    fat.writeUInt32BE(0xcafebabe, 0);
    expect(() => adhocSign(fat, 'x')).toThrow(/universal \(fat\)/);
    const trailing = Buffer.concat([tinyMachO({ cpu: 'arm64', signed: false }), Buffer.alloc(8)]);
    expect(() => adhocSign(trailing, 'x')).toThrow(/__LINKEDIT ends at/);
  });
});
