import type { CatalogSchema } from '../../catalog/catalog-model.js';

/**
 * The part of a CatalogSchema the model keeps exact (what the review rules read), for comparing
 * the model with introspection. Everything else (defaults, comments, index definitions, views,
 * enums, sequences, functions, grants, owner, sizes) is approximate in the model.
 *
 * Two fields are reduced: a check's definition is kept only in the `CHECK ((col IS NOT NULL))`
 * form the set-not-null rule looks for, and an index column that is an expression (not a column
 * of the table) reads `<expression>`, since the model's expression text is approximate.
 */
export function exactProjection(schema: CatalogSchema) {
  return {
    name: schema.name,
    tables: schema.tables.map((table) => {
      const columnNames = new Set(table.columns.map((column) => column.name));
      return {
        name: table.name,
        kind: table.kind,
        columns: table.columns.map((c) => ({
          name: c.name,
          type: c.type,
          baseType: c.baseType,
          typeSchema: c.typeSchema,
          length: c.length,
          scale: c.scale,
          isArray: c.isArray,
          notNull: c.notNull,
          position: c.position,
        })),
        constraints: table.constraints.map((c) => ({
          name: c.name,
          kind: c.kind,
          columns: c.columns,
          validated: c.validated,
          references: c.references,
          notNullCheck: c.kind === 'check' && NOT_NULL_CHECK.test(c.definition) ? c.definition : null,
        })),
        indexes: table.indexes.map((index) => ({
          name: index.name,
          columns: index.columns.map((column) => (columnNames.has(column) ? column : '<expression>')),
          unique: index.unique,
          primary: index.primary,
          valid: index.valid,
          constraint: index.constraint,
        })),
      };
    }),
  };
}

const NOT_NULL_CHECK = /^CHECK \(\((?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+") IS NOT NULL\)\)$/;
