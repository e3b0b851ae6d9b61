import type { CatalogSchema } from '../../catalog/catalog-model.js';

/**
 * The schema model at one point of the estate: what introspecting the configured schemas would
 * give, computed from parse trees. States are immutable; applying effects makes a new one.
 */
export interface SchemaState {
  /** Configured schemas that exist at this point, by name; a value is replaced (never mutated) when its schema changes, so unchanged schemas keep object identity between states. */
  readonly schemas: ReadonlyMap<string, CatalogSchema>;
  /** Configured schemas the model can no longer vouch for, with the first reason (e.g. "auth/0007_x.sql:3:1: DO block"). Sticky for the rest of the estate. */
  readonly inexact: ReadonlyMap<string, string>;
  /** The configured schemas; effects on others are ignored (an addition to the agreed API, so a state carries what emptySchemaState was given). */
  readonly configured: ReadonlySet<string>;
}

/** emptySchemaState is the estate before any migration: no configured schema exists yet. */
export function emptySchemaState(schemas: readonly string[]): SchemaState {
  return { schemas: new Map(), inexact: new Map(), configured: new Set(schemas) };
}
