import type { CatalogTable } from '../../catalog/catalog-model.js';
import { applyTableCommand, orderTableCommands } from './apply-table-command.js';
import { createTable } from './create-table.js';
import { dropColumn, dropIncomingForeignKeys, dropIndex, dropTable } from './drop-dependents.js';
import { chooseName, indexColumnNames, nameAddition } from './generated-names.js';
import { quoteIdentifier } from './quote-identifier.js';
import { ModelMismatch, mismatch, SchemaDraft, sortByName } from './schema-draft.js';
import type { SchemaEffect, TableCommand } from './schema-effect.js';
import type { SchemaState } from './schema-state.js';

/**
 * Pure: returns a new state; copy-on-write per schema and per table. An effect that cannot apply
 * (ALTER of a table the model does not have, a name clash) marks the schemas it touches inexact
 * instead of throwing. Such a statement would fail on a real database and roll the whole
 * migration back, so every schema the effect list may change is marked, not only the effect's.
 */
export function applySchemaEffects(
  state: SchemaState,
  effects: readonly SchemaEffect[],
  where?: string,
): SchemaState {
  return applySchemaEffectSteps(state, [{ effects, where }]);
}

/** One migration's effects, with the file that error reasons name. */
export interface SchemaEffectStep {
  effects: readonly SchemaEffect[];
  where?: string | undefined;
}

/**
 * applySchemaEffectSteps applies several migrations' effects, in order, through one draft: the
 * same state as applying them one by one, without copying a schema or table again for every
 * file (a review that must catch up on hundreds of files spent most of that time copying).
 */
export function applySchemaEffectSteps(state: SchemaState, steps: readonly SchemaEffectStep[]): SchemaState {
  const draft = new SchemaDraft(state);
  for (const step of steps) applyStep(draft, step);
  return draft.toState();
}

function applyStep(draft: SchemaDraft, { effects, where }: SchemaEffectStep): void {
  const prefix = where === undefined ? '' : `${where}:`;
  for (const effect of effects) {
    const reasonOf = (message: string) => `${prefix}${effect.at.line}:${effect.at.column}: ${message}`;
    if (effect.kind === 'unknown') {
      markAll(draft, effect.schemas, reasonOf(effect.reason));
      continue;
    }
    try {
      applyEffect(draft, effect);
    } catch (error) {
      if (!(error instanceof ModelMismatch)) throw error;
      const reason = reasonOf(error.message);
      markAll(draft, schemasOf(effect), reason);
      const affected = schemasAffected(effects);
      markAll(draft, affected === 'all' ? 'all' : [...affected], reason);
    }
  }
}

/** What judgeOwnEffects found. */
export interface OwnEffectsVerdict {
  /** The effects that do not fit a model exact in every schema they touch (see judgeOwnEffects). */
  mismatches: string[];
  /**
   * The model after the effects when none of them failed to apply (not even on an inexact
   * schema): then it is what applySchemaEffectSteps gives, and the caller need not apply them
   * again. Null otherwise.
   */
  after: SchemaState | null;
}

/**
 * judgeOwnEffects lists the effects of one migration that do not fit a model exact in every
 * schema they touch: statements that would fail on a real database (a table that does not exist,
 * a name taken), or a gap of the model, which only the shadow can tell apart. Effects on a schema
 * already inexact (before, or made so by an earlier effect of the list) are not judged.
 */
export function judgeOwnEffects(
  state: SchemaState,
  effects: readonly SchemaEffect[],
  where?: string,
): OwnEffectsVerdict {
  const draft = new SchemaDraft(state);
  const prefix = where === undefined ? '' : `${where}:`;
  const mismatches: string[] = [];
  let clean = true;
  for (const effect of effects) {
    const schemas = schemasOf(effect);
    if (effect.kind === 'unknown') {
      // The reason as applyStep words it, so a clean result equals its state.
      markAll(draft, schemas, `${prefix}${effect.at.line}:${effect.at.column}: ${effect.reason}`);
      continue;
    }
    const exact = (schemas === 'all' ? [...draft.configured] : schemas).every(
      (schema) => !draft.inexact.has(schema),
    );
    try {
      applyEffect(draft, effect);
    } catch (error) {
      if (!(error instanceof ModelMismatch)) throw error;
      clean = false;
      if (exact) mismatches.push(`${effect.at.line}:${effect.at.column}: ${error.message}`);
      markAll(draft, schemas, error.message);
    }
  }
  return { mismatches, after: clean ? draft.toState() : null };
}

