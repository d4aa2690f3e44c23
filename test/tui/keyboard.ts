// The keyboard Ink reads in the TUI's tests and its bench. A file of its own, without Ink: the
// bench loads Ink only after it has chosen React's production build (test/bench/tui.ts).
import { EventEmitter } from 'node:events';

/** The keyboard Ink reads: a terminal in raw mode, each write one chunk of keys. */
export class Keyboard extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  write(keys: string): void {
    this.pending = keys;
    this.emit('readable');
  }
  read = (): string | null => {
    const keys = this.pending;
    this.pending = null;
    return keys;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}
