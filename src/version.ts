// Replaced at bundle time by build.mjs (esbuild `define`) from package.json; the fallback
// only shows when the sources are run unbundled.
declare const KUBECTL_SG_VERSION: string | undefined;

export const version: string = typeof KUBECTL_SG_VERSION === 'string' ? KUBECTL_SG_VERSION : '0.0.0-dev';
