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
  /** The target database's row estimate for a table, or null when unknown or unreachable. */
  liveRowEstimate(schema: string, table: string): number | null;
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
}

/** A data check the engine runs on the target database when it is reachable (issue: verified review). */
export type DataCheck =
  | { kind: 'backup-exists'; schema: string; table: string; backupTable: string }
  | { kind: 'narrowing'; schema: string; table: string; column: string; newType: string };

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
