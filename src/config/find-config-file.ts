import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CONFIG_FILE_NAMES = [
  'dbward.config.ts',
  'dbward.config.mts',
  'dbward.config.mjs',
  'dbward.config.js',
  'dbward.config.json',
] as const;

/** findConfigFile looks for a dbward config in `startDir` and each directory above it. */
export function findConfigFile(startDir: string): string | null {
  let dir = startDir;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
