// kubectl's bash completion needs the bash-completion package (kubectl's install docs say so:
// its script calls _get_comp_words_by_ref). The machine's, when installed; else Debian's
// package, unpacked into the build cache (debian-package.ts), as a user following kubectl's
// docs would have it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { unpackedDebianPackages } from './debian-package.ts';

const SYSTEM = '/usr/share/bash-completion/bash_completion';

export async function bashCompletionScript(): Promise<string> {
  if (existsSync(SYSTEM)) return SYSTEM;
  return join(await unpackedDebianPackages('bash-completion', ['bash-completion'], 'apt-get install bash-completion'), 'usr', 'share', 'bash-completion', 'bash_completion');
}
