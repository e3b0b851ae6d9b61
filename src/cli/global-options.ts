import type { Command } from 'commander';
import type { LoadConfigOptions } from '../config/load-config.js';

export type OutputFormat = 'text' | 'json';

/** GlobalOptions are the flags every command takes. */
export interface GlobalOptions {
  config?: string;
  databaseUrl?: string;
  format: OutputFormat;
  cwd?: string;
  color: boolean;
}

/** globalOptionsOf reads the global flags seen by a subcommand. */
export function globalOptionsOf(command: Command): GlobalOptions {
  const all = command.optsWithGlobals<Partial<GlobalOptions>>();
  return {
    config: all.config,
    databaseUrl: all.databaseUrl,
    format: all.format === 'json' ? 'json' : 'text',
    cwd: all.cwd,
    color: all.color !== false,
  };
}

/** configOptionsOf turns the global flags into what loadConfig takes. */
export function configOptionsOf(
  options: GlobalOptions,
  env: Record<string, string | undefined>,
): LoadConfigOptions {
  return {
    cwd: options.cwd ?? process.cwd(),
    configFile: options.config,
    databaseUrl: options.databaseUrl,
    env,
  };
}
