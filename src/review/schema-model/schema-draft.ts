import type { CatalogSchema, CatalogTable } from '../../catalog/catalog-model.js';
import type { SchemaState } from './schema-state.js';

/** An effect that does not fit the model (it would fail on a real database, or the model lacks what it names). */
export class ModelMismatch extends Error {}

/** mismatch throws a ModelMismatch; the caller marks the schemas involved inexact. */
export function mismatch(message: string): never {
  throw new ModelMismatch(message);
}

/**
 * SchemaDraft is the state being built by one applySchemaEffects call: a schema or table is copied
 * the first time it is written (copy-on-write), so everything left untouched keeps its identity
 * and the input state is never mutated.
 */
export class SchemaDraft {
  readonly schemas: Map<string, CatalogSchema>;
  readonly inexact: Map<string, string>;
  readonly configured: ReadonlySet<string>;
  private readonly copiedSchemas = new Set<CatalogSchema>();
  private readonly copiedTables = new Set<CatalogTable>();

  constructor(state: SchemaState) {
    this.schemas = new Map(state.schemas);
    this.inexact = new Map(state.inexact);
    this.configured = state.configured;
  }

  /** toState freezes the draft into a new state. */
  toState(): SchemaState {
    return { schemas: this.schemas, inexact: this.inexact, configured: this.configured };
  }

  isConfigured(schema: string): boolean {
    return this.configured.has(schema);
  }

  /** markInexact records the first reason a configured schema stopped being exact. */
  markInexact(schema: string, reason: string): void {
    if (this.configured.has(schema) && !this.inexact.has(schema)) this.inexact.set(schema, reason);
  }

  schema(name: string): CatalogSchema | undefined {
    return this.schemas.get(name);
  }

  /** writableSchema is the schema, copied once per draft, ready to be changed in place. */
  writableSchema(name: string): CatalogSchema {
    const current = this.schemas.get(name) ?? mismatch(`schema ${name} does not exist`);
    if (this.copiedSchemas.has(current)) return current;
    const copy: CatalogSchema = {
      ...current,
      tables: [...current.tables],
      views: [...current.views],
      enums: [...current.enums],
      sequences: [...current.sequences],
      functions: [...current.functions],
      grants: [...current.grants],
    };
    this.copiedSchemas.add(copy);
    this.schemas.set(name, copy);
    return copy;
  }

  /** putSchema adds a new schema (already a fresh object, so it counts as copied). */
  putSchema(schema: CatalogSchema): void {
    this.copiedSchemas.add(schema);
    this.schemas.set(schema.name, schema);
  }

  table(schema: string, name: string): CatalogTable | undefined {
    return this.schemas.get(schema)?.tables.find((table) => table.name === name);
  }

  /** writableTable is the table, copied (with its columns, constraints and indexes) once per draft. */
  writableTable(schemaName: string, name: string): CatalogTable {
    const schema = this.writableSchema(schemaName);
    const index = schema.tables.findIndex((table) => table.name === name);
    const current = schema.tables[index] ?? mismatch(`table ${schemaName}.${name} does not exist`);
    if (this.copiedTables.has(current)) return current;
    const copy: CatalogTable = {
      ...current,
      columns: current.columns.map((column) => ({ ...column })),
      constraints: current.constraints.map((constraint) => ({
        ...constraint,
        columns: [...constraint.columns],
        references:
          constraint.references === null
            ? null
            : { ...constraint.references, columns: [...constraint.references.columns] },
      })),
      indexes: current.indexes.map((index) => ({ ...index, columns: [...index.columns] })),
    };
    this.copiedTables.add(copy);
    schema.tables[index] = copy;
    return copy;
  }

  /** addTable puts a new table into its schema, keeping the catalog's name order. */
  addTable(table: CatalogTable): void {
    const schema = this.writableSchema(table.schema);
    this.copiedTables.add(table);
    schema.tables.push(table);
    sortByName(schema.tables);
  }

  /** relationTaken: tables, indexes, sequences and views share one name space per schema. */
  relationTaken(schemaName: string, name: string): boolean {
    const schema = this.schemas.get(schemaName);
    if (schema === undefined) return false;
    return (
      schema.tables.some(
        (table) => table.name === name || table.indexes.some((index) => index.name === name),
      ) ||
      schema.sequences.some((sequence) => sequence.name === name) ||
      schema.views.some((view) => view.name === name)
    );
  }

  /** constraintTaken: ChooseConstraintName avoids names of any constraint in the schema. */
  constraintTaken(schemaName: string, name: string): boolean {
    const schema = this.schemas.get(schemaName);
    return schema?.tables.some((table) => table.constraints.some((c) => c.name === name)) ?? false;
  }
}

/** Byte order, as the catalog's `COLLATE "C"` sorts names. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortByName<T extends { name: string }>(items: T[]): void {
  items.sort((a, b) => compareNames(a.name, b.name));
}
