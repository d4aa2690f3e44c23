// Reads just enough of an executable's headers to check, on this Linux machine, that what a
// release ships for another platform is what that platform runs: the file format and CPU of
// ELF (Linux), PE (Windows) and Mach-O (macOS), and for Mach-O the code signature macOS on
// arm64 demands (ad hoc, covering the whole file up to the signature itself, i.e. made after
// the bundle was injected). The signature is checked as the kernel would (xnu's
// osfmk/kern/cs_blobs.h layout): every page's SHA-256 recomputed from the file, the special-slot
// hash of the requirements blob, and __LINKEDIT covering the signature. Written apart from the
// signer (cmd/release/macho-adhoc-sign.ts) so that one's mistake is not repeated here.
import { createHash } from 'node:crypto';

export type Format = { format: 'elf'; machine: 'x86-64' | 'aarch64' | number } | { format: 'pe'; machine: 'amd64' | 'arm64' | number } | MachO;

export interface MachO {
  format: 'macho';
  cpu: 'x86-64' | 'arm64' | number;
  /** The LC_CODE_SIGNATURE load command's data, when there is one. */
  signature: CodeSignature | undefined;
  /** The __TEXT and __LINKEDIT segments' file ranges, and vmsize of __LINKEDIT. */
  text: { fileoff: number; filesize: number } | undefined;
  linkedit: { fileoff: number; filesize: number; vmsize: number } | undefined;
}

export interface CodeSignature {
  offset: number;
  size: number;
  adhoc: boolean;
  identifier: string;
  codeLimit: number;
  /** The CodeDirectory's fields, as read (absent when there is none). */
  cd?: { version: number; flags: number; hashType: number; hashSize: number; pageSize: number; nSpecialSlots: number; nCodeSlots: number; execSegBase: number; execSegLimit: number; execSegFlags: number };
  /** The SuperBlob's slots → blob magic, in index order. */
  slots?: [number, number][];
  /** Pages whose SHA-256 in the CodeDirectory differs from the file's (their indexes). */
  badPages?: number[];
  /** The requirements blob's SHA-256 equals special slot -2; and slot -1 (no Info.plist) is zeros. */
  requirementsHashOk?: boolean;
  infoSlotEmpty?: boolean;
}

const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
const CSSLOT_REQUIREMENTS = 2;
const CS_ADHOC = 0x2;

export function executableFormat(b: Buffer): Format | undefined {
  if (b.readUInt32BE(0) === 0x7f454c46) {
    const m = b.readUInt16LE(18);
    return { format: 'elf', machine: m === 0x3e ? 'x86-64' : m === 0xb7 ? 'aarch64' : m };
  }
  if (b.toString('latin1', 0, 2) === 'MZ') {
    const pe = b.readUInt32LE(0x3c);
    if (b.toString('latin1', pe, pe + 4) !== 'PE\0\0') return undefined;
    const m = b.readUInt16LE(pe + 4);
    return { format: 'pe', machine: m === 0x8664 ? 'amd64' : m === 0xaa64 ? 'arm64' : m };
  }
  if (b.readUInt32LE(0) === 0xfeedfacf) return machO(b);
  return undefined;
}

function machO(b: Buffer): MachO {
  const cpuType = b.readUInt32LE(4);
  const cpu = cpuType === 0x01000007 ? 'x86-64' : cpuType === 0x0100000c ? 'arm64' : cpuType;
  const ncmds = b.readUInt32LE(16);
  let at = 32; // after mach_header_64
  let signature: MachO['signature'];
  let text: MachO['text'];
  let linkedit: MachO['linkedit'];
  for (let i = 0; i < ncmds; i++) {
    const cmd = b.readUInt32LE(at);
    const size = b.readUInt32LE(at + 4);
    if (cmd === LC_CODE_SIGNATURE) signature = codeSignature(b, b.readUInt32LE(at + 8), b.readUInt32LE(at + 12));
    if (cmd === LC_SEGMENT_64) {
      const name = b.toString('latin1', at + 8, at + 24).replace(/\0+$/, '');
      const seg = { vmsize: Number(b.readBigUInt64LE(at + 32)), fileoff: Number(b.readBigUInt64LE(at + 40)), filesize: Number(b.readBigUInt64LE(at + 48)) };
      if (name === '__TEXT') text = { fileoff: seg.fileoff, filesize: seg.filesize };
      if (name === '__LINKEDIT') linkedit = seg;
    }
    at += size;
  }
  return { format: 'macho', cpu, signature, text, linkedit };
}

