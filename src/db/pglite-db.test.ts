import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPgliteDb } from './pglite-db.js';

describe('openPgliteDb', () => {
  it('keeps data in its directory across opens, and lets one holder open it at a time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dbward-pglite-'));
    const dataDir = join(dir, 'pgdata');
    try {
      const first = await openPgliteDb({ dataDir });
      await first.exec('CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
      await expect(openPgliteDb({ dataDir })).rejects.toMatchObject({
        code: 'embedded-database-busy',
        exitCode: 2,
      });
      await first.close();
      const second = await openPgliteDb({ dataDir });
      expect((await second.query('SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
      // Sized for one session (initdb's 128MB and 100 connections make every start slower).
      const settings = await second.query<{ buffers: string; connections: string }>(
        "SELECT current_setting('shared_buffers') AS buffers, current_setting('max_connections') AS connections",
      );
      expect(settings.rows).toEqual([{ buffers: '16MB', connections: '10' }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives a fresh empty in-memory database each time', async () => {
    const a = await openPgliteDb();
    await a.exec('CREATE TABLE only_in_a (id int)');
    const b = await openPgliteDb();
    const found = await b.query("SELECT 1 FROM pg_tables WHERE tablename = 'only_in_a'");
    expect(found.rowCount).toBe(0);
    await Promise.all([a.close(), b.close()]);
  });
});
