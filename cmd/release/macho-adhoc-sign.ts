// Ad hoc code signing of a 64-bit thin Mach-O (x86_64, arm64), in TypeScript, for the darwin
// executables of a release. macOS on arm64 refuses to run an unsigned Mach-O, and injecting the
// bundle (`node --build-sea`, single-executable.ts) rewrites the official Node binary, so it is
// signed again afterwards: ad hoc, i.e. no certificate, which is enough to run (Gatekeeper still
// asks about a download from the internet, which krew and tar do not mark as such). Written here
// rather than taken from rcodesign, whose build from crates.io cost ~10 minutes of CPU per
// machine: an ad hoc signature is only a table of SHA-256 page hashes.
//
// What `node --build-sea` hands over (checked on node 26.10.0's darwin-arm64 and darwin-x64
// binaries, thin Mach-Os both): the injector adds a NODE_SEA segment before __LINKEDIT and drops
// LC_CODE_SIGNATURE, so the signature is added: a new load command in the header's free space
// (13 KiB on arm64, 152 bytes on x86_64; 16 are needed). A file that still has one gets its blob
// replaced in place (the signed range then ends where the old signature started).
//
// The layout follows Apple's xnu osfmk/kern/cs_blobs.h (struct names and constants), read with
// the ad hoc signers of Go's linker (src/cmd/internal/codesign/codesign.go) and zig's
// (src/link/MachO/CodeSignature.zig); all blobs are big-endian, the Mach-O itself little-endian:
//
//   SuperBlob 0xfade0cc0 { CodeDirectory @ slot 0, Requirements @ slot 2, BlobWrapper @ 0x10000 }
//   CodeDirectory 0xfade0c02, version 0x20400: identifier, 2 special-slot hashes (slot -1: no
//     Info.plist, zeros; slot -2: the requirements blob), one SHA-256 per 4 KiB page of the file
//     up to the signature (codeLimit), and the __TEXT segment as the executable segment.
//   Requirements 0xfade0c01 with no entries; BlobWrapper 0xfade0b01 with no CMS inside.
//
// Choices, as `codesign -s -` makes them (and rcodesign 0.29, compared in docs/release.md):
// flags CS_ADHOC (0x2) alone, without CS_LINKER_SIGNED (0x20000): that flag marks a signature a
// linker made, which other tools may silently replace and which macOS treats as "not really
// signed" (e.g. it keeps no cdhash for it); the empty requirements blob and empty CMS wrapper are
// what codesign writes for an ad hoc signature (Go's linker writes neither, zig's both optional).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const MH_EXECUTE = 0x2;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CPU_TYPE_X86_64 = 0x01000007;
const CPU_TYPE_ARM64 = 0x0100000c;

const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSMAGIC_REQUIREMENTS = 0xfade0c01;
const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
const CSSLOT_CODEDIRECTORY = 0;
const CSSLOT_REQUIREMENTS = 2;
const CSSLOT_SIGNATURESLOT = 0x10000;
/** Supports execSeg* (the last fields written here); what current linkers and codesign emit. */
const CS_SUPPORTSEXECSEG = 0x20400;
const CS_ADHOC = 0x2;
const CS_HASHTYPE_SHA256 = 2;
const CS_EXECSEG_MAIN_BINARY = 0x1;

const HASH_SIZE = 32;
const PAGE_SHIFT = 12; // codesign's 4 KiB hashing pages, on arm64 too (its VM pages are 16 KiB)
const PAGE = 1 << PAGE_SHIFT;
/** struct CS_CodeDirectory up to and including execSegFlags (version 0x20400). */
const CODE_DIRECTORY_HEADER = 88;
/** Special slots: -1 Info.plist (none: zeros), -2 requirements. */
const SPECIAL_SLOTS = 2;
/** An empty requirements vector: magic, length, count 0. */
const EMPTY_REQUIREMENTS = blob(CSMAGIC_REQUIREMENTS, Buffer.alloc(4));
/** A BlobWrapper with no CMS message inside: the signature slot of an ad hoc signature. */
const EMPTY_CMS = blob(CSMAGIC_BLOBWRAPPER, Buffer.alloc(0));

interface Segment {
  /** Offset of its LC_SEGMENT_64 in the file. */
  cmdAt: number;
  fileoff: number;
  filesize: number;
}

interface Layout {
  cpu: number;
  filetype: number;
  ncmds: number;
  sizeofcmds: number;
  text: Segment;
  linkedit: Segment;
  /** The existing LC_CODE_SIGNATURE's offset in the file, and its data. */
  signature: { cmdAt: number; dataoff: number; datasize: number } | undefined;
  /** Where the first section's (or non-__TEXT segment's) bytes start: the load commands must end before. */
  headerLimit: number;
}

/** Signs the file in place, ad hoc, under `identifier` (the plugin's name: what `codesign -d` shows). */
export function adhocSignFile(file: string, identifier: string): void {
  writeFileSync(file, adhocSign(readFileSync(file), identifier));
}

