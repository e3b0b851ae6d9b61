import type { Command } from 'commander';
import type { LoadConfigOptions } from '../config/load-config.js';

export type OutputFormat = 'text' | 'json';

/** Formats only reporting commands take (review): SARIF for code scanning, GitHub annotations. */
export type ReportFormat = OutputFormat | 'sarif' | 'github';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'github'];

/** Commands that accept the report formats beyond text and json; the others reject them. */
export const REPORT_FORMAT_COMMANDS: ReadonlySet<string> = new Set(['review']);

/** GlobalOptions are the flags every command takes. */
export interface GlobalOptions {
  config?: string;
  databaseUrl?: string;
  format: OutputFormat;
  /** The `--format` as given, for commands in REPORT_FORMAT_COMMANDS. */
  reportFormat: ReportFormat;
  cwd?: string;
  color: boolean;
}

/** globalOptionsOf reads the global flags seen by a subcommand. */
export function globalOptionsOf(command: Command): GlobalOptions {
  const all = command.optsWithGlobals<Partial<Omit<GlobalOptions, 'format'>> & { format?: string }>();
  return {
    config: all.config,
    databaseUrl: all.databaseUrl,
    format: all.format === 'json' ? 'json' : 'text',
    reportFormat: REPORT_FORMATS.find((format) => format === all.format) ?? 'text',
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
