import { type PgErrorDetails, pgErrorDetails } from '../db/pg-error-details.js';
import { codePointToCharOffset } from './utf8-offsets.js';

/**
 * SqlRunError is a failure of SQL from a migration, with the JS index of the failing spot in the
 * source's SQL when it could be found. Internal: the runner turns it into a MigrationFailure.
 */
export class SqlRunError extends Error {
  readonly details: PgErrorDetails | null;
  readonly offset: number | null;
  /**
   * Statements that ran to completion before the failure when they ran one at a time (a
   * no-transaction migration keeps them); null when unknown or sent as one transaction.
   */
  readonly statementsDone: number | null;
  /**
   * A no-transaction rollback that failed part way whose stored down SQL now starts at the failed
   * statement: the next `down` continues there.
   */
  readonly continuesNextTime: boolean;

  constructor(
    cause: unknown,
    offset: number | null,
    statementsDone: number | null = null,
    continuesNextTime = false,
  ) {
    const details = pgErrorDetails(cause);
    super(details?.message ?? (cause instanceof Error ? cause.message : String(cause)), { cause });
    this.name = 'SqlRunError';
    this.details = details;
    this.offset = offset;
    this.statementsDone = statementsDone;
    this.continuesNextTime = continuesNextTime;
  }
}

/**
 * positionInText maps a server error position (1-based, in code points of the text sent) to a JS
 * index of `text`, which started `start` code points into what was sent; null when outside it.
 */
export function positionInText(
  position: number | null,
  text: string,
  start: number,
  length: number,
): number | null {
  if (position === null || !Number.isFinite(position)) return null;
  const inText = position - 1 - start;
  if (inText < 0 || inText >= length) return null;
  return codePointToCharOffset(text, inText);
}
