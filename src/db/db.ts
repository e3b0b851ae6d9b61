/** Rows and count of one statement's result. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** DbSession runs SQL on one connection; inside `transaction` it is the transaction. */
export interface DbSession {
  /** query runs one statement with `$1`-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** exec runs a script of one or more statements with no parameters (simple protocol). */
  exec(sql: string): Promise<void>;
}

export type DbKind = 'pglite' | 'postgres';

export interface AdvisoryLockOptions {
  /** Called once when the lock is held by someone else and this call starts waiting. */
  onWait?: () => void;
}

/**
 * Db is the one database interface every layer uses: a single connection to embedded PGlite or
 * to a PostgreSQL server. Capabilities are data so callers never branch on the kind.
 */
export interface Db extends DbSession {
  readonly kind: DbKind;
  /** What this database is, safe to print: a redacted URL or `pglite:<dir>`. */
  readonly label: string;
  /** False for PGlite: one connection per database, so other processes cannot share it. */
  readonly supportsConcurrentConnections: boolean;
  /**
   * transaction runs `fn` in BEGIN/COMMIT; any throw rolls back and is rethrown.
   * Nested calls are not supported.
   */
  transaction<T>(fn: (tx: DbSession) => Promise<T>): Promise<T>;
  /**
   * withAdvisoryLock holds a session-level advisory lock for `key` while `fn` runs; a second
   * holder (another process, or another connection) waits until it is released.
   */
  withAdvisoryLock<T>(key: string, fn: () => Promise<T>, options?: AdvisoryLockOptions): Promise<T>;
  /** serverVersion is `server_version` (e.g. `18.4`, `17.5` for PGlite). */
  serverVersion(): Promise<string>;
  close(): Promise<void>;
}
