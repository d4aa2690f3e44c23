// The CLI's bundled CommonJS text, provided by build.mjs (plugin embed-cli).
declare module 'kubectl-sg:cli-source' {
  const source: string;
  export default source;
}
