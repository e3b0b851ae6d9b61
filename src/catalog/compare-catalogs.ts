import type {
  Catalog,
  CatalogColumn,
  CatalogConstraint,
  CatalogEnum,
  CatalogFunction,
  CatalogIndex,
  CatalogSchema,
  CatalogSequence,
  CatalogTable,
  CatalogView,
} from './catalog-model.js';

/** One compared property: its label in a line, and how to read it off an object. */
type Field<T> = readonly [label: string, read: (value: T) => string | number | boolean | null];

/** Values longer than this are shown around their first difference instead of in full. */
const MAX_SHOWN = 80;
const CONTEXT = 30;

const SCHEMA_FIELDS: Field<CatalogSchema>[] = [
  ['owner', (s) => s.owner],
  ['comment', (s) => s.comment],
];
const TABLE_FIELDS: Field<CatalogTable>[] = [
  ['kind', (t) => t.kind],
  ['comment', (t) => t.comment],
];
// `type` is the full format_type text, so baseType, length, scale and isArray add nothing.
const COLUMN_FIELDS: Field<CatalogColumn>[] = [
  ['type', (c) => c.type],
  ['nullability', (c) => (c.notNull ? 'NOT NULL' : 'NULL')],
  ['default', (c) => c.default],
  ['identity', (c) => c.identity],
  ['generated', (c) => c.generated],
  ['comment', (c) => c.comment],
  ['position', (c) => c.position],
];
const CONSTRAINT_FIELDS: Field<CatalogConstraint>[] = [
  ['kind', (c) => c.kind],
  ['definition', (c) => c.definition],
  ['validated', (c) => c.validated],
];
const INDEX_FIELDS: Field<CatalogIndex>[] = [
  ['definition', (i) => i.definition],
  ['valid', (i) => i.valid],
  ['constraint', (i) => i.constraint],
];
const ENUM_FIELDS: Field<CatalogEnum>[] = [['values', (e) => e.values.join(', ')]];
const VIEW_FIELDS: Field<CatalogView>[] = [
  ['materialized', (v) => v.materialized],
  ['definition', (v) => v.definition],
  ['comment', (v) => v.comment],
];
const SEQUENCE_FIELDS: Field<CatalogSequence>[] = [
  ['data type', (s) => s.dataType],
  ['owned by', (s) => s.ownedBy],
];
const FUNCTION_FIELDS: Field<CatalogFunction>[] = [
  ['returns', (f) => f.returns],
  ['language', (f) => f.language],
  ['definition', (f) => f.definition],
];

/**
 * describeCatalogDifferences lists, one human-readable line each, how catalog `b` differs from
 * catalog `a` ("added" = only in b, "removed" = only in a). Row estimates, sizes and the server
 * version are ignored; an empty list means the schemas are identical.
 */
export function describeCatalogDifferences(a: Catalog, b: Catalog): string[] {
  const lines: string[] = [];
  compareLists(
    lines,
    a.schemas,
    b.schemas,
    (s) => s.name,
    (s) => `schema ${s.name}`,
    (x, y, label) => {
      compareFields(lines, label, x, y, SCHEMA_FIELDS);
      compareSchemaContents(lines, x, y);
    },
  );
  return lines;
}

