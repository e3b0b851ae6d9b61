import type { Node } from 'libpg-query';
import type { CatalogColumn } from '../../catalog/catalog-model.js';
import { stringValues } from './string-values.js';
import { formatWrittenType, readTypeName, type WrittenType } from './type-name.js';

/**
 * What `ALTER COLUMN ... TYPE` does to existing rows:
 * - `none`: binary-coercible, only the catalog changes (no rewrite, no lock held for long);
 * - `rewrite`: every row is rewritten under ACCESS EXCLUSIVE, but every value survives;
 * - `lossy`: values can fail the cast, be truncated or rounded (narrowing); a rewrite too;
 * - `fails`: PostgreSQL refuses the change whatever the rows hold (no automatic conversion).
 */
export type TypeChangeKind = 'none' | 'rewrite' | 'lossy' | 'fails';

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
const BIT_STRINGS = new Set(['bit', 'varbit']);
// Bytes a name holds (NAMEDATALEN - 1 in a standard build).
const NAME_BYTES = 63;
// Binary-coercible casts PostgreSQL applies on assignment: only the catalog changes.
const BINARY_COERCIBLE: Record<string, string[]> = { cidr: ['inet'], xml: ['text', 'varchar'] };
// Built-in types text converts to only with an explicit cast (through their input function):
// `ALTER COLUMN ... TYPE` without USING refuses ("cannot be cast automatically").
const NOT_AUTOMATIC_FROM_TEXT = new Set([
  ...['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'money', 'bool', 'oid'],
  ...['date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval'],
  ...['uuid', 'json', 'jsonb', 'xml', 'bytea', 'inet', 'cidr', 'macaddr', 'macaddr8', 'bit', 'varbit'],
  ...['tsvector', 'tsquery', 'point', 'int4range', 'int8range', 'numrange', 'daterange', 'tsrange'],
  'tstzrange',
]);

export function columnTypeBefore(column: CatalogColumn): ColumnTypeBefore {
  return { name: column.baseType, length: column.length, scale: column.scale, isArray: column.isArray };
}

/**
 * How `ALTER COLUMN ... TYPE` computes the new values:
 * - `assignment`: no USING, or `USING column`: the old value is assigned to the new type, so a
 *   value too long for `varchar(n)`, `char(n)` or `bit varying(n)` makes the statement fail;
 * - `explicit-cast`: `USING column::newtype`: the same conversion, except that such a value is
 *   cut to fit;
 * - `expression`: any other USING expression computes every value itself; what it produces is
 *   the author's choice, which dbward does not judge.
 */
export type Conversion = 'assignment' | 'explicit-cast' | 'expression';

/** isColumn says whether an expression is a plain reference to `column` (qualified or not). */
function isColumn(node: Node | undefined, column: string): boolean {
  if (node === undefined || !('ColumnRef' in node)) return false;
  const fields = node.ColumnRef.fields ?? [];
  const names = stringValues(fields);
  return names.length === fields.length && names.at(-1) === column;
}

/**
 * conversionOf tells how the new values are computed (see Conversion): `USING column` is what
 * PostgreSQL does without USING, and `USING column::newtype` the same conversion as a cast.
 */
export function conversionOf(using: Node | undefined, column: string, newType: WrittenType): Conversion {
  if (using === undefined || isColumn(using, column)) return 'assignment';
  if (
    'TypeCast' in using &&
    isColumn(using.TypeCast.arg, column) &&
    formatWrittenType(readTypeName(using.TypeCast.typeName)) === formatWrittenType(newType)
  )
    return 'explicit-cast';
  return 'expression';
}

/** classifyTypeChange tells how PostgreSQL carries out a column type change (see TypeChangeKind). */
export function classifyTypeChange(
  before: ColumnTypeBefore,
  after: WrittenType,
  conversion: Conversion = 'assignment',
): TypeChange {
  // PostgreSQL keeps the table only when the conversion is the column itself, relabelled.
  if (conversion === 'expression')
    return { kind: 'rewrite', reason: 'the USING expression computes every value again' };
  const explicit = conversion === 'explicit-cast';
  if (before.isArray !== after.isArray)
    return { kind: 'lossy', reason: 'array and non-array values do not convert' };
  if (!before.isArray) return classifyScalar(before, after, explicit);
  const element = classifyScalar({ ...before, isArray: false }, { ...after, isArray: false }, explicit);
  if (element.kind !== 'none') return { kind: element.kind, reason: `array elements: ${element.reason}` };
  // An array is relabelled only to the same element type; anything else converts every element.
  if (before.name === after.name && (after.modifiers.length === 0 || sameModifiers(before, after)))
    return { kind: 'none', reason: 'same element type' };
  return { kind: 'rewrite', reason: 'every array is converted element by element' };
}

function sameModifiers(before: ColumnTypeBefore, after: WrittenType): boolean {
  const [length = null, writtenScale] = after.modifiers;
  const scale = writtenScale ?? (before.name === 'numeric' && length !== null ? 0 : null);
  return length === before.length && scale === before.scale;
}

/** tooLong is the reason a value longer than a length limit gives, by how it is converted. */
function tooLong(limit: number | null, unit: string, explicit: boolean): string {
  const n = limit ?? '?';
  // "1 characters" reads wrong: the unit is given in the plural.
  if (limit === 1) unit = unit.replace(/s$/, '');
  return explicit
    ? `values longer than ${n} ${unit} are cut to ${n}`
    : `values longer than ${n} ${unit} make the statement fail`;
}

function classifyScalar(before: ColumnTypeBefore, after: WrittenType, explicit: boolean): TypeChange {
  const from = before.name;
  const to = after.name;
  const newLength = after.modifiers[0] ?? null;
  if (from === to && after.modifiers.length === 0 && before.length === null)
    return { kind: 'none', reason: 'same type' };
  if (BINARY_COERCIBLE[from]?.includes(to) && after.modifiers.length === 0)
    return { kind: 'none', reason: `${from} -> ${to} is binary-compatible` };
  if (BIT_STRINGS.has(from) && BIT_STRINGS.has(to)) return bitStringChange(before, after, explicit);
  if (to === 'name' && from !== 'name') return toNameChange(before);
  if (STRINGS.has(from) && STRINGS.has(to)) return stringChange(before, to, newLength, explicit);
  if (STRINGS.has(to)) {
    if (to === 'text' || (to === 'varchar' && newLength === null))
      return { kind: 'rewrite', reason: 'the values are rewritten as text' };
    return { kind: 'lossy', reason: tooLong(newLength, 'characters', explicit) };
  }
  if (STRINGS.has(from)) {
    if (!explicit && from !== 'citext' && after.schema === null && NOT_AUTOMATIC_FROM_TEXT.has(to))
      return {
        kind: 'fails',
        reason: `PostgreSQL does not convert ${from} to ${to} without USING, whatever the rows hold`,
      };
    return { kind: 'lossy', reason: `text values that are not valid ${to} fail the cast` };
  }
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

function stringChange(
  before: ColumnTypeBefore,
  to: string,
  newLength: number | null,
  explicit: boolean,
): TypeChange {
  const from = before.name;
  // A name holds at most 63 bytes, so at most 63 characters.
  const oldLength = from === 'name' ? NAME_BYTES : before.length;
  const fitsAll = newLength === null || (oldLength !== null && newLength >= oldLength);
  const lossy: TypeChange = { kind: 'lossy', reason: tooLong(newLength, 'characters', explicit) };
  if (to === 'bpchar') {
    if (!fitsAll) return lossy;
    return { kind: 'rewrite', reason: 'char(n) pads every value with blanks' };
  }
  if (from === 'bpchar') {
    if (!fitsAll) return lossy;
    return { kind: 'rewrite', reason: 'char(n) -> text trims trailing blanks from every value' };
  }
  if (from === 'citext' || to === 'citext' || from === 'name') {
    return fitsAll ? { kind: 'rewrite', reason: `${from} -> ${to} is not binary-compatible` } : lossy;
  }
  // varchar and text share their storage: only a shorter (or new) limit needs to look at rows.
  if (fitsAll) return { kind: 'none', reason: 'widening' };
  return lossy;
}

/**
 * toNameChange: text, varchar and char convert to name by cutting each value to 63 bytes, with no
 * error. Only a limit short enough that no value can exceed 63 bytes (4 bytes a character at most)
 * keeps every value.
 */
function toNameChange(before: ColumnTypeBefore): TypeChange {
  if (STRINGS.has(before.name) && before.length !== null && before.length * 4 <= NAME_BYTES)
    return { kind: 'rewrite', reason: `${before.name} -> name is not binary-compatible` };
  return { kind: 'lossy', reason: `values longer than ${NAME_BYTES} bytes are cut to ${NAME_BYTES} bytes` };
}

/**
 * bitStringChange: bit varying widens for free (binary-compatible); bit(n) must hold exactly n
 * bits, so assigning a string of another length fails and an explicit cast pads or cuts it.
 */
function bitStringChange(before: ColumnTypeBefore, after: WrittenType, explicit: boolean): TypeChange {
  const oldLength = before.length;
  const newLength = after.modifiers[0] ?? null;
  if (after.name === 'bit') {
    if (before.name === 'bit' && newLength === oldLength) return { kind: 'none', reason: 'same type' };
    return {
      kind: 'lossy',
      reason: explicit
        ? `bit strings of another length than ${newLength ?? '?'} are padded or cut`
        : `bit strings of another length than ${newLength ?? '?'} make the statement fail`,
    };
  }
  const fitsAll = newLength === null || (oldLength !== null && newLength >= oldLength);
  if (!fitsAll) return { kind: 'lossy', reason: tooLong(newLength, 'bits', explicit) };
  // bit(n) -> varbit(m >= n) keeps every value but is not simplified to a relabel.
  if (before.name === 'varbit' || newLength === null)
    return { kind: 'none', reason: 'bit varying widening is binary-compatible' };
  return { kind: 'rewrite', reason: 'bit -> bit varying(n) checks every value' };
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
