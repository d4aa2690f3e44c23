// The TUI bundle's entry (build.mjs, plugin embed-tui): what the CLI may call once it has loaded the bundle
// with load.ts. Everything reachable from here is Ink, React and pure code: no API client.
export { openApp, type Closed, type OpenOptions } from './open-app.ts';
