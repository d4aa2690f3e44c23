// The log of API calls an emulator answered (GET/DELETE /_sandbox/calls): benches count cloud
// calls with it, tests check who called what. Each emulator defines its record shape.

export class CallLog<R> {
  private entries: R[] = [];
  add(r: R): void {
    this.entries.push(r);
  }
  list(): R[] {
    return this.entries.slice();
  }
  clear(): void {
    this.entries = [];
  }
}
