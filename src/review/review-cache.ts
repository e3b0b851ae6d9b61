import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogSchema } from '../catalog/catalog-model.js';
import { markCacheIgnored } from '../config/mark-cache-ignored.js';
import { replaceCacheFile } from '../config/replace-cache-file.js';
import type { ContextFailure } from './context-failure.js';
import type { Finding } from './finding.js';
import type { RawViolation } from './run-rules.js';
import type { SchemaEffect } from './schema-model/schema-effect.js';
import type { PartialCatalog } from './shadow-replay.js';

/** A violation as cached: its statement is found again by section and index in the re-parsed file. */
export type CachedViolation = Omit<RawViolation, 'statement'>;

/**
 * One file's review as the pack keeps it (see fileReviewKey), and what it depended on besides the
 * file itself: the digest of every schema its rules read (`*` for the list of existing schemas),
 * and the row estimates they looked at. It holds while all of those are unchanged.
 */
export interface CachedFileReview {
  reads: Record<string, string>;
  /** Kept only with needsTarget: the findings are judged again from them when a target is there. */
  violations: CachedViolation[];
  /** `schema.table` -> the estimate the rules saw (null: unknown); compared on a later run. */
  estimates: Record<string, number | null>;
  /** Earlier migrations that failed on the shadow, as this file's context saw them. */
  contextFailures: ContextFailure[];
  /** True when a violation carries data checks, which only a target database can run. */
  needsTarget: boolean;
  /**
   * The file's findings with severities and acknowledgements applied, so a hit needs neither the
   * parser nor the file's parse. Null when they came from data checks on a target (those run
   * again on every run); with needsTarget, only a run without a target may use them.
   */
  findings: Finding[] | null;
}

/** The schema before a migration (as far as it was read), and which earlier migrations failed to replay. */
export interface CachedContext {
  catalog: PartialCatalog;
  contextFailures: ContextFailure[];
}

/**
 * ReviewCache keeps, under `.dbward/cache/review/`, each file's review and what each file does to
 * the schema model, in one pack file read once per run; and, for the files judged on the shadow
 * database, the schema before them, stored per schema by the hash of its content so the catalogs
 * of a long history share the schemas that did not change. A read that fails is a miss; a write
 * that fails is ignored: the cache only saves time.
 */