function markAll(draft: SchemaDraft, schemas: readonly string[] | 'all', reason: string): void {
  for (const schema of schemas === 'all' ? draft.configured : schemas) draft.markInexact(schema, reason);
}

/** Schemas an effect list may change ('all' for unknown effects that could touch anything); used for per-schema cache keys. */
export function schemasAffected(effects: readonly SchemaEffect[]): ReadonlySet<string> | 'all' {
  const found = new Set<string>();
  for (const effect of effects) {
    const schemas = schemasOf(effect);
    if (schemas === 'all') return 'all';
    for (const schema of schemas) found.add(schema);
  }
  return found;
}

/**
 * schemasOf is what one effect may change. Effects that rename or drop something other schemas'
 * foreign keys or columns may point at (a table, a column, a key, a type) ripple into schemas
 * the statement does not name, so they count as 'all'.
 */
function schemasOf(effect: SchemaEffect): readonly string[] | 'all' {
  switch (effect.kind) {
    case 'unknown':
      return effect.schemas;
    case 'create-schema':
      return [effect.schema];
    case 'drop-schemas':
      return effect.cascade ? 'all' : effect.schemas;
    case 'drop-tables':
      return effect.cascade ? 'all' : effect.tables.map((table) => table.schema);
    case 'drop-indexes':
      return effect.cascade ? 'all' : effect.indexes.map((index) => index.schema);
    case 'drop-relations':
      return effect.objects.map((object) => object.schema);
    case 'drop-types':
      return 'all';
    case 'rename-type':
      return 'all';
    case 'alter-table': {
      const rippling = effect.commands.some(
        (command) =>
          command.kind === 'rename' ||
          command.kind === 'rename-column' ||
          command.kind === 'set-schema' ||
          ((command.kind === 'drop-column' || command.kind === 'drop-constraint') && command.cascade),
      );
      return rippling ? 'all' : [effect.schema];
    }
    default:
      return [effect.schema];
  }
}

