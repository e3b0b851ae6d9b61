#!/usr/bin/env node
// Usage: node bench/migrations/check-durability-barrier.mjs   (after `npm run build`)
// Checks that the engine's DURABILITY_BARRIER_SQL really flushes the WAL of earlier asynchronous
// commits. A server with the WAL writer slowed to 10 s runs, 20 times: an asynchronous commit of
// some DDL, then the barrier, then compares pg_current_wal_flush_lsn() with
// pg_current_wal_insert_lsn(). A real write committed synchronously is the control.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { startBenchPostgres } from './start-bench-postgres.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { DURABILITY_BARRIER_SQL } = await import(
  pathToFileURL(join(repoRoot, 'dist', 'migrations', 'migration-settings.js')).href
);

const server = await startBenchPostgres({
  // Without this the WAL writer flushes within 200 ms and hides a barrier that does nothing.
  postgresFlags: ['-c', 'wal_writer_delay=10000', '-c', 'wal_writer_flush_after=0'],
});
const client = new pg.Client({ connectionString: server.url });
await client.connect();
let failed = false;
try {
  await client.query('CREATE TABLE bench_marker (id int)');
  const candidates = [
    ['engine DURABILITY_BARRIER_SQL', DURABILITY_BARRIER_SQL],
    ['control: a synchronous commit that writes', 'BEGIN; INSERT INTO bench_marker VALUES (1); COMMIT;'],
  ];
  for (const [name, barrier] of candidates) {
    const trials = 20;
    let flushed = 0;
    for (let i = 0; i < trials; i++) {
      await client.query(
        `BEGIN; SET LOCAL synchronous_commit = off; CREATE TABLE ${pg.escapeIdentifier(`t_${name.length}_${i}`)} (id int); COMMIT;`,
      );
      await client.query(barrier);
      const { rows } = await client.query(
        'SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn() AS flushed',
      );
      if (rows[0].flushed) flushed++;
    }
    const ok = flushed === trials;
    if (!ok && name.startsWith('engine')) failed = true;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name}: the WAL was flushed after ${flushed} of ${trials} barriers`,
    );
  }
} finally {
  await client.end();
  await server.stop();
}
if (failed) {
  console.log(
    'the barrier commits without writing WAL, so PostgreSQL commits it asynchronously too (RecordTransactionCommit flushes only when the transaction wrote WAL)',
  );
  process.exit(1);
}
