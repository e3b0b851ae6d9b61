import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_SERVICES } from '../bench-services.mjs';
import { runTimed } from '../run-timed.mjs';

/**
 * dbwardTool runs the built CLI as a deploy does: `dbward up` once for every service (which
 * reviews the pending migrations before applying them), then `dbward down <service> --to 0` per
 * service. Unless `warmReviewCache`, the project's `.dbward/` (review cache) is removed before
 * each `up`, as in a fresh deploy checkout. `downInOneProcess` rolls back every service with
 * one `dbward down <all services> --to 0`. `nodeFlags` lets a run add `--cpu-prof`.
 */
export function dbwardTool({
  repoRoot,
  nodeFlags = [],
  name = 'dbward',
  key = 'dbward',
  warmReviewCache = false,
  downInOneProcess = false,
}) {
  const bin = join(repoRoot, 'bin', 'dbward.js');
  const dbward = (url, files, args) =>
    runTimed(process.execPath, [...nodeFlags, bin, ...args], {
      cwd: files.dbwardDir,
      env: { DATABASE_URL: url, NO_COLOR: '1' },
    });
  return {
    name,
    key,
    historyTable: 'dbward_migrations',
    async up({ url, files }) {
      if (!warmReviewCache) await rm(join(files.dbwardDir, '.dbward'), { recursive: true, force: true });
      return dbward(url, files, ['up']);
    },
    async down({ url, files }) {
      // `down a b c` undoes the named services in reverse config order, in one process.
      if (downInOneProcess) return dbward(url, files, ['down', ...BENCH_SERVICES, '--to', '0']);
      let seconds = 0;
      for (const service of [...BENCH_SERVICES].reverse()) {
        seconds += await dbward(url, files, ['down', service, '--to', '0']);
      }
      return seconds;
    },
  };
}
