import type { TypeName } from 'libpg-query';
import { integerValue, stringValues } from './string-values.js';

/** A column type as written in a statement, with the parser's aliases folded to catalog names. */
export interface WrittenType {
  /** Schema when written (other than pg_catalog), else null. */
  schema: string | null;
  /** Catalog name (`int4`, `varchar`, `numeric`, `bpchar`, `timestamptz`) or `serial`-like pseudo types. */
  name: string;
  /** Type modifiers (`varchar(50)` -> [50], `numeric(10,2)` -> [10, 2]); empty when none. */
  modifiers: number[];
  isArray: boolean;
}

// The grammar already maps `integer`, `varchar(n)` and friends to pg_catalog names; these are the
// spellings it leaves unqualified that mean a built-in type.
const ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  decimal: 'numeric',
  real: 'float4',
  float: 'float8',
  boolean: 'bool',
  timestamptz: 'timestamptz',
  timetz: 'timetz',
  'character varying': 'varchar',
  character: 'bpchar',
  serial4: 'serial',
  serial8: 'bigserial',
  serial2: 'smallserial',
};

/** readTypeName turns a parser TypeName into a WrittenType. */
export function readTypeName(typeName: TypeName | undefined): WrittenType {
  const names = stringValues(typeName?.names);
  const last = (names.at(-1) ?? '').toLowerCase();
  const schema = names.length > 1 ? (names.at(-2) ?? null) : null;
  const modifiers: number[] = [];
  for (const node of typeName?.typmods ?? []) {
    const value = integerValue(node);
    if (value !== null) modifiers.push(value);
  }
  return {
    schema: schema === 'pg_catalog' ? null : schema,
    name: schema === null || schema === 'pg_catalog' ? (ALIASES[last] ?? last) : last,
    modifiers,
    isArray: (typeName?.arrayBounds?.length ?? 0) > 0,
  };
}

/** formatWrittenType prints a WrittenType back as SQL (`varchar(50)`, `numeric(10,2)`, `int4[]`). */
export function formatWrittenType(type: WrittenType): string {
  const name = type.schema === null ? type.name : `${type.schema}.${type.name}`;
  const modifiers = type.modifiers.length > 0 ? `(${type.modifiers.join(',')})` : '';
  return `${name}${modifiers}${type.isArray ? '[]' : ''}`;
}
