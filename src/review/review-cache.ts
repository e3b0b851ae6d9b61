import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RawViolation } from './run-rules.js';

/** A violation as cached: its statement is found again by section and index in the re-parsed file. */
export type CachedViolation = Omit<RawViolation, 'statement'>;

/** One file's rule results, and the live row estimates the rules looked at to get them. */
export interface CachedFileReview {
  violations: CachedViolation[];
  /** `schema.table` -> the estimate seen (null: unknown). A different estimate now is a miss. */
  estimates: Record<string, number | null>;
}

/**
 * ReviewCache keeps, under `.dbward/cache/review/`, the schema before each reviewed migration and
 * each file's rule results, addressed by content hashes (see review-cache-keys.ts). A read that
 * fails for any reason is a miss; a write that fails is ignored: the cache only saves time.
 */
export interface ReviewCache {
  readCatalog(key: string): Promise<unknown>;
  writeCatalog(key: string, context: unknown): Promise<void>;
  readFileReview(key: string): Promise<CachedFileReview | null>;
  writeFileReview(key: string, review: CachedFileReview): Promise<void>;
}

export function reviewCacheDir(rootDir: string): string {
  return path.join(rootDir, '.dbward', 'cache', 'review');
}

export function openReviewCache(rootDir: string): ReviewCache {
  const dir = reviewCacheDir(rootDir);
  const read = async <T>(kind: string, key: string): Promise<T | null> => {
    try {
      return JSON.parse(await readFile(path.join(dir, kind, `${key}.json`), 'utf8')) as T;
    } catch {
      return null;
    }
  };
  const write = async (kind: string, key: string, value: unknown): Promise<void> => {
    try {
      const target = path.join(dir, kind, `${key}.json`);
      await mkdir(path.dirname(target), { recursive: true });
      // Write then rename, so a concurrent run never reads half a file.
      const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(value));
      await rename(temporary, target);
    } catch {
      // A read-only checkout still reviews, only without a cache.
    }
  };
  return {
    readCatalog: (key) => read<unknown>('catalogs', key),
    writeCatalog: (key, context) => write('catalogs', key, context),
    readFileReview: (key) => read<CachedFileReview>('files', key),
    writeFileReview: (key, review) => write('files', key, review),
  };
}

/** A cache that holds nothing, for `--no-cache`. */
export const NO_REVIEW_CACHE: ReviewCache = {
  readCatalog: async () => null,
  writeCatalog: async () => {},
  readFileReview: async () => null,
  writeFileReview: async () => {},
};
