import type { CatalogConstraint, CatalogIndex, CatalogTable } from '../../catalog/catalog-model.js';
import { constraintDefinition } from './constraint-definition.js';
import { chooseName, indexColumnNames, nameAddition } from './generated-names.js';
import { quoteIdentifier } from './quote-identifier.js';
import { mismatch, type SchemaDraft, sortByName } from './schema-draft.js';
import type { ConstraintSpec } from './schema-effect.js';

export interface AddConstraintOptions {
  /** NOT VALID only holds in ALTER TABLE ... ADD CONSTRAINT; CREATE TABLE marks everything valid. */
  honourNotValid: boolean;
}

/**
 * addConstraint adds a constraint to a table of the draft as PostgreSQL would: a generated name
 * when none is given, the backing index of a primary key / unique / exclusion constraint, NOT
 * NULL on primary key columns, and the referenced columns of a foreign key.
 */
export function addConstraint(
  draft: SchemaDraft,
  schemaName: string,
  tableName: string,
  spec: ConstraintSpec,
  options: AddConstraintOptions,
): void {
  const table = draft.writableTable(schemaName, tableName);
  for (const column of spec.columns) columnOf(table, column);
  if (spec.kind === 'not-null') {
    for (const column of spec.columns) columnOf(table, column).notNull = true;
    return;
  }
  if (spec.name !== null && table.constraints.some((c) => c.name === spec.name))
    mismatch(`constraint ${spec.name} already exists on ${schemaName}.${tableName}`);
  if (spec.kind === 'check') {
    const validated = !(options.honourNotValid && spec.notValid);
    const columns = [...spec.columns];
    const name =
      spec.name ??
      chooseName(tableName, columns.length === 1 ? (columns[0] ?? null) : null, 'check', (candidate) =>
        draft.constraintTaken(schemaName, candidate),
      );
    pushConstraint(
      table,
      { kind: 'check', name, columns, validated, references: null, onDelete: null, onUpdate: null },
      spec.expression,
    );
    return;
  }
  if (spec.kind !== 'foreign-key') {
    addIndexConstraint(draft, table, spec);
    return;
  }
  const validated = !(options.honourNotValid && spec.notValid);
  const target = spec.references;
  const referencedColumns = target.columns ?? primaryKeyOf(draft, target.schema, target.table);
  if (draft.isConfigured(target.schema)) {
    const referenced =
      draft.table(target.schema, target.table) ??
      mismatch(`referenced table ${target.schema}.${target.table} does not exist`);
    for (const column of referencedColumns) columnOf(referenced, column);
    // PostgreSQL needs a unique index on exactly the referenced columns.
    if (
      !referenced.indexes.some(
        (index) => index.unique && index.predicate === null && sameSet(index.columns, referencedColumns),
      )
    )
      mismatch(`no unique constraint matching the referenced columns of ${target.schema}.${target.table}`);
  }
  if (referencedColumns.length !== spec.columns.length) mismatch('foreign key column counts differ');
  const name =
    spec.name ??
    chooseName(tableName, nameAddition(spec.columns), 'fkey', (candidate) =>
      draft.constraintTaken(schemaName, candidate),
    );
  pushConstraint(
    table,
    {
      kind: 'foreign-key',
      name,
      columns: [...spec.columns],
      validated,
      references: { schema: target.schema, table: target.table, columns: referencedColumns },
      onDelete: spec.onDelete,
      onUpdate: spec.onUpdate,
    },
    '',
  );
}

function addIndexConstraint(
  draft: SchemaDraft,
  table: CatalogTable,
  spec: Extract<ConstraintSpec, { kind: 'primary-key' | 'unique' | 'exclusion' }>,
): void {
  const primary = spec.kind === 'primary-key';
  if (primary && table.constraints.some((c) => c.kind === 'primary-key'))
    mismatch(`multiple primary keys for table ${table.schema}.${table.name}`);
  const usingIndex = spec.kind === 'exclusion' ? null : spec.usingIndex;
  let index: CatalogIndex;
  if (usingIndex !== null) {
    index =
      table.indexes.find((candidate) => candidate.name === usingIndex) ??
      mismatch(`index ${usingIndex} not found`);
    if (
      !index.unique ||
      index.constraint !== null ||
      index.columns.some((c) => !table.columns.some((col) => col.name === c))
    )
      mismatch(`index ${usingIndex} cannot back a constraint`);
    const name = spec.name ?? index.name;
    if (name !== index.name && draft.relationTaken(table.schema, name))
      mismatch(`relation ${name} already exists`);
    index.name = name;
    index.primary = primary;
    index.constraint = name;
    sortByName(table.indexes);
  } else {
    const label = primary ? 'pkey' : spec.kind === 'exclusion' ? 'excl' : 'key';
    const name =
      spec.name ??
      chooseName(
        table.name,
        primary ? null : nameAddition(indexColumnNames(spec.columns)),
        label,
        (candidate) =>
          draft.relationTaken(table.schema, candidate) || draft.constraintTaken(table.schema, candidate),
      );
    if (draft.relationTaken(table.schema, name)) mismatch(`relation ${name} already exists`);
    const method = spec.kind === 'exclusion' ? 'gist' : 'btree';
    index = {
      name,
      columns: [...spec.columns],
      definition: `CREATE ${spec.kind === 'exclusion' ? '' : 'UNIQUE '}INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)} USING ${method} (${spec.columns.map(quoteIdentifier).join(', ')})`,
      unique: spec.kind !== 'exclusion',
      primary,
      valid: true,
      method,
      predicate: null,
      constraint: name,
    };
    table.indexes.push(index);
    sortByName(table.indexes);
  }
  if (primary) for (const column of index.columns) columnOf(table, column).notNull = true;
  pushConstraint(
    table,
    {
      kind: spec.kind,
      name: index.name,
      columns: [...index.columns],
      validated: true,
      references: null,
      onDelete: null,
      onUpdate: null,
    },
    '',
  );
}

function pushConstraint(
  table: CatalogTable,
  constraint: Omit<CatalogConstraint, 'definition'>,
  body: string,
): void {
  table.constraints.push({ ...constraint, definition: constraintDefinition(constraint, body) });
  sortByName(table.constraints);
}

function columnOf(table: CatalogTable, name: string) {
  return (
    table.columns.find((column) => column.name === name) ??
    mismatch(`column ${name} of ${table.schema}.${table.name} does not exist`)
  );
}

/** primaryKeyOf is what `REFERENCES t` without columns means: t's primary key columns. */
function primaryKeyOf(draft: SchemaDraft, schema: string, table: string): string[] {
  if (!draft.isConfigured(schema))
    mismatch(`cannot resolve the primary key of ${schema}.${table} (not a configured schema)`);
  const referenced =
    draft.table(schema, table) ?? mismatch(`referenced table ${schema}.${table} does not exist`);
  const primary = referenced.constraints.find((c) => c.kind === 'primary-key');
  return primary === undefined ? mismatch(`${schema}.${table} has no primary key`) : [...primary.columns];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
