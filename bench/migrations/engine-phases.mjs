#!/usr/bin/env node
// Usage: node bench/migrations/engine-phases.mjs [--migrations N] [--repeat R] [--dbward-root DIR]...
// Times dbward's engine in one process, phase by phase (import, config, plan, apply, status,
// rollback),
// without the CLI and without the review gate, on a fresh embedded PostgreSQL 18. Several
// --dbward-root give an A/B of engine changes (each root must be built: `npm run build` there).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createBenchDatabase, historyCount } from './bench-database.mjs';
import { generateMigrations } from './generate-migrations.mjs';
import { median } from './render-results.mjs';
import { startBenchPostgres } from './start-bench-postgres.mjs';
import { writeMigrationFiles } from './write-migration-files.mjs';

const { values: flags } = parseArgs({
  options: {
    migrations: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '3' },
    'dbward-root': { type: 'string', multiple: true },
  },
});
const roots = (flags['dbward-root'] ?? [resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')]).map(
  (root) => resolve(root),
);
const count = Number(flags.migrations);
const repeat = Number(flags.repeat);

const workDir = await mkdtemp(join(tmpdir(), 'dbward-bench-phases-'));
const migrations = generateMigrations(count);
const files = await writeMigrationFiles(workDir, migrations);
const server = await startBenchPostgres();
const PHASES = ['import', 'config', 'plan', 'apply', 'status', 'rollback'];
try {
  const timings = new Map(roots.map((root) => [root, Object.fromEntries(PHASES.map((p) => [p, []]))]));
  for (let round = 0; round < repeat; round++) {
    for (const root of roots) {
      const t = timings.get(root);
      // A fresh module instance per round would need a new process; the first round pays the cold import.
      const started = performance.now();
      const dbward = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
      t.import.push(performance.now() - started);
      const db = await createBenchDatabase(server.url, 'phases');
      try {
        let mark = performance.now();
        const lap = (phase) => {
          const now = performance.now();
          t[phase].push(now - mark);
          mark = now;
        };
        const config = await dbward.loadConfig({ cwd: files.dbwardDir, databaseUrl: db.url });
        lap('config');
        const conn = await dbward.openDb(config.database);
        try {
          mark = performance.now();
          await dbward.planMigrations(config, conn);
          lap('plan');
          const applied = await dbward.applyMigrations(config, conn);
          lap('apply');
          if (applied.failure || applied.problems.length > 0) throw new Error(`apply failed in ${root}`);
          const rows = await historyCount(db.url, 'dbward_migrations');
          if (rows !== count) throw new Error(`${root}: ${rows} history rows after apply, expected ${count}`);
          mark = performance.now();
          const status = await dbward.migrationStatus(config, conn);
          lap('status');
          if (!status.ok) throw new Error(`${root}: status reports problems after apply`);
          mark = performance.now();
          for (const service of [...config.services].reverse()) {
            const result = await dbward.rollbackMigrations(config, conn, { service: service.name, to: 0 });
            if (result.failure) throw new Error(`rollback of ${service.name} failed in ${root}`);
          }
          lap('rollback');
        } finally {
          await conn.close();
        }
        if ((await historyCount(db.url, 'dbward_migrations')) !== 0) throw new Error('history not empty');
      } finally {
        await db.drop();
      }
    }
  }
  console.log(`${count} migrations, median ms of ${repeat} (import: the first, cold, one)`);
  console.log(`| dbward root | ${PHASES.join(' | ')} |`);
  console.log(`|---|${PHASES.map(() => '---:').join('|')}|`);
  for (const [root, t] of timings) {
    const cells = PHASES.map((p) => (p === 'import' ? t[p][0] : median(t[p])).toFixed(0));
    console.log(`| ${root} | ${cells.join(' | ')} |`);
  }
  console.log(
    'apply includes its own plan; plan is timed alone to show the cost of reading and parsing files;',
  );
  console.log('status runs with everything applied (what a deploy with nothing new pays before it starts)');
} finally {
  await server.stop();
  await rm(workDir, { recursive: true, force: true });
}
