// The TUI bundle, provided by build.mjs (plugin embed-tui): the name of its CommonJS text beside
// the entry, one function expression `(function (exports, require, module) {...})` whose exports
// are ./index.ts's, with a hash of it (adapters/local/side-bundle.ts).
declare module 'kubectl-sg:tui-source' {
  const bundle: { file: string; hash: string };
  export default bundle;
}
