// Colour only for a person at a terminal: never when stdout is a pipe or a file, never with
// NO_COLOR (https://no-color.org), always with FORCE_COLOR (for tests of the coloured form).

export interface Palette {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/** The SGR parameters (ECMA-48) of the styles the plugin draws: here, and in the TUI's frames. */
export const SGR = { bold: 1, dim: 2, inverse: 7, red: 31, green: 32, yellow: 33, blue: 34, cyan: 36 } as const;

const plain: Palette = { green: (s) => s, yellow: (s) => s, red: (s) => s, dim: (s) => s, bold: (s) => s };
const sgr = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const ansi: Palette = { green: sgr(SGR.green), yellow: sgr(SGR.yellow), red: sgr(SGR.red), dim: sgr(SGR.dim), bold: sgr(SGR.bold) };

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  return colorEnabled(stream, env) ? ansi : plain;
}

/** Width on screen, ignoring colour escapes, so that coloured cells still align. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
