export type {
  Catalog,
  CatalogColumn,
  CatalogConstraint,
  CatalogEnum,
  CatalogFunction,
  CatalogGrant,
  CatalogIndex,
  CatalogSchema,
  CatalogSequence,
  CatalogTable,
  CatalogView,
  ConstraintKind,
} from './catalog-model.js';
export { describeCatalogDifferences } from './compare-catalogs.js';
export { findColumn, findTable } from './find-table.js';
export type { IntrospectOptions } from './introspect-catalog.js';
export { introspectCatalog } from './introspect-catalog.js';
