// The TUI bundle's CommonJS text, provided by build.mjs (plugin embed-tui): one function
// expression `(function (exports, require, module) {...})` whose exports are ./index.ts's,
// brotli-compressed and base64-encoded, with a hash of it (adapters/local/packed-bundle.ts).
declare module 'kubectl-sg:tui-source' {
  const bundle: { packed: string; hash: string };
  export default bundle;
}
