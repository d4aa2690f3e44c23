// Ctrl-C and SIGTERM become an AbortSignal that the operation watches: it stops starting new
// work, restores or finishes what is in flight, and returns; the verb then exits 130. A second
// signal says it is still stopping; a third exits at once, saying what that leaves behind.
export async function withInterrupt<T>(
  work: (signal: AbortSignal) => Promise<T>,
  /** What stopping means for this verb (first signal), and what is left when it is cut short (third). */
  say: { stopping: string; exiting: string },
  out: NodeJS.WriteStream = process.stderr,
): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count += 1;
    if (count === 1) {
      out.write(`\n${sig}: ${say.stopping} (press Ctrl-C twice more to exit at once)\n`);
      controller.abort(new Error(sig));
    } else if (count === 2) {
      out.write(`${sig}: still stopping; once more exits now\n`);
    } else {
      out.write(`${sig}: exiting now; ${say.exiting}\n`);
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
