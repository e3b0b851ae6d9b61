import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BENCH_SERVICES } from '../bench-services.mjs';
import { runTimed } from '../run-timed.mjs';

/**
 * dbmateBinary resolves the platform's Go binary that the `dbmate` npm package ships, so each
 * call costs what a deploy pays (no npx or Node launcher in front of it).
 */
function dbmateBinary() {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve(`@dbmate/${process.platform}-${process.arch}/package.json`);
  return join(dirname(pkg), 'bin', 'dbmate');
}

/** serviceUrl points dbmate at one service's schema: it creates the schema and its history there. */
function serviceUrl(url, service) {
  const u = new URL(url);
  u.searchParams.set('search_path', service);
  u.searchParams.set('sslmode', 'disable');
  return u.toString();
}

/**
 * dbmateTool runs `dbmate up` once per service (its own migrations dir and `search_path`), and
 * rolls back with `dbmate rollback`, which undoes one migration per process.
 */
export const dbmateTool = {
  name: 'dbmate',
  key: 'dbmate',
  historyTable: 'schema_migrations',
  async up({ url, files }) {
    let seconds = 0;
    for (const service of BENCH_SERVICES) seconds += await dbmate(url, service, files, 'up');
    return seconds;
  },
  async down({ url, files, migrations }) {
    let seconds = 0;
    for (const service of [...BENCH_SERVICES].reverse()) {
      const count = migrations.filter((m) => m.service === service).length;
      for (let i = 0; i < count; i++) seconds += await dbmate(url, service, files, 'rollback');
    }
    return seconds;
  },
};

function dbmate(url, service, files, command) {
  return runTimed(
    dbmateBinary(),
    ['--no-dump-schema', '--migrations-dir', files.dbmateDirs(service), command],
    {
      env: { DATABASE_URL: serviceUrl(url, service) },
    },
  );
}
