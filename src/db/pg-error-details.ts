/** What dbward reports of a Postgres error: the same fields for node-postgres and PGlite. */
export interface PgErrorDetails {
  /** SQLSTATE, e.g. `42P01`. */
  sqlState: string;
  message: string;
  /** 1-based character position in the statement text the server was sent, when known. */
  position: number | null;
  detail: string | null;
  hint: string | null;
}

/** pgErrorDetails reads a thrown value as a Postgres error, or returns null when it is not one. */
export function pgErrorDetails(error: unknown): PgErrorDetails | null {
  if (typeof error !== 'object' || error === null) return null;
  const fields = error as Record<string, unknown>;
  const code = fields.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const position = fields.position;
  return {
    sqlState: code,
    message: typeof fields.message === 'string' ? fields.message : String(error),
    position: typeof position === 'string' || typeof position === 'number' ? Number(position) : null,
    detail: typeof fields.detail === 'string' ? fields.detail : null,
    hint: typeof fields.hint === 'string' ? fields.hint : null,
  };
}
