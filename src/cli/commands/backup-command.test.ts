import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

for (const backend of testBackends()) {
  describe(`dbward backup then review on ${backend.name}`, () => {
    let database: TestDatabase;
    let dir: string;
    const cli = (...args: string[]) => runCliInProcess(['--cwd', dir, ...args]);

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dbward-backup-review-'));
      database = await backend.createDatabase();
      const where =
        database.target.kind === 'url'
          ? { database: database.target.url }
          : { embeddedDataDir: database.target.dataDir };
      await writeFile(
        join(dir, 'dbward.config.json'),
        JSON.stringify({ ...where, services: { leaves: {} } }),
      );
      await mkdir(join(dir, 'migrations', 'leaves'), { recursive: true });
      await writeFile(
        join(dir, 'migrations', 'leaves', '0001_requests.sql'),
        `-- migrate:up
CREATE TABLE requests (id bigint PRIMARY KEY, days int);
INSERT INTO requests SELECT g, g FROM generate_series(1, 4) g;
-- migrate:down
DROP TABLE requests;
`,
      );
      const up = await cli('up');
      expect(up.exitCode, up.stderr).toBe(0);
    });
    afterAll(async () => {
      await database?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    async function reviewDrop(directive: string) {
      const file = join(dir, 'migrations', 'leaves', '0002_drop_requests.sql');
      await writeFile(
        file,
        `-- migrate:up\n${directive}\nDROP TABLE requests;\n-- migrate:down\nCREATE TABLE requests (id bigint PRIMARY KEY, days int);\n`,
      );
      const run = await cli('--format', 'json', 'review', file);
      const report = JSON.parse(run.stdout);
      const drop = report.findings.find((f: { rule: string }) => f.rule === 'drop-table');
      return { exitCode: run.exitCode, drop };
    }

    it('the printed directive satisfies drop-table while the backup holds every row', async () => {
      const backup = await cli('--format', 'json', 'backup', 'leaves', 'requests');
      expect(backup.exitCode, backup.stderr).toBe(0);
      const { directive } = JSON.parse(backup.stdout);
      const satisfied = await reviewDrop(directive);
      expect(satisfied.exitCode).toBe(0);
      expect(satisfied.drop).toMatchObject({ acknowledged: true });
      expect(satisfied.drop.reason).toContain('holds 4 rows');

      // A row written after the backup would be lost: the DROP is blocked again.
      const db = await database.open();
      await db.exec('INSERT INTO leaves.requests VALUES (5, 5)');
      await db.close();
      const stale = await reviewDrop(directive);
      expect(stale.exitCode).toBe(1);
      expect(stale.drop).toMatchObject({ acknowledged: false, severity: 'error' });
      expect(stale.drop.message).toContain('holds 4 rows but leaves.requests has 5');
    });
  });
}
