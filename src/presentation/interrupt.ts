// Ctrl-C and SIGTERM become an AbortSignal that the operation watches: it stops starting new
// work, restores what is in flight, and returns; the verb then exits 130. A second signal says
// what is still being restored; a third exits at once, leaving the run's journal for --resume.
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>, out: NodeJS.WriteStream = process.stderr): Promise<T> {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    count += 1;
    if (count === 1) {
      out.write(`\n${sig}: stopping; restoring the nodes in flight (press Ctrl-C twice more to exit at once)\n`);
      controller.abort(new Error(sig));
    } else if (count === 2) {
      out.write(`${sig}: still restoring; once more exits now and leaves the run to kubectl sg resync --resume\n`);
    } else {
      out.write(`${sig}: exiting; run kubectl sg resync --resume to finish or restore the nodes of this run\n`);
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
