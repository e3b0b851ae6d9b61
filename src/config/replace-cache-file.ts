import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * replaceCacheFile writes `text` to `target` under `.dbward/cache/` (making its directory)
 * through a temporary file and a rename, so a concurrent run never reads half a file.
 * Synchronously: a few small or one larger file, where the thread pool's chunked writes only add
 * waiting. A failure is ignored: a read-only checkout still works, only without a cache.
 */
export function replaceCacheFile(target: string, text: string): void {
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch {
    // Only saves time.
  }
}
