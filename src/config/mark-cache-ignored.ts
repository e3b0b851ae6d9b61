import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * markCacheIgnored puts a `.gitignore` of `*` into `.dbward/cache` (which must exist): the cache
 * is never something to commit, whether or not the project ignores `.dbward/`.
 */
export function markCacheIgnored(cacheRoot: string): void {
  const ignore = join(cacheRoot, '.gitignore');
  if (existsSync(ignore)) return;
  try {
    writeFileSync(ignore, '*\n');
  } catch {
    // Only cosmetic: a read-only checkout writes no cache either.
  }
}