/** The Mach-O `input`, signed ad hoc: a new buffer, the input left as it was. */
export function adhocSign(input: Buffer, identifier: string): Buffer {
  const m = layout(input);
  let codeLimit: number;
  let out: Buffer;
  if (m.signature) {
    // Everything up to the old signature stays; the blob is replaced and the file ends after it.
    codeLimit = m.signature.dataoff;
    out = Buffer.alloc(codeLimit + signatureSize(codeLimit, identifier));
    input.copy(out, 0, 0, codeLimit);
  } else {
    // The signature goes at the end of __LINKEDIT, which must be the end of the file (else bytes
    // after it would be outside every segment and the signature), 16-byte aligned as ld does.
    const end = m.linkedit.fileoff + m.linkedit.filesize;
    if (end !== input.length) throw new Error(`Mach-O: __LINKEDIT ends at ${end} but the file at ${input.length}: cannot place a signature after it`);
    const at = 32 + m.sizeofcmds;
    if (at + 16 > m.headerLimit) {
      throw new Error(`Mach-O: no room for LC_CODE_SIGNATURE: the load commands end at ${at} and the first section starts at ${m.headerLimit}`);
    }
    if (input.subarray(at, at + 16).some((b) => b !== 0)) throw new Error(`Mach-O: the header padding at ${at} is not zeros: refusing to write a load command over it`);
    codeLimit = align(end, 16);
    out = Buffer.alloc(codeLimit + signatureSize(codeLimit, identifier));
    input.copy(out);
    out.writeUInt32LE(m.ncmds + 1, 16);
    out.writeUInt32LE(m.sizeofcmds + 16, 20);
    out.writeUInt32LE(LC_CODE_SIGNATURE, at);
    out.writeUInt32LE(16, at + 4);
    m.signature = { cmdAt: at, dataoff: 0, datasize: 0 };
  }
  if (out.length > 0xffffffff) throw new Error('Mach-O: larger than 4 GiB: codeLimit64 is not supported');
  const size = out.length - codeLimit;
  // The header is hashed with the rest of page 0, so it is final before any hash is taken.
  out.writeUInt32LE(codeLimit, m.signature.cmdAt + 8);
  out.writeUInt32LE(size, m.signature.cmdAt + 12);
  const linkeditSize = out.length - m.linkedit.fileoff;
  out.writeBigUInt64LE(BigInt(linkeditSize), m.linkedit.cmdAt + 48); // filesize
  out.writeBigUInt64LE(BigInt(align(linkeditSize, vmPageSize(m.cpu))), m.linkedit.cmdAt + 32); // vmsize
  superBlob(out, codeLimit, identifier, m).copy(out, codeLimit);
  return out;
}

/** arm64 macOS maps 16 KiB pages; a segment's vmsize is a whole number of them (as ld writes it). */
function vmPageSize(cpu: number): number {
  return cpu === CPU_TYPE_ARM64 ? 0x4000 : 0x1000;
}

function layout(b: Buffer): Layout {
  if (b.length < 32) throw new Error('Mach-O: file too short');
  if (b.readUInt32BE(0) === FAT_MAGIC) throw new Error('Mach-O: universal (fat) binaries are not supported, only a thin 64-bit one');
  if (b.readUInt32LE(0) !== MH_MAGIC_64) throw new Error(`Mach-O: not a 64-bit little-endian Mach-O (magic 0x${b.readUInt32LE(0).toString(16)})`);
  const cpu = b.readUInt32LE(4);
  if (cpu !== CPU_TYPE_X86_64 && cpu !== CPU_TYPE_ARM64) throw new Error(`Mach-O: CPU type 0x${cpu.toString(16)} is neither x86_64 nor arm64`);
  const ncmds = b.readUInt32LE(16);
  const sizeofcmds = b.readUInt32LE(20);
  let text: Segment | undefined;
  let linkedit: Segment | undefined;
  let signature: Layout['signature'];
  let headerLimit = b.length;
  let maxSegmentEnd = 0;
  let at = 32;
  for (let i = 0; i < ncmds; i++) {
    const cmd = b.readUInt32LE(at);
    const cmdsize = b.readUInt32LE(at + 4);
    if (cmdsize < 8 || at + cmdsize > 32 + sizeofcmds) throw new Error(`Mach-O: load command ${i} at ${at} has a bad size ${cmdsize}`);
    if (cmd === LC_SEGMENT_64) {
      const name = b.toString('latin1', at + 8, at + 24).replace(/\0+$/, '');
      const seg = { cmdAt: at, fileoff: Number(b.readBigUInt64LE(at + 40)), filesize: Number(b.readBigUInt64LE(at + 48)) };
      if (name === '__TEXT') text = seg;
      if (name === '__LINKEDIT') linkedit = seg;
      if (seg.filesize > 0 && seg.fileoff > 0) headerLimit = Math.min(headerLimit, seg.fileoff);
      maxSegmentEnd = Math.max(maxSegmentEnd, seg.fileoff + seg.filesize);
      const nsects = b.readUInt32LE(at + 64);
      for (let s = 0; s < nsects; s++) {
        const offset = b.readUInt32LE(at + 72 + s * 80 + 48);
        if (offset > 0) headerLimit = Math.min(headerLimit, offset);
      }
    } else if (cmd === LC_CODE_SIGNATURE) {
      signature = { cmdAt: at, dataoff: b.readUInt32LE(at + 8), datasize: b.readUInt32LE(at + 12) };
    }
    at += cmdsize;
  }
  if (!text) throw new Error('Mach-O: no __TEXT segment');
  if (!linkedit) throw new Error('Mach-O: no __LINKEDIT segment');
  if (linkedit.fileoff + linkedit.filesize !== maxSegmentEnd) throw new Error('Mach-O: __LINKEDIT is not the last segment in the file');
  if (signature) {
    const { dataoff, datasize } = signature;
    if (dataoff < linkedit.fileoff || dataoff + datasize > b.length || dataoff % 16 !== 0) {
      throw new Error(`Mach-O: LC_CODE_SIGNATURE points outside __LINKEDIT or the file (${dataoff}+${datasize})`);
    }
  }
  return { cpu, filetype: b.readUInt32LE(12), ncmds, sizeofcmds, text, linkedit, signature, headerLimit };
}

