import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../test/harness/backends.js';
import type { Db } from '../db/db.js';
import { runDataCheck } from './run-data-check.js';

for (const backend of testBackends()) {
  describe(`runDataCheck (narrowing) on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;

    beforeAll(async () => {
      database = await backend.createDatabase();
      db = await database.open();
      await db.exec(`CREATE SCHEMA shop;
        CREATE TABLE shop.items (id int PRIMARY KEY, label varchar(40), price numeric(8,2));
        INSERT INTO shop.items VALUES (1, 'a label well over ten chars', 12.5), (2, 'short', 3);`);
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
    });

    it('lowers the finding when the new type holds every value, with no rows to count', async () => {
      const outcome = await runDataCheck(db, {
        kind: 'narrowing',
        schema: 'shop',
        table: 'items',
        column: 'label',
        newType: 'text',
      });
      expect(outcome.verdict).toBe('lowered');
      expect(outcome.note).toContain('holds every');
    });

    it('confirms a narrowing that would cut values, naming the keys', async () => {
      const outcome = await runDataCheck(db, {
        kind: 'narrowing',
        schema: 'shop',
        table: 'items',
        column: 'label',
        newType: 'varchar(10)',
      });
      expect(outcome.verdict).toBe('confirmed');
      expect(outcome.note).toContain('keys 1');
    });

    it('leaves a check unverified, saying why, when row-level security would hide rows from it', async () => {
      // A role (not a superuser) owning the tables, with forced policies that show it no row:
      // counted as that role, the backup used to vouch for 0 rows and the narrowing found none.
      const role = `dbward_rls_${randomBytes(4).toString('hex')}`;
      await db.exec(`CREATE ROLE ${role};
        CREATE SCHEMA IF NOT EXISTS archive;
        GRANT USAGE, CREATE ON SCHEMA shop, archive TO ${role};
        SET ROLE ${role};
        CREATE TABLE shop.docs (id int PRIMARY KEY, tenant text, title text);
        INSERT INTO shop.docs VALUES (1, 'a', 'a title far too long'), (2, 'b', 'ok'), (3, 'c', 'ok');
        CREATE TABLE archive.shop__docs__empty AS SELECT * FROM shop.docs WHERE false;
        COMMENT ON TABLE archive.shop__docs__empty IS 'dbward backup {"source":"shop.docs"}';
        ALTER TABLE shop.docs ENABLE ROW LEVEL SECURITY;
        ALTER TABLE shop.docs FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_only ON shop.docs USING (tenant = current_setting('app.tenant', true));`);
      try {
        const backup = await runDataCheck(db, {
          kind: 'backup-exists',
          schema: 'shop',
          table: 'docs',
          backupTable: 'archive.shop__docs__empty',
        });
        expect(backup.verdict).toBe('unverified');
        expect(backup.note).toMatch(
          /^not checked on the target database: verify backup archive\.shop__docs__empty of shop\.docs: shop\.docs has row-level security policies .*BYPASSRLS$/,
        );
        const narrowing = await runDataCheck(db, {
          kind: 'narrowing',
          schema: 'shop',
          table: 'docs',
          column: 'title',
          newType: 'varchar(5)',
        });
        expect(narrowing.verdict).toBe('unverified');
        expect(narrowing.note).toContain('shop.docs has row-level security policies that apply');
      } finally {
        await db.exec(`RESET ROLE; DROP OWNED BY ${role}; DROP ROLE ${role};`);
      }
    });

    it('lowers a narrowing no row violates', async () => {
      const outcome = await runDataCheck(db, {
        kind: 'narrowing',
        schema: 'shop',
        table: 'items',
        column: 'price',
        newType: 'numeric(5,2)',
      });
      expect(outcome).toMatchObject({ verdict: 'lowered' });
      expect(outcome.note).toContain('no row');
    });
  });
}
