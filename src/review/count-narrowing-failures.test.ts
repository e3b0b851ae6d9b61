import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import { type CountNarrowingOptions, countNarrowingFailures } from './count-narrowing-failures.js';

const FIXTURE = `
CREATE SCHEMA hr;
CREATE TYPE hr.level AS ENUM ('junior', 'senior');
CREATE TABLE hr.people (
  id int PRIMARY KEY,
  name varchar(100),
  code text,
  headcount bigint,
  salary numeric(12,4),
  ratio float8,
  started text,
  seen_at timestamp,
  grade text
);
INSERT INTO hr.people VALUES
  (1, 'Ann',            '42',          10,           1234.5000,    1.0, '2024-01-31', '2024-01-01 00:00', 'junior'),
  (2, 'Bartholomew',    'abc',         3000000000,   1234567.1200, 2.5, '2024-02-30', '2024-01-01 13:45', 'senior'),
  (3, 'Christopher',    '1.5',         -40000,       12.3456,      4e12, 'yesterday', '2024-03-01 00:00', 'boss'),
  (4, 'Di',             ' 7 ',         NULL,         NULL,         NULL, 'not a date', NULL, NULL),
  (5, NULL,             '99999999999', 32767,        99.99,        -3.0, '2024-12-01', '2024-05-05 00:00:01', 'junior');
CREATE TABLE hr.pairs (team text, seat int, label varchar(20), PRIMARY KEY (team, seat));
INSERT INTO hr.pairs VALUES ('a', 1, 'short'), ('b', 2, 'much longer label');
CREATE TABLE hr.nokey (label text);
INSERT INTO hr.nokey VALUES ('ok'), ('far too long');
CREATE TABLE hr.strings (id int PRIMARY KEY, label text, bits varbit(8), flags bit(4));
INSERT INTO hr.strings VALUES
  (1, 'short',                 B'1',        B'1010'),
  (2, 'padded       ',         B'10101010', B'0000'),
  (3, repeat('x', 63),         B'1010',     NULL),
  (4, repeat('é', 32),         NULL,        B'1111'),
  (5, repeat('x', 64),         B'10101',    B'0001');
`;

/** alterOnCopy runs the ALTER on a copy of the table: what PostgreSQL itself makes of the rows. */
async function alterOnCopy(
  db: Db,
  table: string,
  column: string,
  type: string,
): Promise<{ failed: boolean; changed: number }> {
  return db.transaction(async (tx) => {
    await tx.exec(
      `CREATE TEMP TABLE copy ON COMMIT DROP AS SELECT id, ${column} AS old, ${column} AS c FROM ${table}`,
    );
    const failed = await tx
      .exec(`SAVEPOINT s; ALTER TABLE copy ALTER COLUMN c TYPE ${type}`)
      .then(() => false)
      .catch(async () => {
        await tx.exec('ROLLBACK TO SAVEPOINT s');
        return true;
      });
    const changed = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM copy WHERE c::text IS DISTINCT FROM old::text',
    );
    return { failed, changed: failed ? 0 : (changed.rows[0]?.n ?? 0) };
  });
}

