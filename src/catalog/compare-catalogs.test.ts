import { describe, expect, it } from 'vitest';
import type { Catalog, CatalogColumn, CatalogTable } from './catalog-model.js';
import { describeCatalogDifferences } from './compare-catalogs.js';

function column(name: string, position: number, overrides: Partial<CatalogColumn> = {}): CatalogColumn {
  return {
    name,
    type: 'integer',
    baseType: 'int4',
    typeSchema: null,
    length: null,
    scale: null,
    isArray: false,
    notNull: false,
    default: null,
    identity: null,
    generated: null,
    comment: null,
    position,
    ...overrides,
  };
}

function table(name: string, overrides: Partial<CatalogTable> = {}): CatalogTable {
  return {
    schema: 'auth',
    name,
    kind: 'table',
    columns: [column('id', 1, { notNull: true })],
    constraints: [],
    indexes: [],
    comment: null,
    estimatedRows: -1,
    totalBytes: 8192,
    ...overrides,
  };
}

function catalog(tables: CatalogTable[], extras: Partial<Catalog['schemas'][number]> = {}): Catalog {
  return {
    serverVersion: '18.4',
    schemas: [
      {
        name: 'auth',
        owner: 'postgres',
        comment: null,
        tables,
        views: [],
        enums: [],
        sequences: [],
        functions: [],
        grants: [],
        ...extras,
      },
    ],
  };
}

describe('describeCatalogDifferences', () => {
  it('ignores row estimates, sizes and the server version', () => {
    const a = catalog([table('users')]);
    const b = {
      ...catalog([table('users', { estimatedRows: 1000, totalBytes: 1 << 20 })]),
      serverVersion: '15.2',
    };
    expect(describeCatalogDifferences(a, b)).toEqual([]);
  });

  it('names added and removed schemas, tables and columns from a to b', () => {
    const a = catalog([table('users'), table('sessions')]);
    const b = catalog([
      table('users', {
        columns: [column('id', 1, { notNull: true }), column('email', 2, { type: 'text', baseType: 'text' })],
      }),
      table('tokens'),
    ]);
    b.schemas.push({ ...b.schemas[0]!, name: 'leaves', tables: [] });
    expect(describeCatalogDifferences(a, b)).toEqual([
      'column auth.users.email: added',
      'table auth.sessions: removed',
      'table auth.tokens: added',
      'schema leaves: added',
    ]);
  });

  it('names nullability, default and identity changes of a column', () => {
    const a = catalog([table('users')]);
    const b = catalog([table('users', { columns: [column('id', 1, { default: '0', identity: 'always' })] })]);
    expect(describeCatalogDifferences(a, b)).toEqual([
      'column auth.users.id: nullability NOT NULL -> NULL',
      'column auth.users.id: default (none) -> 0',
      'column auth.users.id: identity (none) -> always',
    ]);
  });

  it('shows long definitions around their first difference', () => {
    const body = (n: number) =>
      `CREATE OR REPLACE FUNCTION auth.f()\n RETURNS integer\n LANGUAGE sql\nAS $$ SELECT ${n} + 100000 + 200000 $$`;
    const fn = (n: number) => ({
      schema: 'auth',
      name: 'f',
      arguments: '',
      returns: 'integer',
      language: 'sql',
      definition: body(n),
    });
    const lines = describeCatalogDifferences(
      catalog([], { functions: [fn(1)] }),
      catalog([], { functions: [fn(2)] }),
    );
    expect(lines).toEqual([
      'function auth.f(): definition differs at character 79: ...ger LANGUAGE sql AS $$ SELECT 1 + 100000 + 200000 $$ -> ...ger LANGUAGE sql AS $$ SELECT 2 + 100000 + 200000 $$',
    ]);
  });

  it('reports granted and revoked privileges', () => {
    const grant = { schema: 'auth', object: 'users', grantee: 'leaves_app', privilege: 'SELECT' };
    const onSchema = { schema: 'auth', object: null, grantee: 'leaves_app', privilege: 'USAGE' };
    expect(
      describeCatalogDifferences(catalog([], { grants: [grant] }), catalog([], { grants: [onSchema] })),
    ).toEqual([
      'grant SELECT on auth.users to leaves_app: removed',
      'grant USAGE on schema auth to leaves_app: added',
    ]);
  });

  it('tells a whitespace-only difference apart', () => {
    const view = (definition: string) => ({
      schema: 'auth',
      name: 'v',
      materialized: false,
      definition,
      comment: null,
    });
    expect(
      describeCatalogDifferences(
        catalog([], { views: [view(' SELECT 1;')] }),
        catalog([], { views: [view('SELECT  1;')] }),
      ),
    ).toEqual(['view auth.v: definition differs in whitespace only']);
  });
});
