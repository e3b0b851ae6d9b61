import type { DbSession } from '../db/db.js';
import { pgErrorDetails } from '../db/pg-error-details.js';
import { escapeIdentifier } from '../db/sql-quoting.js';
import { DbwardError } from '../errors/dbward-error.js';
import { rowSecurityRefusal, withRowSecurityOff } from './backup-table.js';
import { type LiveColumn, readLiveTableShape } from './live-table-shape.js';
import { parseSqlTypeText, type SqlTypeText } from './sql-type-text.js';

export interface CountNarrowingOptions {
  schema: string;
  table: string;
  column: string;
  /** The type the column is altered to, as written in the migration (`varchar(50)`, `int4`, `date`). */
  newType: string;
  /**
   * True when the migration converts with an explicit cast (`USING column::newtype`): a value too
   * long for `varchar(n)`, `char(n)` or `bit varying(n)` is then cut (counted as truncating)
   * instead of making the ALTER fail (counted as failing), as a plain ALTER does.
   */
  explicitCast?: boolean;
  /** How many example rows to return; default 5. */
  sampleKeys?: number;
  /**
   * Check text input row by row in PL/pgSQL even where `pg_input_is_valid` exists (it is what
   * servers before PostgreSQL 16 get); for tests of that path on every server.
   */
  forceCastPerRow?: boolean;
}

/**
 * How the rows were judged. `none`: the new type holds every value of the old one (varchar(n) to
 * text, numeric(p,s) to numeric), so there was nothing to count and no row can be lost.
 */
export type NarrowingMethod =
  | 'none'
  | 'length-check'
  | 'integer-range-check'
  | 'numeric-precision-check'
  | 'pg_input_is_valid'
  | 'cast-per-row';

export interface NarrowingExample {
  /** The row's primary key as text (a tuple `(a,b)` for a composite key; the ctid without one). */
  key: string;
  /** The value, cut at 100 characters. */
  value: string;
}

export interface NarrowingCount {
  /** Rows whose value cannot be converted at all (out of range, not a valid input). */
  failing: number;
  /** Rows whose value converts but changes: cut to length, rounded, a timestamp losing its time. */
  truncating: number;
  examples: NarrowingExample[];
  method: NarrowingMethod;
  /** The column's type now, and the new type, as the server prints them. */
  fromType: string;
  toType: string;
}

/** An SQL expression yielding 'fails', 'changes' or NULL for each row, over column reference `c`. */
interface OutcomePlan {
  method: NarrowingMethod;
  outcome: (c: string) => string;
  params: unknown[];
  needsCastFunction: boolean;
}

const INTEGER_RANGES: Record<string, [string, string]> = {
  int2: ['-32768', '32767'],
  int4: ['-2147483648', '2147483647'],
  int8: ['-9223372036854775808', '9223372036854775807'],
};
const NUMERIC_SOURCES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);
const LENGTH_LIMITED = new Set(['varchar', 'bpchar']);
const STRING_CATEGORY = 'S';
const BIT_STRING_CATEGORY = 'V';
const EXAMPLE_VALUE_CHARS = 100;

// Forward cast first (does it convert at all?), then the round trip back to the old type (does the
// value survive?). Each EXECUTE runs in its own subtransaction, so one bad row does not abort the scan.
const CAST_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION pg_temp.dbward_cast_outcome(value anyelement, new_type text, old_type text)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  changed boolean;
BEGIN
  BEGIN
    EXECUTE format('SELECT $1::%s', new_type) USING value;
  EXCEPTION WHEN others THEN
    RETURN 'fails';
  END;
  IF old_type IS NULL THEN
    RETURN NULL;
  END IF;
  BEGIN
    EXECUTE format('SELECT ($1::%s)::%s IS DISTINCT FROM $1', new_type, old_type) INTO changed USING value;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END;
  RETURN CASE WHEN changed THEN 'changes' END;
