import type { CatalogColumn, CatalogTable } from '../../catalog/catalog-model.js';
import { addConstraint } from './add-constraint.js';
import { checkBody, constraintDefinition, notNullCheckBody } from './constraint-definition.js';
import { dropColumn, dropConstraint, dropOwnedSequences } from './drop-dependents.js';
import { chooseName } from './generated-names.js';
import { quoteIdentifier } from './quote-identifier.js';
import { mismatch, type SchemaDraft, sortByName } from './schema-draft.js';
import type { ColumnSpec, TableCommand } from './schema-effect.js';

/**
 * The order PostgreSQL runs ALTER TABLE subcommands in (AlterTablePass): drops first, then type
 * changes, new columns, NOT NULL, index-backed constraints, other constraints and defaults, and
 * the rest. Within a pass, the order written.
 */
function passOf(command: TableCommand): number {
  switch (command.kind) {
    case 'drop-column':
    case 'drop-constraint':
    case 'drop-not-null':
    case 'drop-identity':
      return 0;
    case 'alter-column-type':
      return 1;
    case 'add-column':
      return 2;
    case 'set-not-null':
    case 'add-identity':
      return 3;
    case 'add-constraint': {
      const kind = command.constraint.kind;
      if (kind === 'not-null') return 3;
      return kind === 'primary-key' || kind === 'unique' || kind === 'exclusion' ? 4 : 5;
    }
    case 'set-default':
      return 5;
    default:
      return 6;
  }
}

/** orderTableCommands expands ADD COLUMN's inline constraints and sorts the commands by pass. */
export function orderTableCommands(commands: readonly TableCommand[]): TableCommand[] {
  const expanded: TableCommand[] = [];
  for (const command of commands) {
    if (command.kind !== 'add-column') {
      expanded.push(command);
      continue;
    }
    expanded.push({ ...command, constraints: [] });
    for (const constraint of command.constraints) expanded.push({ kind: 'add-constraint', constraint });
  }
  return expanded
    .map((command, order) => ({ command, order, pass: passOf(command) }))
    .sort((a, b) => a.pass - b.pass || a.order - b.order)
    .map((entry) => entry.command);
}

/** newColumn builds a column from its spec, adding the sequence a serial or identity column owns. */
export function newColumn(
  draft: SchemaDraft,
  table: CatalogTable,
  spec: ColumnSpec,
  position: number,
): CatalogColumn {
  if (spec.ownsSequence) addOwnedSequence(draft, table, spec.name, spec.type.baseType);
  return {
    name: spec.name,
    ...spec.type,
    notNull: spec.notNull,
    default: spec.default,
    identity: spec.identity,
    generated: spec.generated,
    comment: null,
    position,
  };
}

function addOwnedSequence(draft: SchemaDraft, table: CatalogTable, column: string, dataType: string): void {
  const name = chooseName(table.name, column, 'seq', (candidate) =>
    draft.relationTaken(table.schema, candidate),
  );
  const schema = draft.writableSchema(table.schema);
  schema.sequences.push({
    schema: table.schema,
    name,
    dataType,
    ownedBy: `${table.schema}.${table.name}.${column}`,
  });
  sortByName(schema.sequences);
}

function columnOf(table: CatalogTable, name: string): CatalogColumn {
  return (
    table.columns.find((column) => column.name === name) ??
    mismatch(`column ${name} of ${table.schema}.${table.name} does not exist`)
  );
}

/**
 * Replaces a column name used as an identifier inside approximate SQL text, written as the text
 * writes identifiers (quoted when it needs quotes, like pg_get_constraintdef): `"G"` to `g`,
 * `h` to `"H"`, `k` to `"select"`.
 */
function renameInText(text: string, from: string, to: string): string {
  const written = quoteIdentifier(from).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const replacement = quoteIdentifier(to);
  return text.replace(
    new RegExp(`(^|[^\\w$"])(${written})(?=$|[^\\w$"])`, 'g'),
    (_match, lead: string) => `${lead}${replacement}`,
  );
}

/**
 * applyTableCommand runs one ALTER TABLE subcommand on `schema.table` of the draft. It returns the
 * table's name afterwards (RENAME TO and SET SCHEMA move it) so later commands find it.
 */
