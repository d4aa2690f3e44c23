// A progress line on stderr for long runs. On a terminal one line rewritten in place (at most
// ten times a second); in a log (not a TTY) a plain line every 10% or 10 seconds, so CI logs
// show progress without thousands of lines.
export interface ProgressCounts {
  done: number;
  failed: number;
  total: number;
  /** e.g. "toggling 12", shown after the counts. */
  detail?: string;
}

export class ProgressLine {
  private readonly out: NodeJS.WriteStream;
  private readonly label: string;
  private lastDraw = 0;
  private lastLoggedTenth = -1;
  private shown = false;

  constructor(label: string, out: NodeJS.WriteStream = process.stderr) {
    this.label = label;
    this.out = out;
  }

  update(c: ProgressCounts, force = false): void {
    const now = Date.now();
    const text = `${this.label}: ${c.done}/${c.total} done${c.failed ? `, ${c.failed} failed` : ''}${c.detail ? `, ${c.detail}` : ''}`;
    if (this.out.isTTY) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.out.write(`\r\x1b[2K${text.slice(0, (this.out.columns || 100) - 1)}`);
      this.shown = true;
      return;
    }
    const tenth = c.total === 0 ? 10 : Math.floor((c.done * 10) / c.total);
    if (!force && tenth === this.lastLoggedTenth && now - this.lastDraw < 10_000) return;
    this.lastLoggedTenth = tenth;
    this.lastDraw = now;
    this.out.write(`${text}\n`);
  }

  /** Clears the line on a terminal so that what follows starts clean. */
  end(): void {
    if (this.out.isTTY && this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