END
$fn$`;

const DROP_CAST_FUNCTION_SQL = 'DROP FUNCTION IF EXISTS pg_temp.dbward_cast_outcome(anyelement, text, text)';

/**
 * countNarrowingFailures counts the rows of a live table that an `ALTER COLUMN ... TYPE` would
 * break: values that cannot be converted (`failing`) and values that would be cut or rounded
 * (`truncating`), with a few example keys. Common narrowings are one set-based scan; text to
 * another type uses `pg_input_is_valid` (PostgreSQL 16+) or a per-row cast in PL/pgSQL; other
 * conversions are cast per row and compared after a round trip. It runs in a transaction with
 * row-level security off (pass a Db, or a session in a transaction).
 */
export async function countNarrowingFailures(
  db: DbSession,
  options: CountNarrowingOptions,
): Promise<NarrowingCount> {
  const where = `${options.schema}.${options.table}.${options.column}`;
  const action = `count rows of ${where} that do not fit ${options.newType}`;
  const newType = await parseSqlTypeText(options.newType);
  if (newType === null) {
    throw new DbwardError('invalid-type-name', `${action}: "${options.newType}" is not a type name`, {
      exitCode: 2,
    });
  }
  try {
    // With row-level security off a role that policies apply to gets an error instead of
    // counting only the rows it may see (which could lower the finding on a false "no row").
    return await withRowSecurityOff(db, (tx) => countRows(tx, action, options, newType));
  } catch (error) {
    const refused = rowSecurityRefusal(action, `${options.schema}.${options.table}`, 'count', error);
    if (refused !== null) throw refused;
    const details = pgErrorDetails(error);
    if (details === null) throw error;
    throw new DbwardError('narrowing-check-failed', `${action}: ${details.sqlState} ${details.message}`, {
      sqlState: details.sqlState,
      cause: error,
    });
  }
}

async function countRows(
  db: DbSession,
  action: string,
  options: CountNarrowingOptions,
  written: SqlTypeText,
): Promise<NarrowingCount> {
  const shape = await readLiveTableShape(db, options.schema, options.table);
  if (shape === null) {
    throw new DbwardError(
      'table-not-found',
      `${action}: table ${options.schema}.${options.table} does not exist`,
    );
  }
  const column = shape.columns.find((c) => c.name === options.column);
  if (column === undefined) {
    throw new DbwardError(
      'unknown-column',
      `${action}: ${options.schema}.${options.table} has no column "${options.column}"`,
    );
  }
  const target = await resolveTargetType(db, options.schema, written);
  if (target === null) {
    throw new DbwardError('unknown-type', `${action}: type ${options.newType} does not exist`);
  }
  const plan = planOutcome(column, target, {
    inputCheck: target.hasInputCheck && options.forceCastPerRow !== true,
    explicitCast: options.explicitCast === true,
  });
  const result: NarrowingCount = {
    failing: 0,
    truncating: 0,
    examples: [],
    method: plan.method,
    fromType: column.type,
    toType: target.sql,
  };
  if (plan.method === 'none') return result;
  if (plan.needsCastFunction) await db.exec(CAST_FUNCTION_SQL);
  try {
    const table = `${escapeIdentifier(options.schema)}.${escapeIdentifier(options.table)} AS t`;
    const c = `t.${escapeIdentifier(column.name)}`;
    const outcome = plan.outcome(c);
    const counts = await db.query<{ failing: string; truncating: string }>(
      `SELECT count(*) FILTER (WHERE o = 'fails')::text AS failing,
              count(*) FILTER (WHERE o = 'changes')::text AS truncating
         FROM (SELECT ${outcome} AS o FROM ${table} WHERE ${c} IS NOT NULL) s`,
      plan.params,
    );
    result.failing = Number(counts.rows[0]?.failing ?? 0);
    result.truncating = Number(counts.rows[0]?.truncating ?? 0);
    const sampleKeys = options.sampleKeys ?? 5;
    if (result.failing + result.truncating > 0 && sampleKeys > 0) {
      // No ORDER BY: the scan stops at the first few bad rows instead of judging every row again.
      const examples = await db.query<NarrowingExample>(
        `SELECT ${keyExpression(shape.primaryKey)} AS key, left(${c}::text, ${EXAMPLE_VALUE_CHARS}) AS value
           FROM ${table} WHERE ${c} IS NOT NULL AND (${outcome}) IS NOT NULL
          LIMIT $${plan.params.length + 1}`,
        [...plan.params, sampleKeys],
      );
      result.examples = examples.rows;
    }
    return result;
  } finally {
    // In an aborted transaction the drop fails too; the function then goes with the rollback.
    if (plan.needsCastFunction) await db.exec(DROP_CAST_FUNCTION_SQL).catch(() => {});
  }
}

/** The new type as the server knows it. */
interface TargetType {
  /** Schema-qualified, quoted, with modifiers: safe in a cast and for `pg_input_is_valid`. */
  sql: string;
  typeName: string;
  category: string;
  modifiers: number[];
  isArray: boolean;
  hasInputCheck: boolean;
}

/**
 * resolveTargetType finds the type as the migration will: an unqualified name in pg_catalog first,
 * then in the service's schema (its search_path), whatever the checking session's search_path is.
 */
async function resolveTargetType(
  db: DbSession,
  schema: string,
  written: SqlTypeText,
): Promise<TargetType | null> {
  const candidates =
    written.names.length > 1
      ? [written.nameSql]
      : ['pg_catalog', schema].map((s) => `${escapeIdentifier(s)}.${written.nameSql}`);
  const found = await db.query<{ nspname: string; typname: string }>(
    `SELECT n.nspname::text AS nspname, t.typname::text AS typname
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.oid = coalesce(to_regtype($1), to_regtype($2))`,
    [candidates[0], candidates[1] ?? candidates[0]],
  );
  const base = found.rows[0];
  if (base === undefined) return null;
  const nameSql = `${escapeIdentifier(base.nspname)}.${escapeIdentifier(base.typname)}`;
  const modifiers = written.modifiers.length > 0 ? `(${written.modifiers.join(',')})` : '';
  const details = await db.query<{ typname: string; typcategory: string; has_input_check: boolean }>(
    `SELECT t.typname::text AS typname, t.typcategory::text AS typcategory,
            to_regproc('pg_catalog.pg_input_is_valid') IS NOT NULL AS has_input_check
       FROM pg_type t WHERE t.oid = to_regtype($1)`,
    [`${nameSql}${written.isArray ? '[]' : ''}`],
  );
  const row = details.rows[0];
  if (row === undefined) return null;
  return {
    sql: `${nameSql}${modifiers}${written.isArray ? '[]' : ''}`,
    typeName: row.typname,
    category: row.typcategory,
    modifiers: written.modifiers,
    isArray: written.isArray,
    hasInputCheck: row.has_input_check,
  };
}

function keyExpression(primaryKey: string[]): string {
  const columns = primaryKey.map((k) => `t.${escapeIdentifier(k)}`);
  if (columns.length === 0) return 't.ctid::text';
  return columns.length === 1 ? `${columns[0]}::text` : `ROW(${columns.join(', ')})::text`;
}

/**
 * planOutcome picks the cheapest exact check for this conversion. `explicitCast`: the migration
 * casts (USING column::newtype), which cuts what a plain ALTER (an assignment) refuses.
 */
function planOutcome(
  from: LiveColumn,
  to: TargetType,
  server: { inputCheck: boolean; explicitCast: boolean },
): OutcomePlan {
  const toTypeName = to.typeName;
  const toCategory = to.category;
  const set = (method: NarrowingMethod, outcome: (c: string) => string, params: unknown[]): OutcomePlan => ({
    method,
    outcome,
    params,
    needsCastFunction: false,
  });
  const arrays = from.typeCategory === 'A' || to.isArray;
  const length = to.modifiers[0];
  // What does not fit: cut by an explicit cast; a plain ALTER assigns, which fails on it.
  const tooLong = server.explicitCast ? "'changes'" : "'fails'";
  if (!arrays && LENGTH_LIMITED.has(toTypeName)) {
    if (length === undefined) return set('none', () => 'NULL', []);
    // Assignment cuts a longer value without an error only when the excess is all blanks.
    const excess = (c: string) =>
      server.explicitCast
        ? tooLong
        : `CASE WHEN rtrim(substr(${c}::text, $1::int + 1), ' ') = '' THEN 'changes' ELSE 'fails' END`;
    return set('length-check', (c) => `CASE WHEN char_length(${c}::text) > $1::int THEN ${excess(c)} END`, [
      length,
    ]);
  }
  if (!arrays && from.typeCategory === BIT_STRING_CATEGORY && toCategory === BIT_STRING_CATEGORY) {
    if (length === undefined) return set('none', () => 'NULL', []);
    // bit varying(n) holds up to n bits; bit(n) exactly n (an explicit cast pads or cuts).
    const wrong = toTypeName === 'bit' ? '<>' : '>';
    return set(
      'length-check',
      (c) => `CASE WHEN bit_length(${c}::varbit) ${wrong} $1::int THEN ${tooLong} END`,
      [length],
    );
  }
  if (!arrays && toTypeName === 'name' && from.typeCategory === STRING_CATEGORY) {
    // A name holds max_identifier_length bytes (63); text, varchar and char are cut to fit.
    return set(
      'length-check',
      (c) =>
        `CASE WHEN octet_length(${c}::text) > current_setting('max_identifier_length')::int THEN 'changes' END`,
      [],
    );
  }
  if (!arrays && (toTypeName === 'text' || (toTypeName === 'varchar' && length === undefined))) {
    return set('none', () => 'NULL', []);
  }
  const range = INTEGER_RANGES[toTypeName];
  if (!arrays && range !== undefined && NUMERIC_SOURCES.has(from.typeName)) {
    return set(
      'integer-range-check',
      (c) =>
        `CASE WHEN round(${c}::numeric) NOT BETWEEN $1::numeric AND $2::numeric THEN 'fails'
              WHEN ${c}::numeric <> round(${c}::numeric) THEN 'changes' END`,
      range,
    );
  }
  if (!arrays && toTypeName === 'numeric' && NUMERIC_SOURCES.has(from.typeName)) {
    if (length === undefined) return set('none', () => 'NULL', []);
    return set('numeric-precision-check', (c) => numericOutcome(`${c}::numeric`), [
      to.modifiers[1] ?? 0,
      length,
    ]);
  }
  if (!arrays && from.typeCategory === STRING_CATEGORY && toCategory !== STRING_CATEGORY) {
    // Text converts through the new type's input function: exactly what pg_input_is_valid tests.
    const valid = server.inputCheck
      ? (c: string) => `pg_input_is_valid(${c}::text, $1)`
      : (c: string) => `pg_temp.dbward_cast_outcome(${c}::text, $1, NULL) IS NULL`;
    const rounding = toTypeName === 'numeric' && length !== undefined;
    return {
      method: server.inputCheck ? 'pg_input_is_valid' : 'cast-per-row',
      outcome: (c) =>
        rounding
          ? `CASE WHEN NOT ${valid(c)} THEN 'fails' ELSE ${numericOutcome(`${c}::numeric`, 2)} END`
          : `CASE WHEN NOT ${valid(c)} THEN 'fails' END`,
      params: rounding ? [to.sql, to.modifiers[1] ?? 0, length] : [to.sql],
      needsCastFunction: !server.inputCheck,
    };
  }
  return {
    method: 'cast-per-row',
    outcome: (c) => `pg_temp.dbward_cast_outcome(${c}, $1, $2)`,
    params: [to.sql, from.type],
    needsCastFunction: true,
  };
}

/**
 * numericOutcome judges a numeric value against numeric(precision, scale), with the scale and
 * precision in parameters `$first` and `$first+1`: too many digits before the point fails, digits
 * lost after it change the value. NaN fits any numeric; infinity fits none with a precision.
 */
function numericOutcome(value: string, first = 1): string {
  const scale = `$${first}::int`;
  const precision = `$${first + 1}::int`;
  return `CASE WHEN ${value} = 'NaN' THEN NULL
               WHEN abs(round(${value}, ${scale})) >= power(10::numeric, ${precision} - ${scale}) THEN 'fails'
               WHEN round(${value}, ${scale}) <> ${value} THEN 'changes' END`;
}
