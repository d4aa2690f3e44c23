// The hash of the CLI's bundled CommonJS text, provided by build.mjs (plugin embed-cli). The text
// itself, one function expression `(function (exports, require, module, importMetaUrl) {...})`,
// lies beside the entry (dist/sg-cli.js), or in a single executable's assets.
declare module 'kubectl-sg:cli-source' {
  /** 16 hex digits of the text's SHA-256: names the code cache made from it. */
  export const cliHash: string;
}