function applyEffect(draft: SchemaDraft, effect: Exclude<SchemaEffect, { kind: 'unknown' }>): void {
  switch (effect.kind) {
    case 'create-schema':
      if (!draft.isConfigured(effect.schema)) return;
      if (draft.schema(effect.schema) !== undefined) {
        if (effect.ifNotExists) return;
        mismatch(`schema ${effect.schema} already exists`);
      }
      draft.putSchema({
        name: effect.schema,
        owner: '',
        comment: null,
        tables: [],
        views: [],
        enums: [],
        sequences: [],
        functions: [],
        grants: [],
      });
      return;
    case 'drop-schemas':
      dropSchemas(draft, effect);
      return;
    case 'create-table':
      createTable(draft, effect);
      return;
    case 'drop-tables': {
      const doomed = new Set(effect.tables.map((t) => `${t.schema}.${t.name}`));
      for (const target of effect.tables) {
        if (!draft.isConfigured(target.schema)) continue;
        const table = draft.table(target.schema, target.name);
        if (table === undefined) {
          if (effect.ifExists) continue;
          mismatch(`table ${target.schema}.${target.name} does not exist`);
        }
        dropTable(draft, table, effect.cascade, (owner) => doomed.has(`${owner.schema}.${owner.name}`));
      }
      return;
    }
    case 'alter-table':
      alterTable(draft, effect);
      return;
    case 'create-index':
      createIndex(draft, effect);
      return;
    case 'drop-indexes':
      for (const target of effect.indexes) {
        if (!draft.isConfigured(target.schema)) continue;
        const table = tableOfIndex(draft, target.schema, target.name);
        if (table === undefined) {
          if (effect.ifExists) continue;
          mismatch(`index ${target.schema}.${target.name} does not exist`);
        }
        dropIndex(draft, draft.writableTable(table.schema, table.name), target.name, effect.cascade);
      }
      return;
    case 'rename-index': {
      if (!draft.isConfigured(effect.schema)) return;
      const owner = tableOfIndex(draft, effect.schema, effect.from);
      if (owner === undefined) {
        if (effect.ifExists) return;
        mismatch(`index ${effect.schema}.${effect.from} does not exist`);
      }
      if (draft.relationTaken(effect.schema, effect.to)) mismatch(`relation ${effect.to} already exists`);
      const table = draft.writableTable(owner.schema, owner.name);
      const index = table.indexes.find((candidate) => candidate.name === effect.from);
      if (index === undefined) return;
      // Renaming a constraint's index renames the constraint too.
      if (index.constraint !== null) {
        const constraint = table.constraints.find((c) => c.name === index.constraint);
        if (constraint !== undefined) constraint.name = effect.to;
        index.constraint = effect.to;
        sortByName(table.constraints);
      }
      index.name = effect.to;
      sortByName(table.indexes);
      return;
    }
    case 'create-enum': {
      if (!draft.isConfigured(effect.schema)) return;
      const schema = draft.schema(effect.schema) ?? mismatch(`schema ${effect.schema} does not exist`);
      if (schema.enums.some((e) => e.name === effect.name)) mismatch(`type ${effect.name} already exists`);
      const writable = draft.writableSchema(effect.schema);
      writable.enums.push({ schema: effect.schema, name: effect.name, values: [...effect.values] });
      sortByName(writable.enums);
      return;
    }
    case 'rename-type':
      renameType(draft, effect);
      return;
    case 'drop-types':
      for (const target of effect.types) {
        if (!draft.isConfigured(target.schema)) continue;
        for (const schema of draft.schemas.values())
          for (const table of schema.tables)
            if (table.columns.some((c) => c.typeSchema === target.schema && c.baseType === target.name))
              mismatch(`type ${target.schema}.${target.name} is used by ${table.schema}.${table.name}`);
        const schema = draft.schema(target.schema);
        if (schema?.enums.some((e) => e.name === target.name)) {
          const writable = draft.writableSchema(target.schema);
          writable.enums = writable.enums.filter((e) => e.name !== target.name);
        }
      }
      return;
    case 'create-sequence': {
      if (!draft.isConfigured(effect.schema)) return;
      if (draft.schema(effect.schema) === undefined) mismatch(`schema ${effect.schema} does not exist`);
      if (draft.relationTaken(effect.schema, effect.name)) {
        if (effect.ifNotExists) return;
        mismatch(`relation ${effect.name} already exists`);
      }
      const schema = draft.writableSchema(effect.schema);
      schema.sequences.push({ schema: effect.schema, name: effect.name, dataType: 'bigint', ownedBy: null });
      sortByName(schema.sequences);
      return;
    }
    case 'create-view': {
      if (!draft.isConfigured(effect.schema)) return;
      if (draft.schema(effect.schema) === undefined) mismatch(`schema ${effect.schema} does not exist`);
      const existing = draft.schema(effect.schema)?.views.find((view) => view.name === effect.name);
      if (existing !== undefined && (effect.orReplace || effect.ifNotExists)) return;
      if (draft.relationTaken(effect.schema, effect.name)) {
        if (effect.ifNotExists) return;
        mismatch(`relation ${effect.name} already exists`);
      }
      const schema = draft.writableSchema(effect.schema);
      schema.views.push({
        schema: effect.schema,
        name: effect.name,
        materialized: effect.materialized,
        definition: '',
        comment: null,
      });
      sortByName(schema.views);
      return;
    }
    case 'drop-relations':
      for (const target of effect.objects) {
        if (!draft.isConfigured(target.schema)) continue;
        const schema = draft.schema(target.schema);
        const present =
          effect.relation === 'sequence'
            ? schema?.sequences.some((s) => s.name === target.name)
            : schema?.views.some(
                (v) => v.name === target.name && v.materialized === (effect.relation === 'materialized-view'),
              );
        if (present !== true) {
          if (effect.ifExists) continue;
          mismatch(`${effect.relation} ${target.schema}.${target.name} does not exist`);
        }
        const writable = draft.writableSchema(target.schema);
        if (effect.relation === 'sequence')
          writable.sequences = writable.sequences.filter((s) => s.name !== target.name);
        else writable.views = writable.views.filter((v) => v.name !== target.name);
      }
      return;
  }
}

