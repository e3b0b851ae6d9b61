import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testBackends } from '../../../test/harness/backends.js';
import { runCliInProcess } from '../../../test/harness/run-cli.js';

const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');

for (const backend of testBackends()) {
  describe(`dbward backup on ${backend.name}`, () => {
    let database: TestDatabase;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dbward-backup-cli-'));
      database = await backend.createDatabase();
      const db = await database.open();
      await db.exec(`CREATE SCHEMA leaves;
        CREATE TABLE leaves.requests (id int PRIMARY KEY, reason text, days int);
        INSERT INTO leaves.requests SELECT g, 'r' || g, g FROM generate_series(1, 3) g;`);
      // PGlite's directory has one holder at a time: the CLI opens it next.
      await db.close();
      const where =
        database.target.kind === 'url'
          ? { database: database.target.url }
          : { embeddedDataDir: database.target.dataDir };
      await writeFile(
        join(dir, 'dbward.config.json'),
        JSON.stringify({ ...where, services: { leaves: {} } }),
      );
    });
    afterAll(async () => {
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('prints the row count and the directive to paste before the DROP', async () => {
      const run = await runCliInProcess(['--cwd', dir, 'backup', 'leaves', 'requests']);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(`Copied 3 rows of leaves.requests to archive.leaves__requests__${today}`);
      expect(run.stdout).toContain(`-- dbward:backup archive.leaves__requests__${today}\n`);
    });

    it('backs up listed columns with the primary key and reports JSON', async () => {
      const run = await runCliInProcess([
        '--cwd',
        dir,
        '--format',
        'json',
        'backup',
        'leaves',
        'requests',
        '--columns',
        'reason, days',
      ]);
      expect(run.exitCode).toBe(0);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({
        archiveTable: `archive.leaves__requests__${today}_2`,
        columns: ['id', 'reason', 'days'],
        rows: 3,
        directive: `-- dbward:backup archive.leaves__requests__${today}_2`,
      });
    });

    it('exits 2 for an unknown service', async () => {
      const run = await runCliInProcess(['--cwd', dir, 'backup', 'payroll', 'requests']);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('no service "payroll"');
      expect(run.stderr).not.toContain('    at ');
    });

    it('exits 1 naming the schema-qualified table when it does not exist', async () => {
      const run = await runCliInProcess(['--cwd', dir, 'backup', 'leaves', 'balances']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('table leaves.balances does not exist');
    });

    it('exits 1 naming an unknown column', async () => {
      const run = await runCliInProcess(['--cwd', dir, 'backup', 'leaves', 'requests', '--columns', 'hours']);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain('no column "hours"');
    });
  });
}
