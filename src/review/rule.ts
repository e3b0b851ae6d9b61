import type { Catalog } from '../catalog/catalog-model.js';
import type { MigrationFile, MigrationStatement } from '../migrations/migration-file-types.js';

/** The contract between the review engine and its rules. A rule never throws and never does I/O. */

export type Severity = 'error' | 'warning';

export interface ServiceRef {
  name: string;
  schema: string;
}

/** What a rule knows about the migration a statement belongs to. */
export interface MigrationContext {
  file: MigrationFile;
  service: ServiceRef;
  /** Every configured service (to tell another service's schema from an unknown one). */
  services: readonly ServiceRef[];
  /**
   * The estate before this migration: the service's earlier migrations (and the other services'
   * migrations) replayed on a shadow database and introspected.
   */
  before: Catalog;
  /** Rows above which a table counts as large (`review.largeTableRows`). */
  largeTableRows: number;
  /**
   * The target database's row estimate for a table; -1 when the table exists there but was never
   * analyzed; null when the target does not have it or is unreachable.
   */
  liveRowEstimate(schema: string, table: string): number | null;
}

/** A table's schema and name, unquoted. */
export interface TableName {
  schema: string;
  name: string;
}

/**
 * Follows the renames made by earlier statements of the same section (`ALTER TABLE ... RENAME
 * TO`, `RENAME COLUMN`, `SET SCHEMA`) back to the names before the migration: the names `before`,
 * the row estimates and the data checks (the target database, where the migration has not run)
 * know. A name nothing renamed is its own name before; see src/review/ast/names-before.ts.
 */
export interface NamesBeforeMigration {
  /**
   * The table that `table` names at this statement, by its name before the migration; null when
   * that name holds no table from before the migration (created in it, or its table was renamed
   * away or dropped earlier).
   */
  table(table: TableName): TableName | null;
  /**
   * A column of `table` at this statement, by its table's and its own name before the migration;
   * null when it is not a column from before the migration (added in it, or renamed away or
   * dropped earlier, or its table is null for `table()`).
   */
  column(table: TableName, column: string): { table: TableName; column: string } | null;
}

/** What a rule knows about one statement. */
export interface StatementContext extends MigrationContext {
  statement: MigrationStatement;
  /** Index of the statement in its section. */
  index: number;
  section: 'up' | 'down';
  /** False when the file has `-- dbward:no-transaction` (or dbmate's `transaction:false`). */
  inTransaction: boolean;
  /** `schema.table` of tables created by earlier statements of this same migration. */
  createdInMigration: ReadonlySet<string>;
  /** The schema an unqualified name resolves to: the service's own (search_path is set to it). */
  resolveSchema(schemaName: string | undefined | null): string;
  /** The names tables and columns had before this migration, following earlier renames. */
  namesBefore: NamesBeforeMigration;
}

/** A data check the engine runs on the target database when it is reachable (issue: verified review). */
export type DataCheck =
  | {
      kind: 'backup-exists';
      /** The table losing data, by its name on the target database (before the migration). */
      schema: string;
      table: string;
      /** The directive's table as written (`archive.<name>`; see src/review/verify-backup.ts). */
      backupTable: string;
      /**
       * DROP COLUMN: the dropped columns, which the backup must hold with the table's primary
       * key. Absent for DROP TABLE: the backup must hold every column of the table.
       */
      columns?: string[];
    }
  | {
      kind: 'narrowing';
      schema: string;
      table: string;
      column: string;
      newType: string;
      /**
       * True when the migration converts with an explicit cast (`USING column::newtype`), which
       * cuts a value too long for `varchar(n)`, `char(n)` or `bit varying(n)` where the plain
       * ALTER (an assignment) fails on it.
       */
      explicitCast?: boolean;
    };

export interface RuleViolation {
  message: string;
  /** The safe way to do the same change, in one or two sentences. */
  help: string;
  /** Character offset inside `statement.sql` where the caret goes; default 0. */
  offset?: number;
  /** Overrides the rule's severity for this violation (e.g. raised on a large table). */
  severity?: Severity;
  /** What the violation is about, e.g. `auth.users` (isolation output names it). */
  target?: string;
  /** Checks against real data that may confirm, lower or clear the violation. */
  dataChecks?: DataCheck[];
}

export interface Rule {
  /** Kebab-case id that reads as what it catches; its page is `docs/rules/<id>.md`. */
  id: string;
  defaultSeverity: Severity;
  /** One line for the docs index and `--help`. */
  summary: string;
  /** Sections whose statements this rule sees; default only `up`. */
  sections?: readonly ('up' | 'down')[];
  checkStatement?(context: StatementContext): RuleViolation[];
  /** For rules about the file as a whole (e.g. `missing-down`). */
  checkFile?(context: MigrationContext): RuleViolation[];
}