function compareSchemaContents(lines: string[], a: CatalogSchema, b: CatalogSchema): void {
  compareLists(
    lines,
    a.tables,
    b.tables,
    (t) => t.name,
    (t) => `table ${t.schema}.${t.name}`,
    (x, y, label) => compareTables(lines, x, y, label),
  );
  compareSimple(
    lines,
    a.views,
    b.views,
    (v) => v.name,
    (v) => viewLabel(v),
    VIEW_FIELDS,
  );
  compareSimple(
    lines,
    a.enums,
    b.enums,
    (e) => e.name,
    (e) => `enum ${e.schema}.${e.name}`,
    ENUM_FIELDS,
  );
  compareSimple(
    lines,
    a.sequences,
    b.sequences,
    (s) => s.name,
    (s) => `sequence ${s.schema}.${s.name}`,
    SEQUENCE_FIELDS,
  );
  compareSimple(
    lines,
    a.functions,
    b.functions,
    (f) => `${f.name}(${f.arguments})`,
    (f) => `function ${f.schema}.${f.name}(${f.arguments})`,
    FUNCTION_FIELDS,
  );
  // A grant has no properties beyond its identity, so it is only ever added or removed.
  const grantLabel = (g: CatalogSchema['grants'][number]): string =>
    `grant ${g.privilege} on ${g.object === null ? `schema ${g.schema}` : `${g.schema}.${g.object}`} to ${g.grantee}`;
  compareLists(lines, a.grants, b.grants, grantLabel, grantLabel, () => {});
}

function compareTables(lines: string[], a: CatalogTable, b: CatalogTable, label: string): void {
  const qualified = `${a.schema}.${a.name}`;
  compareFields(lines, label, a, b, TABLE_FIELDS);
  compareSimple(
    lines,
    a.columns,
    b.columns,
    (c) => c.name,
    (c) => `column ${qualified}.${c.name}`,
    COLUMN_FIELDS,
  );
  compareSimple(
    lines,
    a.constraints,
    b.constraints,
    (c) => c.name,
    (c) => `constraint ${c.name} on ${qualified}`,
    CONSTRAINT_FIELDS,
  );
  compareSimple(
    lines,
    a.indexes,
    b.indexes,
    (i) => i.name,
    (i) => `index ${i.name} on ${qualified}`,
    INDEX_FIELDS,
  );
}

function viewLabel(v: CatalogView): string {
  return `${v.materialized ? 'materialized view' : 'view'} ${v.schema}.${v.name}`;
}

function compareSimple<T>(
  lines: string[],
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
  label: (item: T) => string,
  fields: readonly Field<T>[],
): void {
  compareLists(lines, a, b, key, label, (x, y, l) => compareFields(lines, l, x, y, fields));
}

/** Matches two lists by key, in a's order then b's extras, reporting removed, added and common items. */
function compareLists<T>(
  lines: string[],
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
  label: (item: T) => string,
  compareBoth: (x: T, y: T, label: string) => void,
): void {
  const inB = new Map(b.map((item) => [key(item), item]));
  const inA = new Set(a.map(key));
  for (const x of a) {
    const y = inB.get(key(x));
    if (y === undefined) lines.push(`${label(x)}: removed`);
    else compareBoth(x, y, label(x));
  }
  for (const y of b) if (!inA.has(key(y))) lines.push(`${label(y)}: added`);
}

function compareFields<T>(lines: string[], label: string, a: T, b: T, fields: readonly Field<T>[]): void {
  for (const [name, read] of fields) {
    const x = read(a);
    const y = read(b);
    if (x !== y) lines.push(`${label}: ${name} ${describeChange(x, y)}`);
  }
}

function describeChange(a: string | number | boolean | null, b: string | number | boolean | null): string {
  const x = show(a);
  const y = show(b);
  if (x === y) return 'differs in whitespace only';
  if (x.length <= MAX_SHOWN && y.length <= MAX_SHOWN) return `${x} -> ${y}`;
  // Long texts (view and function bodies): show both around the first character that differs
  // (counted in the whitespace-collapsed text).
  let at = 0;
  while (at < x.length && at < y.length && x[at] === y[at]) at++;
  const start = Math.max(0, at - CONTEXT);
  const excerpt = (text: string): string =>
    `${start > 0 ? '...' : ''}${text.slice(start, at + CONTEXT)}${at + CONTEXT < text.length ? '...' : ''}`;
  return `differs at character ${at + 1}: ${excerpt(x)} -> ${excerpt(y)}`;
}

/** Renders a value on one line: null as `(none)`, whitespace runs collapsed. */
function show(value: string | number | boolean | null): string {
  if (value === null) return '(none)';
  return String(value).replace(/\s+/g, ' ').trim();
}
