import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { CliIo } from './cli-io.js';
import { configOptionsOf, type GlobalOptions, globalOptionsOf } from './global-options.js';
import { type Paint, paintFor } from './paint.js';

/** CommandContext is what a command's action gets: flags, output, and the config on demand. */
export interface CommandContext {
  options: GlobalOptions;
  io: CliIo;
  paint: Paint;
  loadConfig(): Promise<ResolvedConfig>;
  /** printJson writes one JSON document to stdout (`--format json`). */
  printJson(value: unknown): void;
  print(line?: string): void;
  warn(line: string): void;
}

export function commandContext(command: Command, io: CliIo): CommandContext {
  const options = globalOptionsOf(command);
  const paint = paintFor(io, options.color);
  return {
    options,
    io,
    paint,
    // Loaded on demand: the loader brings zod and jiti, which --help, init and new never need.
    loadConfig: async () => {
      const { loadConfig } = await import('../config/load-config.js');
      return loadConfig(configOptionsOf(options, io.env));
    },
    printJson: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    print: (line = '') => io.stdout(`${line}\n`),
    warn: (line) => io.stderr(`${paint.yellow('warning:')} ${line}\n`),
  };
}

/** CommandAction is a command body; it returns the exit code. */
export type CommandAction = (context: CommandContext, args: unknown[]) => Promise<number>;
