import type { Node } from 'libpg-query';
import type { ResolvedService } from '../config/resolved-config.js';
import type { MigrationStatement } from '../migrations/migration-file-types.js';
import { NamesBefore } from './ast/names-before.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { DataCheck, RuleViolation, StatementContext, TableName } from './rule.js';

/**
 * A function telling, for a migration about to be judged, which migration running before it in the
 * same deploy may write rows of `schema.table` (its path), or null when none does.
 */
export type WriterBefore = (migration: ServiceMigration, schema: string, table: string) => string | null;

// Statements whose writes dbward cannot follow: they may write any table.
const WRITES_ANYTHING = new Set(['DoStmt', 'CallStmt']);
const WRITING_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * pendingWriters: a data check counts rows as they are now, but `up` runs the pending migrations
 * one after another: a backup counted now says nothing of rows an earlier pending migration adds
 * before the DROP runs. `pending` are the migrations the run will apply; they run service by
 * service in config order, then by id. A migration may write a table when one of its up statements
 * inserts, updates, deletes, merges or copies into it (also inside WITH queries), or runs code
 * dbward cannot follow (a DO block, CALL, a TypeScript migration). A function called from a plain
 * SELECT is not followed. Writes by the migration itself before its DROP are
 * refuseEarlierWrites' part: they depend on where the statement is.
 */
export function pendingWriters(
  pending: readonly ServiceMigration[],
  services: readonly ResolvedService[],
): WriterBefore {
  const order = new Map(services.map((service, index) => [service.name, index]));
  const rank = (migration: ServiceMigration): [number, number] => [
    order.get(migration.service.name) ?? services.length,
    migration.file.id,
  ];
  const before = (a: ServiceMigration, b: ServiceMigration): boolean => {
    const [serviceA, idA] = rank(a);
    const [serviceB, idB] = rank(b);
    return serviceA < serviceB || (serviceA === serviceB && idA < idB);
  };
  const written = new Map<ServiceMigration, Set<string> | 'anything'>();
  const writesOf = (migration: ServiceMigration): Set<string> | 'anything' => {
    let tables = written.get(migration);
    if (tables === undefined) {
      tables = tablesWritten(migration);
      written.set(migration, tables);
    }
    return tables;
  };
  return (migration, schema, table) => {
    for (const other of pending) {
      if (other === migration || !before(other, migration)) continue;
      const tables = writesOf(other);
      if (tables === 'anything' || tables.has(`${schema}.${table}`)) return other.file.path;
    }
    return null;
  };
}

/** tablesWritten: `schema.table` of every table a migration's up section writes rows of. */
function tablesWritten(migration: ServiceMigration): Set<string> | 'anything' {
  const { file, service } = migration;
  if (file.format === 'ts') return 'anything';
  const tables = new Set<string>();
  for (const statement of file.up?.statements ?? []) {
    const written = statementWrites(statement.ast, WRITING_STATEMENTS, (name) => name || service.schema);
    if (written === 'anything') return 'anything';
    for (const table of written) tables.add(`${table.schema}.${table.name}`);
  }
  return tables;
}

/**
 * statementWrites: the tables one statement writes rows of with one of `kinds` (or COPY FROM),
 * also inside WITH queries, by their names at that statement; 'anything' for code dbward cannot
 * follow (DO, CALL).
 */
function statementWrites(
  ast: Node,
  kinds: ReadonlySet<string>,
  resolveSchema: (schemaName: string | undefined) => string,
): TableName[] | 'anything' {
  const tables: TableName[] = [];
  let anything = false;
  const visit = (value: unknown): void => {
    if (anything || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    // Parser nodes are `{ Kind: {...} }`: the key names the kind of node its value is.
    for (const [key, child] of Object.entries(value)) {
      if (WRITES_ANYTHING.has(key)) {
        anything = true;
        return;
      }
      const copiesIn = key === 'CopyStmt' && (child as { is_from?: boolean }).is_from === true;
      if (kinds.has(key) || copiesIn) {
        const relation = (child as { relation?: { schemaname?: string; relname?: string } }).relation;
        if (relation?.relname !== undefined)
          tables.push({ schema: resolveSchema(relation.schemaname), name: relation.relname });
      }
      visit(child);
    }
  };
  visit(ast);
  return anything ? 'anything' : tables;
}

// A DELETE before the drop is left out: a backup taken before the migration holds those rows too.
const WRITING_IN_MIGRATION = new Set(['InsertStmt', 'UpdateStmt', 'MergeStmt']);

/**
 * writerEarlierInMigration: the first statement before this one in its section that writes rows
 * of `table` (named as before the migration, as data checks name it), or may (DO, CALL); null
 * when none does. Earlier renames are followed, so `INSERT INTO new_name` after `RENAME TO
 * new_name` is a write of the table the backup copied.
 */
export function writerEarlierInMigration(
  context: StatementContext,
  table: TableName,
): MigrationStatement | null {
  const statements = context.file[context.section]?.statements ?? [];
  let names = NamesBefore.EMPTY;
  for (const statement of statements.slice(0, context.index)) {
    const written = statementWrites(statement.ast, WRITING_IN_MIGRATION, (name) =>
      context.resolveSchema(name),
    );
    if (written === 'anything') return statement;
    for (const name of written) {
      const before = names.table(name);
      if (before !== null && before.schema === table.schema && before.name === table.name) return statement;
    }
    names = names.after(statement.ast, context.resolveSchema);
  }
  return null;
}

/**
 * refuseEarlierWrites takes off a violation the backup checks (`-- dbward:backup`) of tables an
 * earlier statement of the same migration writes, saying which: a backup is counted on the target
 * before the migration runs, so it cannot hold rows the migration writes before its DROP. The
 * engine applies it to every rule's violations. Other migrations of the same deploy are
 * pendingWriters' part.
 */
export function refuseEarlierWrites(context: StatementContext, violation: RuleViolation): RuleViolation {
  const checks = violation.dataChecks ?? [];
  const kept: DataCheck[] = [];
  const notes: string[] = [];
  for (const check of checks) {
    const writer =
      check.kind === 'backup-exists'
        ? writerEarlierInMigration(context, { schema: check.schema, name: check.table })
        : null;
    if (writer === null || check.kind !== 'backup-exists') {
      kept.push(check);
      continue;
    }
    const kind = Object.keys(writer.ast)[0]?.replace(/Stmt$/, '').toUpperCase() ?? 'statement';
    const table = `${check.schema}.${check.table}`;
    const how = WRITES_ANYTHING.has(Object.keys(writer.ast)[0] ?? '') ? 'may write to it' : 'writes to it';
    notes.push(
      `the -- dbward:backup ${check.backupTable} directive does not count: the ${kind} at line ${writer.line} of this migration ${how} before the drop, and a backup taken before the migration cannot hold rows the migration writes; copy ${table} in this migration after those writes, or move the writes to a migration applied before the backup is taken`,
    );
  }
  if (notes.length === 0) return violation;
  return {
    ...violation,
    message: `${violation.message} (${notes.join('; ')})`,
    dataChecks: kept,
  };
}
