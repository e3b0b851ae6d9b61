import type { CatalogTable } from '../../catalog/catalog-model.js';
import { addConstraint } from './add-constraint.js';
import { newColumn } from './apply-table-command.js';
import { mismatch, type SchemaDraft } from './schema-draft.js';
import type { ConstraintSpec, SchemaEffect } from './schema-effect.js';

type IndexConstraint = Extract<ConstraintSpec, { kind: 'primary-key' | 'unique' | 'exclusion' }>;

/**
 * indexConstraintsInOrder is the order CREATE TABLE builds key constraints in
 * (transformIndexConstraints): the primary key first, then the others as written; a unique
 * constraint on exactly the columns of an earlier one is dropped, lending it its name if it had none.
 */
function indexConstraintsInOrder(specs: readonly ConstraintSpec[]): IndexConstraint[] {
  const keys = specs.filter(
    (spec): spec is IndexConstraint =>
      spec.kind === 'primary-key' || spec.kind === 'unique' || spec.kind === 'exclusion',
  );
  const primary = keys.find((spec) => spec.kind === 'primary-key');
  const ordered: IndexConstraint[] = primary === undefined ? [] : [{ ...primary }];
  for (const spec of keys) {
    if (spec === primary) continue;
    const prior =
      spec.kind === 'exclusion'
        ? undefined
        : ordered.find(
            (candidate) => candidate.kind !== 'exclusion' && sameList(candidate.columns, spec.columns),
          );
    if (prior === undefined) ordered.push({ ...spec });
    else if (prior.name === null) prior.name = spec.name;
  }
  return ordered;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * createTable adds a table as CREATE TABLE builds it: columns (with serial sequences), then check
 * constraints, then key constraints, then foreign keys, each named as PostgreSQL names them.
 */
export function createTable(
  draft: SchemaDraft,
  effect: Extract<SchemaEffect, { kind: 'create-table' }>,
): void {
  if (!draft.isConfigured(effect.schema)) return;
  if (draft.schema(effect.schema) === undefined) mismatch(`schema ${effect.schema} does not exist`);
  if (draft.relationTaken(effect.schema, effect.table)) {
    if (effect.ifNotExists) return;
    mismatch(`relation ${effect.schema}.${effect.table} already exists`);
  }
  const names = effect.columns.map((column) => column.name);
  if (new Set(names).size !== names.length) mismatch('a column is specified more than once');
  const table: CatalogTable = {
    schema: effect.schema,
    name: effect.table,
    kind: effect.partitioned ? 'partitioned-table' : 'table',
    columns: [],
    constraints: [],
    indexes: [],
    comment: null,
    estimatedRows: -1,
    totalBytes: 0,
  };
  draft.addTable(table);
  table.columns = effect.columns.map((spec, i) => newColumn(draft, table, spec, i + 1));
  const options = { honourNotValid: false };
  for (const spec of effect.constraints)
    if (spec.kind === 'check' || spec.kind === 'not-null')
      addConstraint(draft, effect.schema, effect.table, spec, options);
  for (const spec of indexConstraintsInOrder(effect.constraints))
    addConstraint(draft, effect.schema, effect.table, spec, options);
  for (const spec of effect.constraints)
    if (spec.kind === 'foreign-key') addConstraint(draft, effect.schema, effect.table, spec, options);
}
