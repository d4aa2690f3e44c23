// Reads just enough of an executable's headers to check, on this Linux machine, that what a
// release ships for another platform is what that platform runs: the file format and CPU of
// ELF (Linux), PE (Windows) and Mach-O (macOS), and for Mach-O the code signature macOS on
// arm64 demands (ad hoc, covering the whole file up to the signature itself, i.e. made after
// the bundle was injected).

export type Format = { format: 'elf'; machine: 'x86-64' | 'aarch64' | number } | { format: 'pe'; machine: 'amd64' | 'arm64' | number } | MachO;

export interface MachO {
  format: 'macho';
  cpu: 'x86-64' | 'arm64' | number;
  /** The LC_CODE_SIGNATURE load command's data, when there is one. */
  signature: { offset: number; size: number; adhoc: boolean; identifier: string; codeLimit: number } | undefined;
}

const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
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
  for (let i = 0; i < ncmds; i++) {
    const cmd = b.readUInt32LE(at);
    const size = b.readUInt32LE(at + 4);
    if (cmd === LC_CODE_SIGNATURE) signature = codeSignature(b, b.readUInt32LE(at + 8), b.readUInt32LE(at + 12));
    at += size;
  }
  return { format: 'macho', cpu, signature };
}

/** The embedded signature (big-endian blobs): its CodeDirectory's flags, identifier and code limit. */
function codeSignature(b: Buffer, offset: number, size: number): MachO['signature'] {
  if (b.readUInt32BE(offset) !== CSMAGIC_EMBEDDED_SIGNATURE) return { offset, size, adhoc: false, identifier: '', codeLimit: 0 };
  const count = b.readUInt32BE(offset + 8);
  for (let i = 0; i < count; i++) {
    const blob = offset + b.readUInt32BE(offset + 12 + i * 8 + 4);
    if (b.readUInt32BE(blob) !== CSMAGIC_CODEDIRECTORY) continue;
    const flags = b.readUInt32BE(blob + 12);
    const identOffset = b.readUInt32BE(blob + 20);
    const identifier = b.toString('utf8', blob + identOffset, b.indexOf(0, blob + identOffset));
    return { offset, size, adhoc: (flags & CS_ADHOC) !== 0, identifier, codeLimit: b.readUInt32BE(blob + 32) };
  }
  return { offset, size, adhoc: false, identifier: '', codeLimit: 0 };
}

/** Node flips this fuse from :0 to :1 when it injects a single-executable blob. */
export function seaFuseBlown(b: Buffer): boolean {
  return b.includes('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1');
}
