/** Where in a user's file a problem is; line and column are 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Exit code a failure maps to: 1 a failed operation, 2 bad usage, bad config or no database. */
export type ExitCode = 1 | 2;

export interface DbwardErrorOptions {
  cause?: unknown;
  exitCode?: ExitCode;
  position?: SourcePosition;
  /** SQLSTATE of the Postgres error behind this one, when there is one. */
  sqlState?: string;
  hint?: string;
  /** Plain data for `--format json` beside code and message (e.g. the findings that blocked `up`). */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * DbwardError is every failure dbward reports to a user: a stable `code` (for scripts and docs),
 * a message that starts with what was being done, and the exit code the CLI should use.
 * A user error never prints a stack; `cause` is kept for debugging.
 */
export class DbwardError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly position: SourcePosition | undefined;
  readonly sqlState: string | undefined;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: DbwardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DbwardError';
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
    this.position = options.position;
    this.sqlState = options.sqlState;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** isDbwardError narrows an unknown thrown value. */
export function isDbwardError(value: unknown): value is DbwardError {
  return value instanceof DbwardError;
}

/** formatPosition renders `file:line:column`, the form editors and CI annotations understand. */
export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}
