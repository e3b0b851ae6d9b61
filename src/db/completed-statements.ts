/**
 * How many statements of a multi-statement script the server completed before the error that
 * stopped it, for the drivers that can tell (node-postgres counts the CommandComplete messages).
 * A failure the server gives no position for (a statement timeout, a lock timeout, a constraint
 * violation) then still names its statement, without running anything again.
 */
const completedBeforeError = new WeakMap<object, number>();

/** noteCompletedStatements records, on the error a script's run threw, how many of its statements completed. */
export function noteCompletedStatements(error: unknown, completed: number): void {
  if (typeof error === 'object' && error !== null) completedBeforeError.set(error, completed);
}

/** completedStatementsBefore is what noteCompletedStatements recorded on `error`, or null. */
export function completedStatementsBefore(error: unknown): number | null {
  return typeof error === 'object' && error !== null ? (completedBeforeError.get(error) ?? null) : null;
}
