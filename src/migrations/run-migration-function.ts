import type { DbSession, QueryResult } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';

/**
 * A promise that notes whether anyone looked at it: `await`, `.then`, `.catch`, `.finally` and
 * `Promise.all` all call its `then` (await calls it for any promise whose class is not Promise).
 */
class WatchedPromise<T> extends Promise<T> {
  static override get [Symbol.species]() {
    return Promise;
  }
  observed = false;
  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass overrides then to see it used
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.observed = true;
    return super.then(onFulfilled, onRejected);
  }
}

interface Call {
  promise: WatchedPromise<unknown>;
  failed: boolean;
  error: unknown;
}

/**
 * runMigrationFunction runs a TypeScript migration's `up` or `down` with a handle on `tx` that
 * keeps every call made on it:
 * - the calls run one after another in the order they were made (node-postgres refuses
 *   concurrent queries on one connection), awaited or not;
 * - once the function has returned (or thrown), every call is waited for before the transaction
 *   ends, and the handle is closed: a later call fails without running;
 * - a call that failed and that the migration never awaited (a forgotten `await`) fails the
 *   migration with its error (the first such one), and never escapes as an unhandled rejection.
 *   Only when the function threw after seeing an earlier failure does its own error stand.
 */
export async function runMigrationFunction(
  tx: DbSession,
  fn: (db: DbSession) => Promise<void> | void,
): Promise<void> {
  const calls: Call[] = [];
  let last: Promise<unknown> = Promise.resolve();
  let closed = false;
  const track = <T>(run: () => Promise<T>): Promise<T> => {
    if (closed) {
      const late = Promise.reject<T>(
        new DbwardError(
          'migration-db-closed',
          'a TypeScript migration used its db handle after its function returned (a call not awaited?); the call did not run',
        ),
      );
      late.catch(() => {});
      return late;
    }
    const started = last.then(run);
    const promise = new WatchedPromise<T>((resolve, reject) => {
      started.then(resolve, reject);
    });
    // Handled here, so a call nobody awaits cannot crash the process; `observed` stays false.
    Promise.prototype.then.call(promise, undefined, () => {});
    const call: Call = { promise: promise as WatchedPromise<unknown>, failed: false, error: undefined };
    calls.push(call);
    last = started.catch((error: unknown) => {
      call.failed = true;
      call.error = error;
    });
    return promise;
  };
  const db: DbSession = {
    query: <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> =>
      track(() => tx.query<Row>(sql, params)),
    exec: (sql: string): Promise<void> => track(() => tx.exec(sql)),
  };

  let thrown: { error: unknown } | null = null;
  try {
    await fn(db);
  } catch (error) {
    thrown = { error };
  }
  // A call chained on an unawaited one (`db.exec(a).then(() => db.exec(b))`) is made when that
  // one settles: wait until a turn of the event loop adds none.
  for (let tail = null as Promise<unknown> | null; tail !== last; ) {
    tail = last;
    await tail;
    await new Promise((resolve) => setImmediate(resolve));
  }
  closed = true;

  const firstFailure = calls.find((call) => call.failed);
  const unseen = calls.find((call) => call.failed && !call.promise.observed);
  if (unseen !== undefined && (thrown === null || unseen === firstFailure)) throw unseen.error;
  if (thrown !== null) throw thrown.error;
}
