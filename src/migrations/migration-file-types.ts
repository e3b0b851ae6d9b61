import type { Node } from 'libpg-query';

/**
 * Types of a parsed migration file. Offsets are 0-based character offsets into the whole file;
 * lines and columns are 1-based, so a problem can be shown as `file:line:column`.
 */

export type DirectiveKind = 'no-transaction' | 'allow' | 'breaking' | 'backup';

export interface MigrationDirective {
  kind: DirectiveKind;
  /** For `allow`: the rule id acknowledged. */
  rule: string | null;
  /** The `reason="..."` text; null when absent, '' when empty. */
  reason: string | null;
  /** For `backup`: the archive table named (`archive.auth__sessions__20261122`). */
  target: string | null;
  line: number;
  column: number;
  /** The whole comment text, for messages. */
  text: string;
}

export interface MigrationStatement {
  /** The statement's text exactly as in the file, without the trailing semicolon. */
  sql: string;
  /** Offset of the statement's first character (after leading comments and blanks). */
  offset: number;
  line: number;
  column: number;
  /** The statement's parse tree from libpg-query (`stmts[i].stmt`). */
  ast: Node;
  /** Directives (`allow`, `backup`) written on the comment lines just before this statement. */
  directives: MigrationDirective[];
}

export interface MigrationSection {
  /** The section's text from after its marker line to the next marker or end of file. */
  sql: string;
  /** Offset of `sql` in the file. */
  offset: number;
  /** Line of the marker comment. */
  line: number;
  statements: MigrationStatement[];
}

/** A problem found while reading a file: a missing up marker, a bad directive, a syntax error. */
export interface MigrationFileProblem {
  code:
    | 'missing-up'
    | 'unknown-directive'
    | 'bad-directive'
    | 'syntax-error'
    | 'bad-file-name'
    | 'transaction-control'
    | 'copy-from-stdin'
    | 'invalid-utf8'
    | 'load-failed';
  message: string;
  line: number;
  column: number;
}

export interface MigrationFile {
  /** Numeric prefix of the file name (`0003_add_x.sql` -> 3). */
  id: number;
  /** The prefix as written (`0003`), kept for messages and for `new`. */
  idText: string;
  /** File name without prefix and extension (`add_x`). */
  name: string;
  /** Path relative to the project root, with `/`, for messages. */
  path: string;
  absolutePath: string;
  format: 'sql' | 'ts';
  /** sha256 hex of the file's bytes. */
  checksum: string;
  /** First comment line before the up marker (`-- Add users table`), or null. */
  description: string | null;
  /** Null for TS migrations and for SQL files with no up marker (then `problems` says so). */
  up: MigrationSection | null;
  down: MigrationSection | null;
  /** All directives in the file; statement-level ones also appear on their statement. */
  directives: MigrationDirective[];
  /** `-- dbward:no-transaction` present. */
  noTransaction: boolean;
  /** `-- dbward:breaking reason="..."` present (reason kept in the directive). */
  breaking: boolean;
  problems: MigrationFileProblem[];
  /** The file's full text (SQL files); kept so positions can be rendered with the source line. */
  text: string;
}
