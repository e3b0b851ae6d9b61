import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogSchema } from '../catalog/catalog-model.js';
import type { ContextFailure } from './context-failure.js';
import type { RawViolation } from './run-rules.js';
import type { PartialCatalog } from './shadow-replay.js';

/** A violation as cached: its statement is found again by section and index in the re-parsed file. */
export type CachedViolation = Omit<RawViolation, 'statement'>;

/** One file's rule results, and what else they depended on. */
export interface CachedFileReview {
  violations: CachedViolation[];
  /** `schema.table` -> the estimate the rules saw (null: unknown); compared on a later run. */
  estimates: Record<string, number | null>;
  /** Earlier migrations that failed on the shadow, as this file's context saw them. */
  contextFailures: ContextFailure[];
}

/** The schema before a migration (as far as it was read), and which earlier migrations failed to replay. */
export interface CachedContext {
  catalog: PartialCatalog;
  contextFailures: ContextFailure[];
}

/**
 * ReviewCache keeps, under `.dbward/cache/review/`, the schema before each reviewed migration and
 * each file's rule results, addressed by content hashes (see review-cache-keys.ts). Catalogs are
 * stored per schema by the hash of its content, so the thousands of catalogs of a long history
 * share the schemas that did not change. A read that fails is a miss; a write that fails is
 * ignored: the cache only saves time.
 */
export interface ReviewCache {
  readContext(key: string): Promise<CachedContext | null>;
  writeContext(key: string, context: CachedContext): Promise<void>;
  readFileReview(key: string): Promise<CachedFileReview | null>;
  writeFileReview(key: string, review: CachedFileReview): Promise<void>;
  /** flush waits for the writes still under way (writes run behind the review's own work). */
  flush(): Promise<void>;
}

export function reviewCacheDir(rootDir: string): string {
  return path.join(rootDir, '.dbward', 'cache', 'review');
}

interface StoredContext {
  serverVersion: string;
  existing: string[];
  /** Content hashes of the catalog's schemas, in order. */
  schemas: string[];
  contextFailures: ContextFailure[];
}

export function openReviewCache(rootDir: string): ReviewCache {
  const dir = reviewCacheDir(rootDir);
  // Within a run the replay hands out the same schema objects while they are unchanged.
  const hashOf = new WeakMap<CatalogSchema, string>();
  const written = new Set<string>();
  const loaded = new Map<string, CatalogSchema>();

  const read = async <T>(kind: string, key: string): Promise<T | null> => {
    try {
      return JSON.parse(await readFile(path.join(dir, kind, `${key}.json`), 'utf8')) as T;
    } catch {
      return null;
    }
  };
  const made = new Set<string>();
  const pending = new Set<Promise<void>>();
  const writeNow = async (kind: string, key: string, text: string): Promise<void> => {
    try {
      const target = path.join(dir, kind, `${key}.json`);
      if (!made.has(kind)) {
        await mkdir(path.dirname(target), { recursive: true });
        made.add(kind);
      }
      // Write then rename, so a concurrent run never reads half a file.
      const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, target);
    } catch {
      // A read-only checkout still reviews, only without a cache.
    }
  };
  // Not awaited by the caller: the disk works while the review goes on; flush() waits.
  const write = async (kind: string, key: string, text: string): Promise<void> => {
    const running = writeNow(kind, key, text).finally(() => pending.delete(running));
    pending.add(running);
  };
  const storeSchema = async (schema: CatalogSchema): Promise<string> => {
    let hash = hashOf.get(schema);
    const text = hash === undefined ? JSON.stringify(schema) : '';
    if (hash === undefined) {
      hash = createHash('sha256').update(text).digest('hex');
      hashOf.set(schema, hash);
    }
    if (!written.has(hash)) {
      written.add(hash);
      await write('schemas', hash, text === '' ? JSON.stringify(schema) : text);
    }
    return hash;
  };
  const loadSchema = async (hash: string): Promise<CatalogSchema | null> => {
    const known = loaded.get(hash);
    if (known !== undefined) return known;
    const schema = await read<CatalogSchema>('schemas', hash);
    if (schema !== null) loaded.set(hash, schema);
    return schema;
  };

  return {
    async readContext(key) {
      const stored = await read<StoredContext>('contexts', key);
      if (stored === null) return null;
      const schemas: CatalogSchema[] = [];
      for (const hash of stored.schemas) {
        const schema = await loadSchema(hash);
        if (schema === null) return null;
        schemas.push(schema);
      }
      return {
        catalog: { serverVersion: stored.serverVersion, existing: stored.existing, schemas },
        contextFailures: stored.contextFailures,
      };
    },
    async writeContext(key, context) {
      const schemas: string[] = [];
      for (const schema of context.catalog.schemas) schemas.push(await storeSchema(schema));
      const stored: StoredContext = {
        serverVersion: context.catalog.serverVersion,
        existing: context.catalog.existing,
        schemas,
        contextFailures: context.contextFailures,
      };
      await write('contexts', key, JSON.stringify(stored));
    },
    readFileReview: (key) => read<CachedFileReview>('files', key),
    writeFileReview: (key, review) => write('files', key, JSON.stringify(review)),
    async flush() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

/** A cache that holds nothing, for `--no-cache`. */
export const NO_REVIEW_CACHE: ReviewCache = {
  readContext: async () => null,
  writeContext: async () => {},
  readFileReview: async () => null,
  writeFileReview: async () => {},
  flush: async () => {},
};