function dropSchemas(draft: SchemaDraft, effect: Extract<SchemaEffect, { kind: 'drop-schemas' }>): void {
  for (const name of effect.schemas) {
    const schema = draft.schema(name);
    if (draft.isConfigured(name) && schema === undefined) {
      if (effect.ifExists) continue;
      mismatch(`schema ${name} does not exist`);
    }
    if (schema !== undefined) {
      const empty = [schema.tables, schema.views, schema.enums, schema.sequences].every(
        (list) => list.length === 0,
      );
      if (!empty && !effect.cascade) mismatch(`cannot drop schema ${name}: other objects depend on it`);
    }
    if (!effect.cascade && schema === undefined) continue;
    // Foreign keys into its tables and columns of its types, elsewhere, go with it.
    dropIncomingForeignKeys(
      draft,
      (constraint) => constraint.references?.schema === name,
      true,
      `schema ${name}`,
    );
    for (const other of [...draft.schemas.values()]) {
      if (other.name === name) continue;
      for (const table of other.tables) {
        for (const column of table.columns.filter((c) => c.typeSchema === name))
          dropColumn(draft, draft.writableTable(table.schema, table.name), column.name, true);
      }
    }
    draft.schemas.delete(name);
  }
}

function alterTable(draft: SchemaDraft, effect: Extract<SchemaEffect, { kind: 'alter-table' }>): void {
  if (!draft.isConfigured(effect.schema)) {
    // A table moved into a configured schema from one the model does not follow is unknown there.
    for (const command of effect.commands)
      if (command.kind === 'set-schema' && draft.isConfigured(command.schema))
        mismatch(`table ${effect.schema}.${effect.table} comes from a schema the model does not follow`);
    return;
  }
  if (draft.table(effect.schema, effect.table) === undefined) {
    if (renameOtherRelation(draft, effect)) return;
    if (effect.ifExists) return;
    if (effect.commands.every((command) => command.kind === 'comment')) return;
    mismatch(`table ${effect.schema}.${effect.table} does not exist`);
  }
  let at = { schema: effect.schema, table: effect.table };
  for (const command of orderTableCommands(withoutSkippedColumns(draft, effect))) {
    if (!draft.isConfigured(at.schema)) return;
    at = applyTableCommand(draft, at.schema, at.table, command);
  }
}

/**
 * withoutSkippedColumns: `ADD COLUMN IF NOT EXISTS` of a column the table has is skipped by
 * PostgreSQL together with its inline constraints (UNIQUE, PRIMARY KEY, CHECK, REFERENCES), which
 * would otherwise be applied on their own once split from the column.
 */
function withoutSkippedColumns(
  draft: SchemaDraft,
  effect: Extract<SchemaEffect, { kind: 'alter-table' }>,
): TableCommand[] {
  const table = draft.table(effect.schema, effect.table);
  // A column dropped by the same statement is gone before the ADD runs (the drop pass comes first).
  const dropped = new Set(
    effect.commands.flatMap((command) => (command.kind === 'drop-column' ? [command.column] : [])),
  );
  return effect.commands.map((command) =>
    command.kind === 'add-column' &&
    command.ifNotExists &&
    !dropped.has(command.column.name) &&
    table?.columns.some((column) => column.name === command.column.name) === true
      ? { ...command, constraints: [] }
      : command,
  );
}

/** ALTER TABLE ... RENAME TO also renames indexes, views and sequences (PostgreSQL allows it). */
function renameOtherRelation(
  draft: SchemaDraft,
  effect: Extract<SchemaEffect, { kind: 'alter-table' }>,
): boolean {
  const [command] = effect.commands;
  if (effect.commands.length !== 1 || command?.kind !== 'rename') return false;
  const schema = draft.schema(effect.schema);
  if (schema === undefined) return false;
  if (draft.relationTaken(effect.schema, command.to)) mismatch(`relation ${command.to} already exists`);
  if (tableOfIndex(draft, effect.schema, effect.table) !== undefined) {
    applyEffect(draft, {
      kind: 'rename-index',
      schema: effect.schema,
      from: effect.table,
      to: command.to,
      ifExists: false,
      at: effect.at,
    });
    return true;
  }
  const writable = draft.writableSchema(effect.schema);
  if (writable.views.some((view) => view.name === effect.table)) {
    writable.views = writable.views.map((view) =>
      view.name === effect.table ? { ...view, name: command.to } : view,
    );
    sortByName(writable.views);
    return true;
  }
  if (writable.sequences.some((sequence) => sequence.name === effect.table)) {
    writable.sequences = writable.sequences.map((s) =>
      s.name === effect.table ? { ...s, name: command.to } : s,
    );
    sortByName(writable.sequences);
    return true;
  }
  return false;
}

