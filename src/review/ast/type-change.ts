import type { CatalogColumn } from '../../catalog/catalog-model.js';
import type { WrittenType } from './type-name.js';

/**
 * What `ALTER COLUMN ... TYPE` does to existing rows:
 * - `none`: binary-coercible, only the catalog changes (no rewrite, no lock held for long);
 * - `rewrite`: every row is rewritten under ACCESS EXCLUSIVE, but every value survives;
 * - `lossy`: values can fail the cast, be truncated or rounded (narrowing).
 */
export type TypeChangeKind = 'none' | 'rewrite' | 'lossy';

export interface TypeChange {
  kind: TypeChangeKind;
  /** Why, for the message (`varchar(255) -> varchar(50) can truncate`). */
  reason: string;
}

/** The type a column has before the change, in the catalog's terms. */
export interface ColumnTypeBefore {
  name: string;
  length: number | null;
  scale: number | null;
  isArray: boolean;
}

const STRINGS = new Set(['text', 'varchar', 'bpchar', 'citext', 'name']);
const INTEGER_BYTES: Record<string, number> = { int2: 2, int4: 4, int8: 8 };
// Digits an integer type can need, used to tell whether numeric(p,s) can hold every value.
const INTEGER_DIGITS: Record<string, number> = { int2: 5, int4: 10, int8: 19 };
// Exactly representable integer range of a float: int2/int4 fit float8, int2 fits float4.
const FLOAT_HOLDS: Record<string, string[]> = { float4: ['int2'], float8: ['int2', 'int4'] };
const TIMESTAMPS = new Set(['timestamp', 'timestamptz']);
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

export function columnTypeBefore(column: CatalogColumn): ColumnTypeBefore {
  return { name: column.baseType, length: column.length, scale: column.scale, isArray: column.isArray };
}

/** classifyTypeChange tells how PostgreSQL carries out a column type change (see TypeChangeKind). */
export function classifyTypeChange(
  before: ColumnTypeBefore,
  after: WrittenType,
  hasUsing: boolean,
): TypeChange {
  const change = classifyIgnoringUsing(before, after);
  // USING computes every value again: the table is rewritten even between compatible types.
  if (hasUsing && change.kind === 'none') return { kind: 'rewrite', reason: 'USING rewrites every row' };
  return change;
}