export function applyTableCommand(
  draft: SchemaDraft,
  schemaName: string,
  tableName: string,
  command: TableCommand,
): { schema: string; table: string } {
  const table = draft.writableTable(schemaName, tableName);
  const here = { schema: schemaName, table: tableName };
  switch (command.kind) {
    case 'add-column': {
      if (table.columns.some((column) => column.name === command.column.name)) {
        if (command.ifNotExists) return here;
        mismatch(`column ${command.column.name} already exists`);
      }
      table.columns.push(newColumn(draft, table, command.column, table.columns.length + 1));
      return here;
    }
    case 'drop-column':
      if (command.ifExists && !table.columns.some((column) => column.name === command.column)) return here;
      dropColumn(draft, table, command.column, command.cascade);
      return here;
    case 'alter-column-type': {
      const column = columnOf(table, command.column);
      Object.assign(column, command.type);
      return here;
    }
    case 'set-not-null':
      columnOf(table, command.column).notNull = true;
      return here;
    case 'drop-not-null': {
      const column = columnOf(table, command.column);
      const primary = table.constraints.find((c) => c.kind === 'primary-key');
      if (primary?.columns.includes(column.name) || column.identity !== null)
        mismatch(`column ${column.name} is in a primary key or an identity column`);
      column.notNull = false;
      return here;
    }
    case 'set-default':
      columnOf(table, command.column).default = command.default;
      return here;
    case 'add-identity': {
      const column = columnOf(table, command.column);
      if (!column.notNull || column.identity !== null)
        mismatch(`column ${column.name} cannot become an identity column`);
      column.identity = command.identity;
      addOwnedSequence(draft, table, column.name, column.baseType);
      return here;
    }
    case 'drop-identity': {
      const column = columnOf(table, command.column);
      if (column.identity === null) {
        if (command.ifExists) return here;
        mismatch(`column ${column.name} is not an identity column`);
      }
      column.identity = null;
      dropOwnedSequences(draft, schemaName, (owner) => owner === `${schemaName}.${tableName}.${column.name}`);
      return here;
    }
    case 'add-constraint':
      addConstraint(draft, schemaName, tableName, command.constraint, { honourNotValid: true });
      return here;
    case 'drop-constraint':
      if (command.ifExists && !table.constraints.some((c) => c.name === command.name)) return here;
      dropConstraint(draft, table, command.name, command.cascade);
      return here;
    case 'validate-constraint': {
      const constraint =
        table.constraints.find((c) => c.name === command.name) ??
        mismatch(`constraint ${command.name} does not exist`);
      if (!constraint.validated) {
        constraint.validated = true;
        constraint.definition = constraintDefinition(constraint, checkBody(constraint.definition));
      }
      return here;
    }
    case 'rename-constraint':
      renameConstraint(draft, table, command.from, command.to);
      return here;
    case 'rename-column':
      renameColumn(draft, table, command.from, command.to);
      return here;
    case 'rename':
      return renameTable(draft, table, command.to);
    case 'set-schema':
      return moveTable(draft, table, command.schema);
    case 'comment':
      if (command.column === null) table.comment = command.comment;
      else {
        const column = table.columns.find((candidate) => candidate.name === command.column);
        if (column !== undefined) column.comment = command.comment;
      }
      return here;
  }
}

function renameConstraint(draft: SchemaDraft, table: CatalogTable, from: string, to: string): void {
  const constraint =
    table.constraints.find((c) => c.name === from) ?? mismatch(`constraint ${from} does not exist`);
  if (table.constraints.some((c) => c.name === to)) mismatch(`constraint ${to} already exists`);
  const index = table.indexes.find((candidate) => candidate.constraint === from);
  if (index !== undefined) {
    if (draft.relationTaken(table.schema, to)) mismatch(`relation ${to} already exists`);
    index.name = to;
    index.constraint = to;
    sortByName(table.indexes);
  }
  constraint.name = to;
  sortByName(table.constraints);
}

