import type { SourcePosition } from '../errors/dbward-error.js';

/** MigrationFailure is why a run stopped: plain data the CLI renders and turns into exit 1. */
export interface MigrationFailure {
  service: string;
  id: number;
  file: string;
  /** A stable code: `sql-error`, `lock-timeout`, `no-down`, `module-invalid`, `file-missing`, ... */
  code: string;
  /** Starts with what was being done and where: `apply migrations/auth/0003_x.sql:4:12: ...`. */
  message: string;
  sqlState: string | null;
  /** Where in the file, when known; null for stored SQL and for failures without a statement. */
  position: SourcePosition | null;
  /** Attempts made (more than 1 after lock timeouts). */
  attempts: number;
  /**
   * Statements of a no-transaction migration that ran before the failure and stay committed
   * (its history row was not written or removed); 0 for every transactional migration.
   */
  statementsKept: number;
}
