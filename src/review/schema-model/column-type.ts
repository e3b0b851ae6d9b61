import type { TypeName } from 'libpg-query';
import { integerValue, stringValues } from '../ast/string-values.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { ColumnType } from './schema-effect.js';

/**
 * Types of pg_catalog a column can have, by typname. An unqualified type name resolves to
 * pg_catalog when it is one of these (pg_catalog is searched first), else to the search_path's
 * schema (an enum, a domain, an extension's type).
 */
const PG_CATALOG_TYPES = new Set(
  (
    'aclitem bit bool box bpchar bytea char cid cidr circle date datemultirange daterange float4 float8 ' +
    'gtsvector inet int2 int2vector int4 int4multirange int4range int8 int8multirange int8range interval json ' +
    'jsonb jsonpath line lseg macaddr macaddr8 money name numeric nummultirange numrange oid oidvector path ' +
    'pg_lsn pg_snapshot point polygon refcursor regclass regcollation regconfig regdictionary regnamespace ' +
    'regoper regoperator regproc regprocedure regrole regtype text tid time timestamp timestamptz timetz ' +
    'tsmultirange tsquery tsrange tstzmultirange tstzrange tsvector txid_snapshot uuid varbit varchar xid xid8 xml'
  ).split(' '),
);

/** isPgCatalogType: a type name an unqualified column type resolves to in pg_catalog. */
export function isPgCatalogType(name: string): boolean {
  return PG_CATALOG_TYPES.has(name);
}

/** serial pseudo-types: the integer type they stand for. */
const SERIAL_TYPES: Record<string, string> = {
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

/** format_type's SQL-standard spellings of built-in types (format_type.c). */
const STANDARD_NAMES: Record<string, string> = {
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  char: '"char"',
  varchar: 'character varying',
  varbit: 'bit varying',
  bit: 'bit',
  numeric: 'numeric',
  interval: 'interval',
};

const TIME_TYPES: Record<string, [string, string]> = {
  time: ['time', ' without time zone'],
  timetz: ['time', ' with time zone'],
  timestamp: ['timestamp', ' without time zone'],
  timestamptz: ['timestamp', ' with time zone'],
};

/** Fractional seconds above 6 are reduced to 6 (with a warning), as the time types' typmodin does. */
const MAX_TIME_PRECISION = 6;
const INTERVAL_FULL_RANGE = 0x7fff;
const INTERVAL_FULL_PRECISION = 0xffff;

/** intervaltypmodout's field phrases, by range mask. */
const INTERVAL_FIELDS = new Map<number, string>([
  [1 << 2, ' year'],
  [1 << 1, ' month'],
  [1 << 3, ' day'],
  [1 << 10, ' hour'],
  [1 << 11, ' minute'],
  [1 << 12, ' second'],
  [(1 << 2) | (1 << 1), ' year to month'],
  [(1 << 3) | (1 << 10), ' day to hour'],
  [(1 << 3) | (1 << 10) | (1 << 11), ' day to minute'],
  [(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), ' day to second'],
  [(1 << 10) | (1 << 11), ' hour to minute'],
  [(1 << 10) | (1 << 11) | (1 << 12), ' hour to second'],
  [(1 << 11) | (1 << 12), ' minute to second'],
  [INTERVAL_FULL_RANGE, ''],
]);

/** A resolved column type, and whether it was a serial pseudo-type. */
export interface ResolvedColumnType {
  type: ColumnType;
  serial: boolean;
}

/**
 * resolveColumnType turns a parse tree's TypeName into what introspection reports for a column of
 * that type: `format_type` text with an empty search_path, the element type's typname and schema,
 * and the decoded modifiers. `schema` is where an unqualified non-built-in type resolves.
 */
export function resolveColumnType(typeName: TypeName | undefined, schema: string): ResolvedColumnType {
  const names = stringValues(typeName?.names);
  const last = names.at(-1) ?? '';
  const written = names.length > 1 ? (names.at(-2) ?? null) : null;
  const modifiers = (typeName?.typmods ?? []).map((node) => integerValue(node) ?? 0);
  const isArray = (typeName?.arrayBounds?.length ?? 0) > 0 || typeName?.setof === true;
  const serialOf = written === null && !isArray ? SERIAL_TYPES[last] : undefined;
  if (serialOf !== undefined) return { type: builtinType(serialOf, [], false), serial: true };
  const builtin = written === 'pg_catalog' || (written === null && PG_CATALOG_TYPES.has(last));
  if (builtin) return { type: builtinType(last, modifiers, isArray), serial: false };
  const typeSchema = written ?? schema;
  const text = `${quoteIdentifier(typeSchema)}.${quoteIdentifier(last)}`;
  return {
    type: {
      type: `${text}${isArray ? '[]' : ''}`,
      baseType: last,
      typeSchema,
      length: null,
      scale: null,
      isArray,
    },
    serial: false,
  };
}

function builtinType(name: string, modifiers: number[], isArray: boolean): ColumnType {
  const { text, length, scale } = formatBuiltin(name, modifiers);
  return { type: `${text}${isArray ? '[]' : ''}`, baseType: name, typeSchema: null, length, scale, isArray };
}

interface FormattedType {
  text: string;
  length: number | null;
  scale: number | null;
}

function formatBuiltin(name: string, modifiers: number[]): FormattedType {
  const [first, second] = modifiers;
  const time = TIME_TYPES[name];
  if (time !== undefined) {
    if (first === undefined) return { text: `${time[0]}${time[1]}`, length: null, scale: null };
    const precision = Math.min(first, MAX_TIME_PRECISION);
    return { text: `${time[0]}(${precision})${time[1]}`, length: precision, scale: null };
  }
  if (name === 'numeric') {
    if (first === undefined) return { text: 'numeric', length: null, scale: null };
    const numericScale = second ?? 0;
    return { text: `numeric(${first},${numericScale})`, length: first, scale: numericScale };
  }
  if (name === 'interval') return formatInterval(first, second);
  if (name === 'bpchar') {
    // `char` alone arrives as bpchar(1); a bare `bpchar` has no length and prints as such.
    if (first === undefined) return { text: 'bpchar', length: null, scale: null };
    return { text: `character(${first})`, length: first, scale: null };
  }
  const standard = STANDARD_NAMES[name] ?? quoteIdentifier(name);
  if (first !== undefined && (name === 'varchar' || name === 'bit' || name === 'varbit'))
    return { text: `${standard}(${first})`, length: first, scale: null };
  return { text: standard, length: null, scale: null };
}

/** `interval`, `interval(3)`, `interval day to second(3)`: the parser gives the range mask first. */
function formatInterval(range: number | undefined, precision: number | undefined): FormattedType {
  if (range === undefined) return { text: 'interval', length: null, scale: null };
  const fields = INTERVAL_FIELDS.get(range) ?? '';
  const clamped =
    precision === undefined || precision === INTERVAL_FULL_PRECISION
      ? null
      : Math.min(precision, MAX_TIME_PRECISION);
  return { text: `interval${fields}${clamped === null ? '' : `(${clamped})`}`, length: clamped, scale: null };
}
