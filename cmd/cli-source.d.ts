// The CLI's bundled CommonJS text, provided by build.mjs (plugin embed-cli): one function
// expression `(function (exports, require, module, importMetaUrl) {...})`, and a hash of it.
declare module 'kubectl-sg:cli-source' {
  const source: string;
  export default source;
  /** 16 hex digits of the source's SHA-256: names the code cache made from it. */
  export const cliHash: string;
}
