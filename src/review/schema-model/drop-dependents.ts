import type { CatalogConstraint, CatalogTable } from '../../catalog/catalog-model.js';
import { mismatch, type SchemaDraft } from './schema-draft.js';

/**
 * Dropping things with what depends on them, as PostgreSQL's dependency walk does for the parts
 * the model holds: a column takes its indexes, its constraints and its serial sequence along; a
 * key constraint takes its index; foreign keys of other tables that rely on a dropped key or table
 * go only with CASCADE (without it, the statement would fail, so the model reports a mismatch).
 */

type ForeignKeyTest = (constraint: CatalogConstraint, owner: CatalogTable) => boolean;

/** dropIncomingForeignKeys removes the foreign keys `test` selects, in every schema of the draft. */
export function dropIncomingForeignKeys(
  draft: SchemaDraft,
  test: ForeignKeyTest,
  cascade: boolean,
  what: string,
): void {
  for (const schema of [...draft.schemas.values()]) {
    for (const owner of schema.tables) {
      const doomed = owner.constraints.filter((c) => c.kind === 'foreign-key' && test(c, owner));
      if (doomed.length === 0) continue;
      if (!cascade)
        mismatch(
          `cannot drop ${what}: foreign key ${doomed[0]?.name} of ${owner.schema}.${owner.name} depends on it`,
        );
      const writable = draft.writableTable(owner.schema, owner.name);
      writable.constraints = writable.constraints.filter(
        (c) => !(c.kind === 'foreign-key' && test(c, writable)),
      );
    }
  }
}

/** referencesKey: a foreign key into `table` on exactly the columns of one of its keys. */
function referencesKey(table: CatalogTable, keyColumns: readonly string[]): ForeignKeyTest {
  return (constraint) =>
    constraint.references !== null &&
    constraint.references.schema === table.schema &&
    constraint.references.table === table.name &&
    sameSet(constraint.references.columns, keyColumns);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** dropConstraint removes a constraint (and the index behind a key constraint). */
export function dropConstraint(
  draft: SchemaDraft,
  table: CatalogTable,
  name: string,
  cascade: boolean,
): void {
  const constraint =
    table.constraints.find((c) => c.name === name) ?? mismatch(`constraint ${name} does not exist`);
  table.constraints = table.constraints.filter((c) => c !== constraint);
  if (constraint.kind === 'primary-key' || constraint.kind === 'unique' || constraint.kind === 'exclusion') {
    table.indexes = table.indexes.filter((index) => index.constraint !== name);
    if (constraint.kind !== 'exclusion')
      dropIncomingForeignKeys(draft, referencesKey(table, constraint.columns), cascade, `constraint ${name}`);
  }
}

/** dropIndex removes an index; one backing a constraint needs CASCADE, and takes the constraint along. */
export function dropIndex(draft: SchemaDraft, table: CatalogTable, name: string, cascade: boolean): void {
  const index =
    table.indexes.find((candidate) => candidate.name === name) ?? mismatch(`index ${name} does not exist`);
  if (index.constraint !== null) {
    if (!cascade) mismatch(`cannot drop index ${name}: constraint ${index.constraint} requires it`);
    dropConstraint(draft, table, index.constraint, cascade);
  }
  table.indexes = table.indexes.filter((candidate) => candidate.name !== name);
}

/** indexMentions: whether an index's definition (expressions, INCLUDE, predicate) names a column. */
function indexMentions(definition: string, column: string): boolean {
  // After `USING method`: the keys, INCLUDE and WHERE. String literals, type names after `::` and
  // function names (a word before `(`) are not column references, so `kind = 'pending'`,
  // `created_at::date` and `date_trunc(...)` do not tie an index to columns named so.
  const using = definition.indexOf(' USING ');
  const afterMethod = using < 0 ? definition : definition.slice(using + 7).replace(/^\w+\s*/, '');
  const body = afterMethod
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/::\s*(?:"(?:[^"]|"")*"|[\w$]+)/g, '::')
    .replace(/(?:"(?:[^"]|"")*"|[\w$]+)\s*\(/g, '(');
  // `...` is where the model could not print an expression: which columns it uses is unknown.
  if (body.includes('...'))
    mismatch(`an index expression the model does not print; cannot tell whether dropping ${column} drops it`);
  const plain = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$"])(${plain}|"${plain.replaceAll('"', '""')}")($|[^\\w$"])`).test(body);
}

/** dropColumn removes a column with the indexes, constraints and owned sequence that involve it. */
export function dropColumn(draft: SchemaDraft, table: CatalogTable, column: string, cascade: boolean): void {
  if (!table.columns.some((c) => c.name === column)) mismatch(`column ${column} does not exist`);
  // Keys on the column take the foreign keys of other tables that rely on them (CASCADE only).
  dropIncomingForeignKeys(
    draft,
    (constraint, owner) =>
      constraint.references !== null &&
      constraint.references.schema === table.schema &&
      constraint.references.table === table.name &&
      constraint.references.columns.includes(column) &&
      !(owner.schema === table.schema && owner.name === table.name),
    cascade,
    `column ${column}`,
  );
  const doomedIndexes = new Set(
    table.indexes
      .filter((index) => index.columns.includes(column) || indexMentions(index.definition, column))
      .map((index) => index.name),
  );
  table.constraints = table.constraints.filter(
    (c) =>
      !c.columns.includes(column) &&
      !(
        c.references?.schema === table.schema &&
        c.references.table === table.name &&
        c.references.columns.includes(column)
      ) &&
      !table.indexes.some((index) => doomedIndexes.has(index.name) && index.constraint === c.name),
  );
  table.indexes = table.indexes.filter((index) => !doomedIndexes.has(index.name));
  table.columns = table.columns.filter((c) => c.name !== column).map((c, i) => ({ ...c, position: i + 1 }));
  dropOwnedSequences(draft, table.schema, (owner) => owner === `${table.schema}.${table.name}.${column}`);
}

/** dropOwnedSequences removes the sequences of a schema whose owning column `test` selects. */
export function dropOwnedSequences(
  draft: SchemaDraft,
  schemaName: string,
  test: (ownedBy: string) => boolean,
): void {
  const schema = draft.schema(schemaName);
  if (schema === undefined || !schema.sequences.some((s) => s.ownedBy !== null && test(s.ownedBy))) return;
  const writable = draft.writableSchema(schemaName);
  writable.sequences = writable.sequences.filter((s) => s.ownedBy === null || !test(s.ownedBy));
}

/** dropTable removes a table; foreign keys of other tables into it go only with CASCADE. */
export function dropTable(
  draft: SchemaDraft,
  table: CatalogTable,
  cascade: boolean,
  alsoDropped: (owner: CatalogTable) => boolean,
): void {
  dropIncomingForeignKeys(
    draft,
    (constraint, owner) =>
      constraint.references?.schema === table.schema &&
      constraint.references.table === table.name &&
      !(owner.schema === table.schema && owner.name === table.name) &&
      !alsoDropped(owner),
    cascade,
    `table ${table.schema}.${table.name}`,
  );
  const schema = draft.writableSchema(table.schema);
  schema.tables = schema.tables.filter((candidate) => candidate.name !== table.name);
  dropOwnedSequences(draft, table.schema, (owner) => owner.startsWith(`${table.schema}.${table.name}.`));
}
