import { createRequire } from 'node:module';
import type PgModule from 'pg';
import { DbwardError } from '../errors/dbward-error.js';
import { advisoryLockKey } from './advisory-lock-key.js';
import { noteCompletedStatements } from './completed-statements.js';
import { checkDatabaseUrl } from './database-url.js';
import type { AdvisoryLockOptions, Db, DbSession, QueryResult } from './db.js';
import { redactUrl, redactUrlsInText } from './redact-url.js';

/**
 * loadPg loads node-postgres. At load time pg asks whether it runs in a Cloudflare Worker; on
 * Node 20, which has no `navigator`, it finds out by constructing a fetch `Response`, which loads
 * Node's whole fetch implementation (undici): ~40 ms measured on every command that talks to a
 * server. A `navigator` saying it is not a Worker answers the question. It exists only while pg
 * loads, synchronously (pg is CommonJS), so no other code can see it.
 */
function loadPg(): typeof PgModule {
  const require = createRequire(import.meta.url);
  if ('navigator' in globalThis) return require('pg') as typeof PgModule;
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: 'Node.js' },
    configurable: true,
    writable: true,
  });
  try {
    return require('pg') as typeof PgModule;
  } finally {
    Reflect.deleteProperty(globalThis, 'navigator');
  }
}

const pg = loadPg();

export interface NodePostgresOptions {
  /** Connection attempts before giving up; a server that is starting gets a short, bounded retry. */
  connectAttempts?: number;
  /** Milliseconds for one connection attempt. */
  connectTimeoutMs?: number;
  applicationName?: string;
}

// Errors worth a retry while connecting: the server is starting up or not yet listening.
const TRANSIENT_CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P03', 'EAI_AGAIN']);

/**
 * openNodePostgresDb connects one node-postgres client to `url`. A URL that is not one dbward
 * accepts (see checkDatabaseUrl) is a `database-url-invalid` error, and a server that cannot be
 * reached after a short bounded retry a `database-unreachable` error, both exit 2 and naming the
 * redacted URL.
 */
export async function openNodePostgresDb(givenUrl: string, options: NodePostgresOptions = {}): Promise<Db> {
  const url = checkDatabaseUrl(givenUrl);
  const label = redactUrl(url);
  const attempts = options.connectAttempts ?? 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let client: PgModule.Client;
    try {
      client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
        application_name: options.applicationName ?? 'dbward',
      });
    } catch (error) {
      // node-postgres reads the URL here (and any sslcert/sslkey/sslrootcert file it names).
      throw new DbwardError(
        'database-url-invalid',
        `invalid database URL ${label}: ${redactUrlsInText(describe(error), url)}`,
        { exitCode: 2, cause: error },
      );
    }
    // An idle client whose server goes away emits 'error'; without a listener Node would crash.
    client.on('error', () => {});
    try {
      await client.connect();
      return wrapClient(client, label);
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !TRANSIENT_CONNECT_CODES.has(code) || attempt === attempts) break;
      await sleep(200 * 2 ** (attempt - 1));
    }
  }
  throw new DbwardError(
    'database-unreachable',
    `connect to ${label}: ${redactUrlsInText(describe(lastError), url)}`,
    {
      exitCode: 2,
      cause: lastError,
    },
  );
}

function wrapClient(client: PgModule.Client, label: string): Db {
  const session: DbSession = {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    exec: (sql: string) => execCountingStatements(client, sql),
  };
  let closed = false;
  return {
    ...session,
    kind: 'postgres',
    label,
    supportsConcurrentConnections: true,
    async transaction<T>(fn: (tx: DbSession) => Promise<T>): Promise<T> {
      await client.query('BEGIN');
      try {
        const result = await fn(session);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
    async withAdvisoryLock<T>(name: string, fn: () => Promise<T>, lockOptions: AdvisoryLockOptions = {}) {
      const key = advisoryLockKey(name);
      const tried = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [key],
      );
      if (!tried.rows[0]?.locked) {
        lockOptions.onWait?.();
        await waitForAdvisoryLock(client, key);
      }
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => {});
      }
    },
    async serverVersion() {
      const result = await client.query<{ server_version: string }>('SHOW server_version');
      return result.rows[0]?.server_version ?? 'unknown';
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.end().catch(() => {});
    },
  };
}

/**
 * waitForAdvisoryLock waits, however long the holder takes, for a session-level advisory lock. A
 * lock_timeout or statement_timeout set for the role or database (common for applications)
 * would otherwise end the wait with an error, failing the deploy that only had to wait its turn;
 * `SET LOCAL` keeps the change to this wait. The lock outlives the transaction (session level).
 */
async function waitForAdvisoryLock(client: PgModule.Client, key: string): Promise<void> {
  try {
    await client.query('BEGIN; SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The one handler of pg's Query that execCountingStatements wraps (not in pg's published types). */
interface CommandCompleteHandler {
  handleCommandComplete(message: unknown, connection: unknown): void;
}

/**
 * execCountingStatements runs a script in one simple-protocol message, counting the statements the
 * server completes (one CommandComplete each), and on failure notes on the error how many
 * completed before it: the failing statement is the next one.
 */
function execCountingStatements(client: PgModule.Client, sql: string): Promise<void> {
  const query = new pg.Query(sql);
  const handler = query as unknown as CommandCompleteHandler;
  const handleCommandComplete = handler.handleCommandComplete.bind(query);
  let completed = 0;
  handler.handleCommandComplete = (message, connection) => {
    completed++;
    handleCommandComplete(message, connection);
  };
  return new Promise((resolve, reject) => {
    query.on('end', () => resolve());
    query.on('error', (error: unknown) => {
      noteCompletedStatements(error, completed);
      reject(error);
    });
    client.query(query);
  });
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