export interface ReviewCache {
  fileReview(key: string): CachedFileReview | null;
  storeFileReview(key: string, review: CachedFileReview): void;
  schemaEffects(key: string): SchemaEffect[] | null;
  storeSchemaEffects(key: string, effects: SchemaEffect[]): void;
  readContext(key: string): Promise<CachedContext | null>;
  writeContext(key: string, context: CachedContext): Promise<void>;
  /** flush saves what changed: new entries appended to the journal, or the whole pack rewritten. */
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

const PACK_FORMAT = 1;
// An entry no run has used for this many days is dropped when the pack is written.
const KEEP_DAYS = 30;

/** The pack file: entries by key, each with the day (since the epoch) a run last used it. */
interface StoredPack {
  format: number;
  files: Record<string, [day: number, review: CachedFileReview]>;
  effects: Record<string, [day: number, effects: SchemaEffect[]]>;
}

/**
 * A line of the journal: an entry stored after the pack was last written, so that a run which
 * adds a few entries appends them instead of rewriting a pack of several MB.
 */
type JournalLine =
  | [kind: 'f', key: string, day: number, review: CachedFileReview]
  | [kind: 'e', key: string, day: number, effects: SchemaEffect[]];

/** The pack as read: the stored entries with the journal's applied over them. */
interface ReadPack {
  pack: StoredPack;
  /** Lines in the journal (the ones that could be read). */
  journalLines: number;
}

/**
 * readPack reads the pack and then its journal synchronously: a few MB, read before anything
 * else can run. A line that cannot be read (cut off by a killed run) is skipped; a later line
 * for the same key wins.
 */
function readPack(packFile: string, journalFile: string): ReadPack {
  let pack: StoredPack = { format: PACK_FORMAT, files: {}, effects: {} };
  try {
    const stored = JSON.parse(readFileSync(packFile, 'utf8')) as StoredPack;
    if (
      stored.format === PACK_FORMAT &&
      typeof stored.files === 'object' &&
      typeof stored.effects === 'object'
    )
      pack = stored;
  } catch {
    // Missing or unreadable: start empty.
  }
  let journalLines = 0;
  let journal = '';
  try {
    journal = readFileSync(journalFile, 'utf8');
  } catch {
    // No journal: nothing stored since the pack was written.
  }
  for (const text of journal.split('\n')) {
    if (text === '') continue;
    try {
      const line = JSON.parse(text) as JournalLine;
      if (line[0] === 'f') pack.files[line[1]] = [line[2], line[3]];
      else if (line[0] === 'e') pack.effects[line[1]] = [line[2], line[3]];
      else continue;
      journalLines++;
    } catch {
      // A torn line: that entry is a miss.
    }
  }
  return { pack, journalLines };
}

/** Appended lines beyond this many, or a quarter of the pack's entries, fold the journal into the pack. */
const JOURNAL_MIN_LINES = 64;

/** openReviewCache reads the pack (one file) and returns the cache over it. */
export async function openReviewCache(rootDir: string): Promise<ReviewCache> {
  const dir = reviewCacheDir(rootDir);
  const packFile = path.join(dir, 'pack.json');
  const journalFile = path.join(dir, 'pack.journal');
  const { pack, journalLines } = readPack(packFile, journalFile);
  const today = Math.floor(Date.now() / 86_400_000);
  // A run that finds everything in the cache writes nothing; one that adds entries appends them to
  // the journal; the pack itself is rewritten only when a day passed since an entry's last use
  // (to record the day, and drop old entries) or when the journal has grown.
  let touched = false;
  let added: JournalLine[] = [];
  const use = <T>(entries: Record<string, [number, T]>, key: string): T | null => {
    const entry = entries[key];
    if (entry === undefined) return null;
    if (entry[0] !== today) {
      entry[0] = today;
      touched = true;
    }
    return entry[1];
  };
  const writePack = (): void => {
    // Entries are dropped in place, and only when one is old enough: most writes drop nothing.
    const prune = <T>(entries: Record<string, [number, T]>): void => {
      for (const key in entries) {
        const entry = entries[key];
        if (entry !== undefined && today - entry[0] > KEEP_DAYS) delete entries[key];
      }
    };
    prune(pack.files);
    prune(pack.effects);
    replaceCacheFile(packFile, JSON.stringify(pack));
    // Its entries are in the pack now. An entry another run appended meanwhile is lost: a miss.
    rmSync(journalFile, { force: true });
    markCacheIgnored(path.dirname(dir));
  };
  const appendJournal = (lines: readonly JournalLine[]): void => {
    try {
      mkdirSync(dir, { recursive: true });
      // One write: concurrent runs append whole lines (a torn one is skipped when read).
      appendFileSync(journalFile, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      markCacheIgnored(path.dirname(dir));
    } catch {
      // Only saves time.
    }
  };

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
  const write = (kind: string, key: string, text: string): void =>
    replaceCacheFile(path.join(dir, kind, `${key}.json`), text);
  const storeSchema = async (schema: CatalogSchema): Promise<string> => {
    let hash = hashOf.get(schema);
    const text = hash === undefined ? JSON.stringify(schema) : '';
    if (hash === undefined) {
      hash = createHash('sha256').update(text).digest('hex');
      hashOf.set(schema, hash);
    }
    if (!written.has(hash)) {
      written.add(hash);
      write('schemas', hash, text === '' ? JSON.stringify(schema) : text);
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
      write('contexts', key, JSON.stringify(stored));
    },
    fileReview: (key) => use(pack.files, key),
    storeFileReview(key, review) {
      pack.files[key] = [today, review];
      added.push(['f', key, today, review]);
    },
    schemaEffects: (key) => use(pack.effects, key),
    storeSchemaEffects(key, effects) {
      pack.effects[key] = [today, effects];
      added.push(['e', key, today, effects]);
    },
    async flush() {
      if (!touched && added.length === 0) return;
      const entries = Object.keys(pack.files).length + Object.keys(pack.effects).length;
      const lines = journalLines + added.length;
      // A first run (every entry new) writes the pack itself.
      const fresh = added.length === entries;
      if (fresh || touched || lines > Math.max(JOURNAL_MIN_LINES, entries / 4)) writePack();
      else appendJournal(added);
      touched = false;
      added = [];
    },
  };
}

/** A cache that holds nothing, for `--no-cache`. */
export const NO_REVIEW_CACHE: ReviewCache = {
  fileReview: () => null,
  storeFileReview: () => {},
  schemaEffects: () => null,
  storeSchemaEffects: () => {},
  readContext: async () => null,
  writeContext: async () => {},
  flush: async () => {},
};