function classifyIgnoringUsing(before: ColumnTypeBefore, after: WrittenType): TypeChange {
  const from = before.name;
  const to = after.name;
  const newLength = after.modifiers[0] ?? null;
  if (before.isArray !== after.isArray)
    return { kind: 'lossy', reason: 'array and non-array values do not convert' };
  if (STRINGS.has(from) && STRINGS.has(to)) return stringChange(before, to, newLength);
  if (STRINGS.has(to)) {
    if (to === 'text' || (to === 'varchar' && newLength === null))
      return { kind: 'rewrite', reason: 'the values are rewritten as text' };
    return { kind: 'lossy', reason: `values longer than ${newLength ?? '?'} characters fail the cast` };
  }
  if (STRINGS.has(from))
    return { kind: 'lossy', reason: `text values that are not valid ${to} fail the cast` };
  const fromBytes = INTEGER_BYTES[from];
  const toBytes = INTEGER_BYTES[to];
  if (fromBytes !== undefined && toBytes !== undefined) {
    if (toBytes === fromBytes) return { kind: 'none', reason: 'same type' };
    return toBytes > fromBytes
      ? { kind: 'rewrite', reason: `${from} -> ${to} is not binary-compatible` }
      : { kind: 'lossy', reason: `values outside the ${to} range fail the cast` };
  }
  if (fromBytes !== undefined && to === 'numeric') {
    const [precision, scale = 0] = after.modifiers;
    if (precision === undefined || precision - scale >= (INTEGER_DIGITS[from] ?? 19))
      return { kind: 'rewrite', reason: `${from} -> numeric is not binary-compatible` };
    return { kind: 'lossy', reason: `numeric(${precision},${scale}) cannot hold every ${from} value` };
  }
  if (fromBytes !== undefined && (to === 'float4' || to === 'float8')) {
    return FLOAT_HOLDS[to]?.includes(from)
      ? { kind: 'rewrite', reason: `${from} -> ${to} is not binary-compatible` }
      : { kind: 'lossy', reason: `${to} cannot represent every ${from} value exactly` };
  }
  if (from === 'numeric' && to === 'numeric') return numericChange(before, after);
  if ((from === 'numeric' || from === 'float4' || from === 'float8') && toBytes !== undefined)
    return { kind: 'lossy', reason: `fractions are rounded and values outside the ${to} range fail` };
  if (from === 'float4' && to === 'float8')
    return { kind: 'rewrite', reason: 'float4 -> float8 is not binary-compatible' };
  if ((from === 'float4' || from === 'float8') && to === 'numeric' && after.modifiers.length === 0)
    return { kind: 'rewrite', reason: `${from} -> numeric is not binary-compatible` };
  if (from === to && PRECISION_TYPES.has(from)) {
    if (newLength === null || (before.length !== null && newLength >= before.length))
      return { kind: 'none', reason: 'more precision' };
    return { kind: 'lossy', reason: `values are rounded to precision ${newLength}` };
  }
  if (TIMESTAMPS.has(from) && TIMESTAMPS.has(to))
    return { kind: 'rewrite', reason: `${from} -> ${to} reinterprets every value in the session time zone` };
  if (from === 'date' && TIMESTAMPS.has(to))
    return { kind: 'rewrite', reason: `date -> ${to} is not binary-compatible` };
  if ((from === 'json' && to === 'jsonb') || (from === 'jsonb' && to === 'json'))
    return { kind: 'rewrite', reason: `${from} -> ${to} is not binary-compatible` };
  if (from === to && after.modifiers.length === 0) return { kind: 'none', reason: 'same type' };
  return { kind: 'lossy', reason: `dbward cannot prove every ${from} value converts to ${to}` };
}

function stringChange(before: ColumnTypeBefore, to: string, newLength: number | null): TypeChange {
  const from = before.name;
  const oldLength = before.length;
  const fitsAll = newLength === null || (oldLength !== null && newLength >= oldLength);
  if (to === 'bpchar') {
    if (!fitsAll)
      return { kind: 'lossy', reason: `values longer than ${newLength} characters fail the cast` };
    return { kind: 'rewrite', reason: 'char(n) pads every value with blanks' };
  }
  if (from === 'bpchar') {
    if (!fitsAll)
      return { kind: 'lossy', reason: `values longer than ${newLength} characters fail the cast` };
    return { kind: 'rewrite', reason: 'char(n) -> text trims trailing blanks from every value' };
  }
  if (from === 'citext' || to === 'citext' || from === 'name' || to === 'name') {
    return fitsAll
      ? { kind: 'rewrite', reason: `${from} -> ${to} is not binary-compatible` }
      : { kind: 'lossy', reason: `values longer than ${newLength} characters fail the cast` };
  }
  // varchar and text share their storage: only a shorter (or new) limit needs to look at rows.
  if (fitsAll) return { kind: 'none', reason: 'widening' };
  return { kind: 'lossy', reason: `values longer than ${newLength} characters fail the cast` };
}

function numericChange(before: ColumnTypeBefore, after: WrittenType): TypeChange {
  const [precision, scale = 0] = after.modifiers;
  if (precision === undefined) return { kind: 'none', reason: 'unconstrained numeric holds every value' };
  if (before.length === null)
    return {
      kind: 'lossy',
      reason: `unconstrained numeric -> numeric(${precision},${scale}) can overflow or round`,
    };
  const oldScale = before.scale ?? 0;
  if (scale === oldScale && precision >= before.length)
    return { kind: 'none', reason: 'more precision, same scale' };
  if (scale >= oldScale && precision - scale >= before.length - oldScale)
    return { kind: 'rewrite', reason: 'a new scale rewrites every value' };
  return {
    kind: 'lossy',
    reason: `numeric(${before.length},${oldScale}) -> numeric(${precision},${scale}) can overflow or round`,
  };
}