function codeDirectorySize(codeLimit: number, identifier: string): number {
  return CODE_DIRECTORY_HEADER + Buffer.byteLength(identifier) + 1 + (SPECIAL_SLOTS + Math.ceil(codeLimit / PAGE)) * HASH_SIZE;
}

/** The SuperBlob's bytes: known before hashing, since the header (page 0) records them. */
function signatureSize(codeLimit: number, identifier: string): number {
  return 12 + 3 * 8 + codeDirectorySize(codeLimit, identifier) + EMPTY_REQUIREMENTS.length + EMPTY_CMS.length;
}

function superBlob(file: Buffer, codeLimit: number, identifier: string, m: Layout): Buffer {
  const cd = codeDirectory(file, codeLimit, identifier, m);
  const blobs: [number, Buffer][] = [
    [CSSLOT_CODEDIRECTORY, cd],
    [CSSLOT_REQUIREMENTS, EMPTY_REQUIREMENTS],
    [CSSLOT_SIGNATURESLOT, EMPTY_CMS],
  ];
  const index = Buffer.alloc(blobs.length * 8);
  let offset = 12 + index.length;
  blobs.forEach(([slot, data], i) => {
    index.writeUInt32BE(slot, i * 8);
    index.writeUInt32BE(offset, i * 8 + 4);
    offset += data.length;
  });
  const header = Buffer.alloc(12);
  header.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  header.writeUInt32BE(offset, 4);
  header.writeUInt32BE(blobs.length, 8);
  return Buffer.concat([header, index, ...blobs.map(([, data]) => data)]);
}

function codeDirectory(file: Buffer, codeLimit: number, identifier: string, m: Layout): Buffer {
  const pages = Math.ceil(codeLimit / PAGE);
  const ident = Buffer.from(`${identifier}\0`, 'utf8');
  const identOffset = CODE_DIRECTORY_HEADER;
  const hashOffset = identOffset + ident.length + SPECIAL_SLOTS * HASH_SIZE;
  const cd = Buffer.alloc(codeDirectorySize(codeLimit, identifier));
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(cd.length, 4);
  cd.writeUInt32BE(CS_SUPPORTSEXECSEG, 8); // version
  cd.writeUInt32BE(CS_ADHOC, 12); // flags
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(identOffset, 20);
  cd.writeUInt32BE(SPECIAL_SLOTS, 24); // nSpecialSlots
  cd.writeUInt32BE(pages, 28); // nCodeSlots
  cd.writeUInt32BE(codeLimit, 32);
  cd.writeUInt8(HASH_SIZE, 36);
  cd.writeUInt8(CS_HASHTYPE_SHA256, 37);
  cd.writeUInt8(0, 38); // platform: not a platform binary
  cd.writeUInt8(PAGE_SHIFT, 39);
  // 40 spare2, 44 scatterOffset, 48 teamOffset (none: ad hoc), 52 spare3, 56 codeLimit64: all 0.
  cd.writeBigUInt64BE(BigInt(m.text.fileoff), 64); // execSegBase
  cd.writeBigUInt64BE(BigInt(m.text.filesize), 72); // execSegLimit
  cd.writeBigUInt64BE(BigInt(m.filetype === MH_EXECUTE ? CS_EXECSEG_MAIN_BINARY : 0), 80);
  ident.copy(cd, identOffset);
  // Special slot -n sits n hashes before hashOffset; slot -1 (Info.plist) stays zeros.
  sha256(EMPTY_REQUIREMENTS).copy(cd, hashOffset - CSSLOT_REQUIREMENTS * HASH_SIZE);
  for (let i = 0; i < pages; i++) {
    sha256(file.subarray(i * PAGE, Math.min((i + 1) * PAGE, codeLimit))).copy(cd, hashOffset + i * HASH_SIZE);
  }
  return cd;
}

function blob(magic: number, data: Buffer): Buffer {
  const b = Buffer.alloc(8 + data.length);
  b.writeUInt32BE(magic, 0);
  b.writeUInt32BE(b.length, 4);
  data.copy(b, 8);
  return b;
}

function sha256(b: Buffer): Buffer {
  return createHash('sha256').update(b).digest();
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
