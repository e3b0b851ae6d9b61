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
