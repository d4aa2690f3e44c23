// What vitest gives the plugin's modules for `kubectl-sg:tui-source`, which build.mjs provides to
// the real build (the TUI bundle's text beside the entry; src/presentation/tui/tui-source.d.ts).
// The in-process tests load command modules that can open the TUI (the pickers of set node) but
// never open it: a file that does not exist makes any attempt fail loudly.
export default { file: 'no-tui-in-process.js', hash: 'in-process' };
