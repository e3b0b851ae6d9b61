import type { IndexStmt, Node } from 'libpg-query';
import type { Catalog } from '../../catalog/catalog-model.js';
import type { MigrationSection } from '../../migrations/migration-file-types.js';
import type { StatementContext, TableName } from '../rule.js';
import { alterTableCommands } from './alter-table-commands.js';
import { droppedObjects } from './dropped-objects.js';
import { qualifiedName } from './qualified-name.js';
import { addedConstraints } from './table-constraints.js';

/** An index a table has, from the schema before or made by a statement of the migration. */
export interface TrackedIndex {
  name: string;
  /** Key columns in order; an expression is '' (from the migration) or its text (from before). */
  columns: string[];
  /** A partial index (`WHERE ...`): queries without its predicate cannot use it. */
  partial: boolean;
  /** False for an index a failed CREATE INDEX CONCURRENTLY left INVALID. */
  valid: boolean;
  method: string;
  /** The PRIMARY KEY / UNIQUE constraint it backs, or null. */
  constraint: string | null;
}

interface TrackedTable {
  indexes: TrackedIndex[];
}

/** The tables of one section as the statements change them. */
interface SectionIndexes {
  /** Per statement: the tables by `schema.name` as they are named just after it ran. */
  namesAfter: Map<string, TrackedTable>[];
}

const cache = new WeakMap<MigrationSection, { before: Catalog; schema: string; value: SectionIndexes }>();

/**
 * indexesAfterMigration lists the indexes the table that `table` names after this statement has once
 * the whole section has run: those from before the migration, plus the PRIMARY KEY, UNIQUE and
 * CREATE INDEX of the section (before or after this statement), minus what the section drops
 * (DROP INDEX, DROP CONSTRAINT, DROP COLUMN, DROP TABLE), following index and table renames.
 * Empty when neither the schema before nor the section knows the table.
 */
export function indexesAfterMigration(context: StatementContext, table: TableName): readonly TrackedIndex[] {
  const section = context.file[context.section];
  if (section === null || section === undefined) return [];
  const schema = context.resolveSchema(undefined);
  let hit = cache.get(section);
  if (hit === undefined || hit.before !== context.before || hit.schema !== schema) {
    hit = { before: context.before, schema, value: trackSection(context, section) };
    cache.set(section, hit);
  }
  return hit.value.namesAfter[context.index]?.get(key(table))?.indexes ?? [];
}

function key(table: TableName): string {
  return `${table.schema}.${table.name}`;
}

function trackSection(context: StatementContext, section: MigrationSection): SectionIndexes {
  let names = new Map<string, TrackedTable>();
  for (const schema of context.before.schemas)
    for (const table of schema.tables)
      names.set(key(table), {
        indexes: table.indexes.map((index) => ({
          name: index.name,
          columns: index.columns,
          partial: index.predicate !== null,
          valid: index.valid,
          method: index.method,
          constraint: index.constraint,
        })),
      });
  const namesAfter: Map<string, TrackedTable>[] = [];
  section.statements.forEach((statement, index) => {
    if (changesTableNames(statement.ast)) names = new Map(names);
    applyStatement({ ...context, statement, index }, names);
    namesAfter.push(names);
  });
  return { namesAfter };
}

function changesTableNames(ast: Node): boolean {
  return (
    'CreateStmt' in ast ||
    'DropStmt' in ast ||
    ('RenameStmt' in ast && ast.RenameStmt.renameType === 'OBJECT_TABLE')
  );
}

