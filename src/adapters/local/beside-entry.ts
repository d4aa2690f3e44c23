// The texts that build.mjs writes beside the entry (dist/kubectl-sg): the CLI (sg-cli.js), the
// TUI (sg-tui.js) and the Alibaba SDK's modules (sg-alibaba-sdk.js). A single executable carries
// them as assets under the same names (cmd/release/single-executable.ts). Files, not strings
// inside the CLI: a command reads only the texts it runs, and nothing is unpacked.

/** `entryUrl`: the entry's own URL (the CLI is handed it as importMetaUrl). */
export function readBesideEntry(file: string, entryUrl: string): string {
  // Built-ins as CommonJS objects: the entry bundles this module (cmd/kubectl-sg.ts says why).
  const sea = process.getBuiltinModule('node:sea');
  return sea.isSea() ? sea.getAsset(file, 'utf8') : process.getBuiltinModule('node:fs').readFileSync(new URL(`./${file}`, entryUrl), 'utf8');
}
