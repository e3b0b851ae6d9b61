import { join } from 'node:path';
import { BENCH_SERVICES } from '../bench-services.mjs';
import { runTimed } from '../run-timed.mjs';

/**
 * dbwardTool runs the built CLI as a deploy does: `dbward up` once for every service, then
 * `dbward down <service> --to 0` per service. `nodeFlags` lets a run add `--cpu-prof`.
 */
export function dbwardTool({ repoRoot, nodeFlags = [] }) {
  const bin = join(repoRoot, 'bin', 'dbward.js');
  const dbward = (url, files, args) =>
    runTimed(process.execPath, [...nodeFlags, bin, ...args], {
      cwd: files.dbwardDir,
      env: { DATABASE_URL: url, NO_COLOR: '1' },
    });
  return {
    name: 'dbward',
    key: 'dbward',
    historyTable: 'dbward_migrations',
    up: ({ url, files }) => dbward(url, files, ['up']),
    async down({ url, files }) {
      let seconds = 0;
      for (const service of [...BENCH_SERVICES].reverse()) {
        seconds += await dbward(url, files, ['down', service, '--to', '0']);
      }
      return seconds;
    },
  };
}
