import type { CliIo } from './cli-io.js';

export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain = (text: string) => text;
const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

/** paintFor colours text only for a terminal, never with `--no-color` or `NO_COLOR` set. */
export function paintFor(io: CliIo, colorFlag: boolean): Paint {
  const enabled = colorFlag && io.isTty && !io.env.NO_COLOR;
  if (!enabled) return { red: plain, yellow: plain, green: plain, dim: plain, bold: plain };
  return { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}
