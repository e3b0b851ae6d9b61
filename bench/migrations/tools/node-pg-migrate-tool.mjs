import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BENCH_SERVICES } from '../bench-services.mjs';
import { runTimed } from '../run-timed.mjs';

function cliPath() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('node-pg-migrate/package.json')), 'bin', 'node-pg-migrate.js');
}

/**
 * nodePgMigrateTool runs the node-pg-migrate CLI once per service with `--schema <service>
 * --create-schema` (history in the service's schema, as dbward keeps it), its defaults
 * otherwise; rollback is `down <count>` per service.
 */
export const nodePgMigrateTool = {
  name: 'node-pg-migrate',
  key: 'node-pg-migrate',
  historyTable: 'pgmigrations',
  async up({ url, files }) {
    let seconds = 0;
    for (const service of BENCH_SERVICES) seconds += await npm(url, service, files, ['up']);
    return seconds;
  },
  async down({ url, files, migrations }) {
    let seconds = 0;
    for (const service of [...BENCH_SERVICES].reverse()) {
      const count = migrations.filter((m) => m.service === service).length;
      seconds += await npm(url, service, files, ['down', String(count)]);
    }
    return seconds;
  },
};

function npm(url, service, files, args) {
  return runTimed(
    process.execPath,
    [cliPath(), ...args, '--migrations-dir', files.npmDirs(service), '--schema', service, '--create-schema'],
    { env: { DATABASE_URL: url } },
  );
}
