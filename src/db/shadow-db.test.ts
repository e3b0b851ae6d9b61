import { describe, expect, inject, it } from 'vitest';
import { openNodePostgresDb } from './node-postgres-db.js';
import { createShadowDb } from './shadow-db.js';

describe('createShadowDb on a server', () => {
  it('creates a database on the server of the URL, whatever form the password takes, and drops it', async () => {
    const server = new URL(inject('embeddedPgUrl'));
    const password = decodeURIComponent(server.password);
    const inQuery = new URL(server);
    inQuery.password = '';
    inQuery.searchParams.set('password', password);
    for (const url of [server.toString(), inQuery.toString()]) {
      const shadow = await createShadowDb(url);
      const name = (await shadow.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db;
      expect(name).toMatch(/^dbward_shadow_/);
      expect(shadow.label).not.toContain(password);
      await shadow.close();
      const admin = await openNodePostgresDb(url);
      const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      await admin.close();
      expect(left.rowCount).toBe(0);
    }
  });

  it('refuses a URL it cannot use, password masked', async () => {
    const error = await createShadowDb('postgres://app:hunter2#secret@127.0.0.1:1/x').catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      /^invalid database URL postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/x: /,
    );
  });
});
