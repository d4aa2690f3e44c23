// How an emulator process (main.ts) ends: on SIGTERM or SIGINT it closes its servers and exits
// 0; if closing hangs (a client holding a connection), it exits anyway after 3 seconds.

export function stopOnSignals(name: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${name}: ${signal}, stopping`);
    const force = setTimeout(() => process.exit(0), 3_000);
    force.unref();
    close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
