import type { Catalog, CatalogColumn, CatalogTable } from './catalog-model.js';

/** findTable returns the table `schema.name` of a catalog, or undefined. */
export function findTable(catalog: Catalog, schema: string, name: string): CatalogTable | undefined {
  return catalog.schemas.find((s) => s.name === schema)?.tables.find((t) => t.name === name);
}

/** findColumn returns a table's column by name, or undefined. */
export function findColumn(table: CatalogTable, name: string): CatalogColumn | undefined {
  return table.columns.find((c) => c.name === name);
}