function renameColumn(draft: SchemaDraft, table: CatalogTable, from: string, to: string): void {
  const column = columnOf(table, from);
  if (table.columns.some((candidate) => candidate.name === to)) mismatch(`column ${to} already exists`);
  column.name = to;
  for (const constraint of table.constraints) {
    constraint.columns = constraint.columns.map((name) => (name === from ? to : name));
    if (constraint.kind === 'check') {
      const body = checkBody(constraint.definition);
      const renamed = body === notNullCheckBody(from) ? notNullCheckBody(to) : renameInText(body, from, to);
      constraint.definition = constraintDefinition(constraint, renamed);
    }
  }
  for (const index of table.indexes) {
    index.columns = index.columns.map((name) => (name === from ? to : name));
    index.definition = renameInText(index.definition, from, to);
    if (index.predicate !== null) index.predicate = renameInText(index.predicate, from, to);
  }
  updateForeignKeysInto(draft, table, (references) => {
    references.columns = references.columns.map((name) => (name === from ? to : name));
  });
  renameSequenceOwner(
    draft,
    table.schema,
    `${table.schema}.${table.name}.${from}`,
    `${table.schema}.${table.name}.${to}`,
  );
}

function renameTable(draft: SchemaDraft, table: CatalogTable, to: string): { schema: string; table: string } {
  if (draft.relationTaken(table.schema, to)) mismatch(`relation ${to} already exists`);
  const from = table.name;
  updateForeignKeysInto(draft, table, (references) => {
    references.table = to;
  });
  table.name = to;
  const schema = draft.writableSchema(table.schema);
  sortByName(schema.tables);
  for (const column of table.columns)
    renameSequenceOwner(
      draft,
      table.schema,
      `${table.schema}.${from}.${column.name}`,
      `${table.schema}.${to}.${column.name}`,
    );
  return { schema: table.schema, table: to };
}

function moveTable(
  draft: SchemaDraft,
  table: CatalogTable,
  target: string,
): { schema: string; table: string } {
  const source = table.schema;
  if (target === source) return { schema: source, table: table.name };
  const targetKnown = draft.isConfigured(target);
  if (targetKnown) {
    if (draft.schema(target) === undefined) mismatch(`schema ${target} does not exist`);
    for (const name of [table.name, ...table.indexes.map((index) => index.name)])
      if (draft.relationTaken(target, name)) mismatch(`relation ${name} already exists in schema ${target}`);
  }
  updateForeignKeysInto(draft, table, (references) => {
    references.schema = target;
  });
  const sourceSchema = draft.writableSchema(source);
  sourceSchema.tables = sourceSchema.tables.filter((candidate) => candidate !== table);
  const owned = sourceSchema.sequences.filter((s) => s.ownedBy?.startsWith(`${source}.${table.name}.`));
  sourceSchema.sequences = sourceSchema.sequences.filter((s) => !owned.includes(s));
  // A foreign key of the moved table into itself follows it too.
  for (const constraint of table.constraints)
    if (constraint.references?.schema === source && constraint.references.table === table.name)
      constraint.references.schema = target;
  table.schema = target;
  if (targetKnown) {
    draft.addTable(table);
    const targetSchema = draft.writableSchema(target);
    for (const sequence of owned)
      targetSchema.sequences.push({
        ...sequence,
        schema: target,
        ownedBy: `${target}${(sequence.ownedBy ?? '').slice(source.length)}`,
      });
    sortByName(targetSchema.sequences);
  }
  return { schema: target, table: table.name };
}

/** updateForeignKeysInto edits, in every schema, the `references` of foreign keys that point at `table`. */
function updateForeignKeysInto(
  draft: SchemaDraft,
  table: CatalogTable,
  edit: (references: { schema: string; table: string; columns: string[] }) => void,
): void {
  const { schema, name } = table;
  for (const catalogSchema of [...draft.schemas.values()]) {
    for (const owner of catalogSchema.tables) {
      const pointing = (c: CatalogTable['constraints'][number]) =>
        c.references?.schema === schema && c.references.table === name;
      if (!owner.constraints.some(pointing)) continue;
      const writable = owner === table ? table : draft.writableTable(owner.schema, owner.name);
      for (const constraint of writable.constraints)
        if (pointing(constraint) && constraint.references !== null) edit(constraint.references);
    }
  }
}

function renameSequenceOwner(draft: SchemaDraft, schemaName: string, from: string, to: string): void {
  const schema = draft.schema(schemaName);
  if (schema === undefined || !schema.sequences.some((s) => s.ownedBy === from)) return;
  const writable = draft.writableSchema(schemaName);
  writable.sequences = writable.sequences.map((s) => (s.ownedBy === from ? { ...s, ownedBy: to } : s));
}