/**
 * The embedded signature (big-endian blobs): the SuperBlob's index, the CodeDirectory's fields,
 * and each hash recomputed from the file.
 */
function codeSignature(b: Buffer, offset: number, size: number): CodeSignature {
  const none: CodeSignature = { offset, size, adhoc: false, identifier: '', codeLimit: 0 };
  if (offset + 12 > b.length || b.readUInt32BE(offset) !== CSMAGIC_EMBEDDED_SIGNATURE) return none;
  const count = b.readUInt32BE(offset + 8);
  const slots: [number, number][] = [];
  const blobAt = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const slot = b.readUInt32BE(offset + 12 + i * 8);
    const at = offset + b.readUInt32BE(offset + 12 + i * 8 + 4);
    slots.push([slot, b.readUInt32BE(at)]);
    blobAt.set(slot, at);
  }
  const cdAt = blobAt.get(CSSLOT_CODEDIRECTORY);
  if (cdAt === undefined || b.readUInt32BE(cdAt) !== CSMAGIC_CODEDIRECTORY) return { ...none, slots };
  const u32 = (o: number) => b.readUInt32BE(cdAt + o);
  const u64 = (o: number) => Number(b.readBigUInt64BE(cdAt + o));
  const flags = u32(12);
  const hashOffset = u32(16);
  const identOffset = u32(20);
  const codeLimit = u32(32);
  const hashSize = b[cdAt + 36]!;
  const pageSize = b[cdAt + 39]!;
  const cd = { version: u32(8), flags, hashType: b[cdAt + 37]!, hashSize, pageSize, nSpecialSlots: u32(24), nCodeSlots: u32(28), execSegBase: u64(64), execSegLimit: u64(72), execSegFlags: u64(80) };
  const hashAt = (slot: number) => b.subarray(cdAt + hashOffset + slot * hashSize, cdAt + hashOffset + (slot + 1) * hashSize);
  const sha = (x: Buffer) => createHash('sha256').update(x).digest();
  const page = 1 << pageSize;
  const badPages: number[] = [];
  for (let i = 0; i * page < codeLimit || i < cd.nCodeSlots; i++) {
    if (i >= cd.nCodeSlots || !sha(b.subarray(i * page, Math.min((i + 1) * page, codeLimit))).equals(hashAt(i))) badPages.push(i);
  }
  const reqAt = blobAt.get(CSSLOT_REQUIREMENTS);
  const requirementsHashOk = reqAt !== undefined && cd.nSpecialSlots >= 2 && sha(b.subarray(reqAt, reqAt + b.readUInt32BE(reqAt + 4))).equals(hashAt(-CSSLOT_REQUIREMENTS));
  const infoSlotEmpty = cd.nSpecialSlots >= 1 && hashAt(-1).every((x) => x === 0);
  const identifier = b.toString('utf8', cdAt + identOffset, b.indexOf(0, cdAt + identOffset));
  return { offset, size, adhoc: (flags & CS_ADHOC) !== 0, identifier, codeLimit, cd, slots, badPages, requirementsHashOk, infoSlotEmpty };
}

/** Node flips this fuse from :0 to :1 when it injects a single-executable blob. */
export function seaFuseBlown(b: Buffer): boolean {
  return b.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1');
}
