// zsh for the completion e2e: the machine's, when installed; else Debian's packages (zsh and
// its functions, zsh-common) unpacked into the build cache (debian-package.ts). An unpacked zsh
// looks for its modules and functions where the package would have put them, so the rc file
// names where they are instead (module_path, fpath).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedDebianPackages } from './debian-package.ts';

const SYSTEM = ['/usr/bin/zsh', '/bin/zsh'];

export interface Zsh {
  bin: string;
  /** Lines the rc file starts with before compinit. */
  rc: string[];
}

/** Every directory under dir, dir included. */
function directories(dir: string): string[] {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => directories(join(dir, e.name)))];
}

export async function zsh(): Promise<Zsh> {
  const system = SYSTEM.find((p) => existsSync(p));
  if (system) return { bin: system, rc: [] };
  const root = await unpackedDebianPackages('zsh', ['zsh', 'zsh-common'], 'apt-get install zsh');
  // zsh/complete.so's directory, under usr/lib/<multiarch>/zsh/<version>/.
  const modules = directories(join(root, 'usr', 'lib')).find((d) => existsSync(join(d, 'zsh', 'complete.so')));
  if (!modules) throw new Error(`Debian's zsh unpacked in ${root} has no zsh/complete.so`);
  return {
    bin: join(root, 'bin', 'zsh'),
    rc: [`module_path=(${modules})`, `fpath=(${directories(join(root, 'usr', 'share', 'zsh', 'functions')).join(' ')})`],
  };
}
