import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DbwardError } from '../errors/dbward-error.js';

/**
 * acquireDirectoryLock marks `dir` as opened by this process with a `<dir>.lock` file holding the
 * pid. A lock whose process is gone is stale and taken over; a live one is an error (exit 2).
 */
export async function acquireDirectoryLock(dir: string): Promise<() => Promise<void>> {
  const lockFile = `${dir}.lock`;
  await mkdir(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (owner > 0 && (owner === process.pid || isAlive(owner))) {
        throw new DbwardError(
          'embedded-database-busy',
          `open embedded database ${dir}: it is in use by process ${owner}; the embedded database serves one process at a time (set DATABASE_URL to use a server)`,
          { exitCode: 2 },
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new DbwardError(
    'embedded-database-busy',
    `open embedded database ${dir}: could not take ${lockFile}`,
    {
      exitCode: 2,
    },
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