function applyStatement(context: StatementContext, names: Map<string, TrackedTable>): void {
  const ast = context.statement.ast;
  const tableOf = (name: TableName): TrackedTable => {
    let found = names.get(key(name));
    if (found === undefined) {
      found = { indexes: [] };
      names.set(key(name), found);
    }
    return found;
  };
  if ('CreateStmt' in ast) {
    const table = qualifiedName(ast.CreateStmt.relation, context);
    if (table !== null && !(ast.CreateStmt.if_not_exists === true && names.has(key(table))))
      names.set(key(table), { indexes: [] });
  }
  if ('IndexStmt' in ast) {
    const table = qualifiedName(ast.IndexStmt.relation, context);
    if (table !== null) tableOf(table).indexes.push(indexFromStatement(ast.IndexStmt, table.name));
    return;
  }
  if ('DropStmt' in ast) {
    const drop = ast.DropStmt;
    if (drop.removeType === 'OBJECT_TABLE')
      for (const dropped of droppedObjects(drop, context)) names.delete(key(dropped));
    if (drop.removeType === 'OBJECT_INDEX')
      for (const dropped of droppedObjects(drop, context))
        for (const [name, table] of names)
          if (name.startsWith(`${dropped.schema}.`))
            table.indexes = table.indexes.filter((index) => index.name !== dropped.name);
    return;
  }
  if ('RenameStmt' in ast) {
    const rename = ast.RenameStmt;
    const from = qualifiedName(rename.relation, context);
    if (from === null || rename.newname === undefined) return;
    const newName = rename.newname;
    if (rename.renameType === 'OBJECT_TABLE') {
      const table = names.get(key(from));
      names.delete(key(from));
      if (table !== undefined) names.set(key({ schema: from.schema, name: newName }), table);
    } else if (rename.renameType === 'OBJECT_INDEX') {
      for (const [name, table] of names)
        if (name.startsWith(`${from.schema}.`))
          for (const index of table.indexes) if (index.name === from.name) index.name = newName;
    } else if (rename.renameType === 'OBJECT_TABCONSTRAINT' && rename.subname !== undefined) {
      for (const index of names.get(key(from))?.indexes ?? [])
        if (index.constraint === rename.subname) {
          index.constraint = newName;
          index.name = newName;
        }
    }
    return;
  }
  // PRIMARY KEY and UNIQUE of CREATE TABLE, ADD COLUMN and ADD CONSTRAINT come with an index.
  for (const added of addedConstraints(context)) {
    const kind = added.constraint.contype;
    if (kind !== 'CONSTR_PRIMARY' && kind !== 'CONSTR_UNIQUE') continue;
    const table = tableOf(added.table);
    const adopted = added.constraint.indexname;
    const conname =
      added.constraint.conname ??
      (kind === 'CONSTR_PRIMARY'
        ? `${added.table.name}_pkey`
        : `${[added.table.name, ...added.columns].join('_')}_key`);
    if (adopted !== undefined) {
      // ADD ... USING INDEX: the index becomes the constraint's, renamed after it.
      for (const index of table.indexes)
        if (index.name === adopted) {
          index.constraint = conname;
          index.name = conname;
        }
      continue;
    }
    table.indexes.push({
      name: conname,
      columns: added.columns,
      partial: false,
      valid: true,
      method: 'btree',
      constraint: conname,
    });
  }
  const alter = alterTableCommands(context);
  if (alter === null) return;
  const table = names.get(key(alter.table));
  if (table === undefined) return;
  for (const command of alter.commands) {
    const name = command.name;
    if (name === undefined) continue;
    if (command.subtype === 'AT_DropConstraint')
      table.indexes = table.indexes.filter((index) => index.constraint !== name);
    else if (command.subtype === 'AT_DropColumn')
      table.indexes = table.indexes.filter((index) => !index.columns.includes(name));
  }
}

function indexFromStatement(index: IndexStmt, tableName: string): TrackedIndex {
  const columns = (index.indexParams ?? []).map((param) =>
    'IndexElem' in param ? (param.IndexElem.name ?? '') : '',
  );
  return {
    name: index.idxname ?? `${[tableName, ...columns.map((c) => (c === '' ? 'expr' : c))].join('_')}_idx`,
    columns,
    partial: index.whereClause !== undefined,
    valid: true,
    method: index.accessMethod ?? 'btree',
    constraint: null,
  };
}

/**
 * isSkippedIndex: PostgreSQL skips `CREATE INDEX IF NOT EXISTS name` when any relation of that
 * name (an index of any table, or a table) already exists in the table's schema ("already exists,
 * skipping"): nothing is built, nothing locked for long. Known only from the schema before (exact
 * for the schemas it has), and only while no earlier statement of the section may have dropped or
 * renamed that relation or the table it belongs to; an index made outside migrations is not seen.
 */
export function isSkippedIndex(context: StatementContext, index: IndexStmt, table: TableName): boolean {
  const name = index.idxname;
  if (index.if_not_exists !== true || name === undefined) return false;
  const schema = context.before.schemas.find((candidate) => candidate.name === table.schema);
  const owner = schema?.tables.find(
    (candidate) => candidate.name === name || candidate.indexes.some((existing) => existing.name === name),
  );
  if (owner === undefined) return false;
  const touched = new Set([name, owner.name]);
  const statements = context.file[context.section]?.statements ?? [];
  return !statements
    .slice(0, context.index)
    .some((statement, index) => mayRemove({ ...context, statement, index }, table.schema, touched));
}

/**
 * mayRemove: whether a statement may drop or rename a relation of `schema` named in `names`
 * (or drop a column or constraint of it, which takes indexes along), or runs code that may.
 */
function mayRemove(context: StatementContext, schema: string, names: ReadonlySet<string>): boolean {
  const ast = context.statement.ast;
  const isNamed = (name: TableName | null): boolean =>
    name !== null && name.schema === schema && names.has(name.name);
  if ('DoStmt' in ast || 'CallStmt' in ast || 'ExecuteStmt' in ast) return true;
  if ('DropStmt' in ast) {
    const drop = ast.DropStmt;
    // CASCADE (of a type, a function...) may take the relation along; so does DROP SCHEMA.
    if (drop.behavior === 'DROP_CASCADE' || drop.removeType === 'OBJECT_SCHEMA') return true;
    return droppedObjects(drop, context).some(isNamed);
  }
  if ('RenameStmt' in ast)
    return (
      ast.RenameStmt.renameType === 'OBJECT_SCHEMA' ||
      isNamed(qualifiedName(ast.RenameStmt.relation, context))
    );
  if ('AlterObjectSchemaStmt' in ast)
    return isNamed(qualifiedName(ast.AlterObjectSchemaStmt.relation, context));
  if ('AlterTableStmt' in ast)
    return (
      isNamed(qualifiedName(ast.AlterTableStmt.relation, context)) &&
      (ast.AlterTableStmt.cmds ?? []).some(
        (node) =>
          'AlterTableCmd' in node &&
          (node.AlterTableCmd.subtype === 'AT_DropColumn' ||
            node.AlterTableCmd.subtype === 'AT_DropConstraint'),
      )
    );
  return false;
}
