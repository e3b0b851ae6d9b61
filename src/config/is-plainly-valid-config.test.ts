import { describe, expect, it } from 'vitest';
import { configSchema } from './config-schema.js';
import { isPlainlyValidConfig } from './is-plainly-valid-config.js';

/** A config that sets every key the schema knows. */
const FULL = {
  database: 'postgres://app@db:5432/kronos',
  shadowDatabaseUrl: 'postgres://app@db:5432/postgres',
  embeddedDataDir: '.dbward/pgdata',
  lockTimeout: '5s',
  statementTimeout: 600_000,
  services: {
    auth: {},
    leaves: {
      schema: 'leave_svc',
      migrations: 'db/leaves',
      seeds: 's/leaves',
      models: 'm.ts',
      schemaFile: 'schema.sql',
      source: 'src/leaves',
      readableBy: ['auth'],
    },
    audit: { readableBy: '*' },
  },
  migrations: { lockRetryAttempts: 5, lockRetryBackoff: '500ms', allowOutOfOrder: false },
  review: { rules: { 'prefer-timestamptz': 'off', 'require-down': 'error' }, largeTableRows: 1_000_000 },
  docs: { output: 'docs/SCHEMA.md' },
};

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'Bad-Name',
  '*',
  '5s',
  '2min',
  '5 s',
  0,
  -1,
  1,
  101,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  2_147_483_647,
  2_147_483_648,
  '2147483647ms',
  '35792m',
  'pg_x',
  true,
  [],
  ['auth'],
  ['Auth'],
  [undefined],
  {},
  { nested: 1 },
  new Date(0),
  Object.create(null),
];

/** Every path to a value in `value`, objects included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...prefix, key]))];
}

function withValue(path: string[], replacement: unknown): unknown {
  const copy = structuredClone(FULL) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  const last = path.at(-1);
  if (last !== undefined) at[last] = replacement;
  return last === undefined ? replacement : copy;
}

describe('isPlainlyValidConfig', () => {
  it('accepts ordinary configs, so that they skip the schema', () => {
    expect(configSchema.safeParse(FULL).success).toBe(true);
    expect(isPlainlyValidConfig(FULL)).toBe(true);
    expect(isPlainlyValidConfig({ services: { app: {} } })).toBe(true);
    expect(isPlainlyValidConfig({ services: { app: {} }, database: undefined })).toBe(true);
    // Blank is invalid: left to zod, which says where.
    expect(isPlainlyValidConfig({ services: { app: {} }, database: '  ' })).toBe(false);
  });

  it('never accepts what the schema rejects: every key set to odd values, removed, or joined by a stranger', () => {
    const candidates: unknown[] = [];
    for (const path of paths(FULL)) {
      for (const odd of ODD_VALUES) candidates.push(withValue(path, odd));
      if (path.length > 0) candidates.push(withValue([...path.slice(0, -1), 'unknownKey'], 1));
    }
    let accepted = 0;
    for (const candidate of candidates) {
      if (!isPlainlyValidConfig(candidate)) continue;
      accepted += 1;
      expect(configSchema.safeParse(candidate).success, JSON.stringify(candidate)).toBe(true);
    }
    // The check is not vacuous: some mutations are valid and the twin agrees they are.
    expect(accepted).toBeGreaterThan(20);
  });

  it('leaves unusual values to the schema', () => {
    const getter = {
      get services() {
        return { app: {} };
      },
    };
    expect(isPlainlyValidConfig(getter)).toBe(false);
    expect(isPlainlyValidConfig(Object.assign(Object.create(null), { services: { app: {} } }))).toBe(false);
    expect(isPlainlyValidConfig({ services: {} })).toBe(false);
    expect(isPlainlyValidConfig({ services: { app: {} }, [Symbol('x')]: 1 })).toBe(false);
  });
});