for (const backend of testBackends()) {
  describe(`countNarrowingFailures on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;
    let hasInputCheck: boolean;
    const count = (column: string, newType: string, extra: Partial<CountNarrowingOptions> = {}) =>
      countNarrowingFailures(db, { schema: 'hr', table: 'people', column, newType, ...extra });

    beforeAll(async () => {
      database = await backend.createDatabase();
      db = await database.open();
      await db.exec(FIXTURE);
      const version = await db.query<{ n: number }>(`SELECT current_setting('server_version_num')::int AS n`);
      hasInputCheck = (version.rows[0]?.n ?? 0) >= 160000;
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('counts values longer than a shorter varchar as failing (ALTER assigns), keyed by the primary key', async () => {
      const result = await count('name', 'varchar(5)');
      expect(result).toMatchObject({ failing: 2, truncating: 0, method: 'length-check' });
      expect(result.examples.map((e) => e.key).sort()).toEqual(['2', '3']);
      expect(result.examples.find((e) => e.key === '2')?.value).toBe('Bartholomew');
    });

    it('finds nothing when every value fits, and skips the scan for widening', async () => {
      expect(await count('name', 'character varying(11)')).toMatchObject({
        failing: 0,
        truncating: 0,
        examples: [],
      });
      expect(await count('name', 'text')).toMatchObject({ failing: 0, truncating: 0, method: 'none' });
    });

    it('counts integers out of range of a smaller integer type', async () => {
      expect(await count('headcount', 'integer')).toMatchObject({
        failing: 1,
        truncating: 0,
        examples: [{ key: '2', value: '3000000000' }],
        method: 'integer-range-check',
      });
      const small = await count('headcount', 'smallint');
      expect(small.failing).toBe(2);
      expect(small.examples.map((e) => e.key).sort()).toEqual(['2', '3']);
    });

    it('separates numerics too large (failing) from numerics rounded (truncating)', async () => {
      const result = await count('salary', 'numeric(8,2)');
      // 1234567.12 needs 7 digits before the point (6 allowed); 12.3456 loses two decimals.
      expect(result).toMatchObject({ failing: 1, truncating: 1, method: 'numeric-precision-check' });
      expect(result.examples.map((e) => e.key).sort()).toEqual(['2', '3']);
      expect(await count('salary', 'numeric(11,4)')).toMatchObject({ failing: 0, truncating: 0 });
    });

    it('counts floats with a fraction as rounded and huge ones as failing for an integer', async () => {
      expect(await count('ratio', 'int4')).toMatchObject({ failing: 1, truncating: 1 });
    });

    it('counts text that is not a valid integer, with the best check the server has', async () => {
      const result = await count('code', 'integer');
      // 'abc', '1.5' and '99999999999' fail; '42' and ' 7 ' are valid integer input.
      expect(result.failing).toBe(3);
      expect(result.truncating).toBe(0);
      expect(result.method).toBe(hasInputCheck ? 'pg_input_is_valid' : 'cast-per-row');
      expect(result.examples.map((e) => e.key).sort()).toEqual(['2', '3', '5']);
    });

    it('gives the same counts with the per-row PL/pgSQL fallback used before PostgreSQL 16', async () => {
      const fallback = await count('code', 'integer', { forceCastPerRow: true });
      expect(fallback).toMatchObject({ failing: 3, truncating: 0, method: 'cast-per-row' });
      const dates = await count('started', 'date', { forceCastPerRow: true });
      // '2024-02-30' and 'not a date' fail; 'yesterday' is valid date input.
      expect(dates).toMatchObject({ failing: 2, truncating: 0 });
      expect(dates.examples.map((e) => e.value).sort()).toEqual(['2024-02-30', 'not a date']);
    });

    it('counts text that is not a valid date or enum label', async () => {
      expect(await count('started', 'date')).toMatchObject({ failing: 2, truncating: 0 });
      expect(await count('grade', 'level')).toMatchObject({
        failing: 1,
        examples: [{ key: '3', value: 'boss' }],
      });
    });

    it('counts text numbers rounded by a numeric scale', async () => {
      expect(await count('code', 'numeric(4,0)')).toMatchObject({ failing: 2, truncating: 1 });
    });

    it('casts other conversions row by row and counts values changed by the round trip', async () => {
      const result = await count('seen_at', 'date');
      expect(result).toMatchObject({ failing: 0, truncating: 2, method: 'cast-per-row' });
      expect(result.examples.map((e) => e.key).sort()).toEqual(['2', '5']);
    });

    it('keys examples by a composite primary key, or by ctid without one', async () => {
      const pairs = await countNarrowingFailures(db, {
        schema: 'hr',
        table: 'pairs',
        column: 'label',
        newType: 'varchar(10)',
      });
      expect(pairs.examples).toEqual([{ key: '(b,2)', value: 'much longer label' }]);
      const nokey = await countNarrowingFailures(db, {
        schema: 'hr',
        table: 'nokey',
        column: 'label',
        newType: 'varchar(5)',
      });
      expect(nokey.failing).toBe(1);
      expect(nokey.examples[0]?.key).toMatch(/^\(\d+,\d+\)$/);
    });

    describe('length limits, as PostgreSQL applies them (checked on a copy of the table)', () => {
      const strings = (column: string, newType: string, extra: Partial<CountNarrowingOptions> = {}) =>
        countNarrowingFailures(db, { schema: 'hr', table: 'strings', column, newType, ...extra });

      it('fails on a value too long for varchar(n) or char(n) but cuts an excess of blanks', async () => {
        for (const type of ['varchar(6)', 'char(6)']) {
          const result = await strings('label', type);
          // 'padded       ' loses blanks only; the 63- and 64-character values do not fit.
          expect(result).toMatchObject({ failing: 3, truncating: 1, method: 'length-check' });
          expect((await alterOnCopy(db, 'hr.strings', 'label', type)).failed).toBe(true);
        }
        expect(await strings('label', 'varchar(63)')).toMatchObject({ failing: 1, truncating: 0 });
        const blanksOnly = await alterOnCopy(
          db,
          '(SELECT * FROM hr.strings WHERE id <= 2) s',
          'label',
          'varchar(6)',
        );
        expect(blanksOnly).toEqual({ failed: false, changed: 1 });
      });

      it('counts every value too long as cut when the migration casts explicitly (USING col::type)', async () => {
        expect(await strings('label', 'varchar(6)', { explicitCast: true })).toMatchObject({
          failing: 0,
          truncating: 4,
        });
        expect(await strings('bits', 'varbit(4)', { explicitCast: true })).toMatchObject({
          failing: 0,
          truncating: 2,
        });
      });

      it('counts values over 63 bytes, not characters, as cut by text -> name', async () => {
        const result = await strings('label', 'name');
        // repeat('x', 64) is 64 bytes; repeat('é', 32) is 32 characters but 64 bytes.
        expect(result).toMatchObject({ failing: 0, truncating: 2, method: 'length-check' });
        expect(result.examples.map((e) => e.key).sort()).toEqual(['4', '5']);
        expect(await alterOnCopy(db, 'hr.strings', 'label', 'name')).toEqual({ failed: false, changed: 2 });
      });

      it('fails on bit strings too long for bit varying(n), or of another length than bit(n)', async () => {
        expect(await strings('bits', 'varbit(4)')).toMatchObject({ failing: 2, method: 'length-check' });
        expect((await alterOnCopy(db, 'hr.strings', 'bits', 'varbit(4)')).failed).toBe(true);
        expect(await strings('bits', 'varbit(8)')).toMatchObject({ failing: 0, truncating: 0 });
        expect(await strings('flags', 'bit(8)')).toMatchObject({ failing: 4, truncating: 0 });
        expect(await strings('bits', 'bit(4)')).toMatchObject({ failing: 3, truncating: 0 });
      });
    });

    it('limits examples to sampleKeys', async () => {
      const result = await count('code', 'integer', { sampleKeys: 2 });
      expect(result.failing).toBe(3);
      expect(result.examples).toHaveLength(2);
    });

    it('refuses text that is not one type name, without running it', async () => {
      const error = await count('code', 'int4; DROP TABLE hr.people').catch((e) => e);
      expect(error).toBeInstanceOf(DbwardError);
      expect(error.code).toBe('invalid-type-name');
      const still = await db.query(`SELECT 1 FROM hr.people`);
      expect(still.rows.length).toBe(5);
      expect((await count('code', 'int4 FROM pg_class').catch((e) => e)).code).toBe('invalid-type-name');
    });

    it('names an unknown type, table or column', async () => {
      expect((await count('code', 'hr.nope').catch((e) => e)).message).toContain(
        'type hr.nope does not exist',
      );
      expect((await count('missing', 'int4').catch((e) => e)).message).toContain(
        'hr.people has no column "missing"',
      );
      const table = await countNarrowingFailures(db, {
        schema: 'hr',
        table: 'ghosts',
        column: 'x',
        newType: 'int4',
      }).catch((e) => e);
      expect(table.message).toContain('table hr.ghosts does not exist');
    });

    it("runs on a session inside the caller's transaction, resolving types as the migration will", async () => {
      const result = await db.transaction((tx) =>
        countNarrowingFailures(tx, { schema: 'hr', table: 'people', column: 'grade', newType: 'level' }),
      );
      expect(result).toMatchObject({ failing: 1, toType: '"hr"."level"' });
      expect((await count('name', 'varchar(5)')).toType).toBe('"pg_catalog"."varchar"(5)');
    });

    it('refuses to count a table whose row-level security hides rows from the role, instead of finding none', async () => {
      // A role (not a superuser) owning the table, with a forced policy that shows it no row.
      const role = `dbward_rls_${randomBytes(4).toString('hex')}`;
      await db.exec(`CREATE ROLE ${role};
        GRANT USAGE, CREATE ON SCHEMA hr TO ${role};
        SET ROLE ${role};
        CREATE TABLE hr.docs (id int PRIMARY KEY, tenant text, title text, code text);
        INSERT INTO hr.docs VALUES (1, 'a', 'a title far too long', 'x'), (2, 'b', 'ok', '7');
        ALTER TABLE hr.docs ENABLE ROW LEVEL SECURITY;
        ALTER TABLE hr.docs FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_only ON hr.docs USING (tenant = current_setting('app.tenant', true));`);
      // A set-based scan, and the per-row cast through a temporary function.
      const checks = [
        { schema: 'hr', table: 'docs', column: 'title', newType: 'varchar(5)' },
        { schema: 'hr', table: 'docs', column: 'code', newType: 'integer', forceCastPerRow: true },
      ];
      try {
        for (const options of checks) {
          const error = await countNarrowingFailures(db, options).catch((e) => e);
          expect(error).toBeInstanceOf(DbwardError);
          expect(error).toMatchObject({ code: 'row-security', sqlState: '42501' });
          expect(error.message).toMatch(
            /^count rows of hr\.docs\.\w+ that do not fit \S+: hr\.docs has row-level security policies that apply to this database role, so the count would leave out every row they hide \(42501 .*\); run it as .*BYPASSRLS$/,
          );
        }
        await db.exec('ALTER TABLE hr.docs NO FORCE ROW LEVEL SECURITY');
        for (const options of checks)
          expect(await countNarrowingFailures(db, options)).toMatchObject({ failing: 1 });
      } finally {
        await db.exec(`RESET ROLE; DROP OWNED BY ${role}; DROP ROLE ${role};`);
      }
    });

    it('leaves no function behind', async () => {
      await count('seen_at', 'date');
      const left = await db.query(`SELECT 1 FROM pg_proc WHERE proname = 'dbward_cast_outcome'`);
      expect(left.rows.length).toBe(0);
    });
  });
}