function tableOfIndex(draft: SchemaDraft, schema: string, index: string): CatalogTable | undefined {
  return draft
    .schema(schema)
    ?.tables.find((table) => table.indexes.some((candidate) => candidate.name === index));
}

function createIndex(draft: SchemaDraft, effect: Extract<SchemaEffect, { kind: 'create-index' }>): void {
  if (!draft.isConfigured(effect.schema)) return;
  const existing = draft.table(effect.schema, effect.table);
  if (existing === undefined) {
    // An index on a materialized view: the model does not hold those.
    if (draft.schema(effect.schema)?.views.some((view) => view.name === effect.table && view.materialized))
      return;
    mismatch(`table ${effect.schema}.${effect.table} does not exist`);
  }
  const table = draft.writableTable(effect.schema, effect.table);
  for (const column of effect.columns)
    if ('column' in column && !table.columns.some((c) => c.name === column.column))
      mismatch(`column ${column.column} does not exist`);
  const columnNames = effect.columns.map((column) => ('column' in column ? column.column : column.nameHint));
  let name = effect.name;
  if (name !== null && draft.relationTaken(effect.schema, name)) {
    if (effect.ifNotExists) return;
    mismatch(`relation ${name} already exists`);
  }
  // PostgreSQL names an index after its key and INCLUDE columns alike (t_a_b_idx for (a) INCLUDE (b)).
  name ??= chooseName(
    effect.table,
    nameAddition(indexColumnNames([...columnNames, ...effect.include])),
    'idx',
    (candidate) => draft.relationTaken(effect.schema, candidate),
  );
  const keys = effect.columns.map((column) =>
    'column' in column ? quoteIdentifier(column.column) : column.expression,
  );
  table.indexes.push({
    name,
    columns: effect.columns.map((column) => ('column' in column ? column.column : column.expression)),
    definition: `CREATE ${effect.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(name)} ON ${quoteIdentifier(effect.schema)}.${quoteIdentifier(effect.table)} USING ${effect.method} (${keys.join(', ')})${effect.include.length === 0 ? '' : ` INCLUDE (${effect.include.map(quoteIdentifier).join(', ')})`}${effect.predicate === null ? '' : ` WHERE ${effect.predicate}`}`,
    unique: effect.unique,
    primary: false,
    // ON ONLY a partitioned table would leave it invalid until partitions attach theirs, but
    // the model follows partitioned tables only while they have no partitions.
    valid: true,
    method: effect.method,
    predicate: effect.predicate,
    constraint: null,
  });
  sortByName(table.indexes);
}

function renameType(draft: SchemaDraft, effect: Extract<SchemaEffect, { kind: 'rename-type' }>): void {
  const text = `${quoteIdentifier(effect.schema)}.${quoteIdentifier(effect.to)}`;
  for (const schema of [...draft.schemas.values()]) {
    for (const table of schema.tables) {
      if (!table.columns.some((c) => c.typeSchema === effect.schema && c.baseType === effect.from)) continue;
      const writable = draft.writableTable(table.schema, table.name);
      for (const column of writable.columns) {
        if (column.typeSchema !== effect.schema || column.baseType !== effect.from) continue;
        column.baseType = effect.to;
        column.type = `${text}${column.isArray ? '[]' : ''}`;
      }
    }
  }
  const schema = draft.schema(effect.schema);
  if (schema?.enums.some((e) => e.name === effect.from)) {
    const writable = draft.writableSchema(effect.schema);
    writable.enums = writable.enums.map((e) => (e.name === effect.from ? { ...e, name: effect.to } : e));
    sortByName(writable.enums);
  }
}
