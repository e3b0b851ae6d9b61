import type { Catalog, CatalogSchema } from '../catalog/catalog-model.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { type ContextFailure, toContextFailure } from './context-failure.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { CachedContext, CachedFileReview, ReviewCache } from './review-cache.js';
import { fileReviewKey } from './review-cache-keys.js';
import type { ReviewProfile } from './review-profile.js';
import type { MigrationContext, Rule } from './rule.js';
import { type RawViolation, runRules } from './run-rules.js';
import type { PartialCatalog, ShadowReplay } from './shadow-replay.js';

export interface FileRulesInput {
  config: ResolvedConfig;
  migration: ServiceMigration;
  /** The migration's place in the estate's order. */
  index: number;
  /** Hash of what the schema before this migration depends on. */
  beforeKey: string;
  rules: readonly Rule[];
  cache: ReviewCache;
  replay: ShadowReplay;
  /** Live row estimates of the target, `schema.table` -> rows (empty when unreachable). */
  estimates: ReadonlyMap<string, number>;
  profile: ReviewProfile;
}

export interface FileRulesResult {
  violations: RawViolation[];
  /** Earlier migrations that failed on the shadow, so this file's context lacks them. */
  contextFailures: ContextFailure[];
}

/**
 * reviewFileRules gets one file's rule violations: from the cache when the file, the schema
 * before it, the config and the rules are unchanged (and the row estimates the rules looked at
 * still fall on the same side of the large-table threshold); otherwise by running the rules on
 * the cached catalog, or on one from the shadow replay.
 */
export async function reviewFileRules(input: FileRulesInput): Promise<FileRulesResult> {
  const { migration, cache, profile, config } = input;
  const largeTableRows = config.review.largeTableRows;
  const fileKey = fileReviewKey(config, migration, input.beforeKey, input.rules);
  const side = (estimate: number | null | undefined): string =>
    estimate === null || estimate === undefined ? 'unknown' : estimate >= largeTableRows ? 'large' : 'small';

  const cached = await profile.time('cache', () => cache.readFileReview(fileKey));
  if (
    cached !== null &&
    Object.entries(cached.estimates).every(([table, seen]) => side(seen) === side(input.estimates.get(table)))
  ) {
    profile.count('fileCacheHits');
    return {
      violations: relinkViolations(migration.file, cached.violations),
      contextFailures: cached.contextFailures ?? [],
    };
  }

  // Most files are judged without the schema (a CREATE TABLE); run the rules on a catalog that
  // notices being read, and build the real one only for the files whose rules asked for it.
  let touched = false;
  const blind: Catalog = {
    get serverVersion() {
      touched = true;
      return '';
    },
    get schemas() {
      touched = true;
      return [];
    },
  };
  let run = runWithCatalog(input, blind);
  let contextFailures: ContextFailure[] = [];
  if (touched) {
    // Then on the schema as far as the rules read it: a changed schema is introspected only when
    // a rule reads it, and the rules run again until they read only fresh schemas.
    const wanted = new Set<string>();
    let context: CachedContext | null = null;
    let replayed = false;
    for (;;) {
      const got: { context: CachedContext; replayed: boolean } = await contextBefore(input, wanted, context);
      context = got.context;
      replayed ||= got.replayed;
      const read = new Set<string>();
      run = runWithCatalog(input, catalogView(context.catalog, read));
      contextFailures = context.contextFailures;
      const missing = [...read].filter((schema) => !wanted.has(schema));
      if (read.size === 0 || missing.length === 0) break;
      for (const schema of missing) wanted.add(schema);
    }
    const built = context;
    if (replayed) await profile.time('cache', () => cache.writeContext(input.beforeKey, built));
  }
  const entry: CachedFileReview = {
    violations: run.violations.map(({ statement: _statement, ...rest }) => rest),
    estimates: run.estimates,
    contextFailures,
  };
  await profile.time('cache', () => cache.writeFileReview(fileKey, entry));
  return { violations: run.violations, contextFailures };
}

/** covers tells whether a (partial) catalog has every wanted schema that exists read fresh. */
function covers(catalog: PartialCatalog, wanted: ReadonlySet<string> | 'all'): boolean {
  const fresh = new Set(catalog.schemas.map((schema) => schema.name));
  return catalog.existing.every((name) => fresh.has(name) || (wanted !== 'all' && !wanted.has(name)));
}

/**
 * contextBefore gives the schema before the migration with at least the `wanted` schemas read
 * fresh: the one already at hand, the cached one, or one from the shadow replay (`replayed`,
 * which the caller writes to the cache once it has all it needs).
 */
export async function contextBefore(
  input: Pick<FileRulesInput, 'cache' | 'profile' | 'beforeKey' | 'replay' | 'index'>,
  wanted: ReadonlySet<string> | 'all',
  atHand: CachedContext | null = null,
): Promise<{ context: CachedContext; replayed: boolean }> {
  const { cache, profile } = input;
  if (atHand !== null && covers(atHand.catalog, wanted)) return { context: atHand, replayed: false };
  const cached = atHand ?? (await profile.time('cache', () => cache.readContext(input.beforeKey)));
  if (cached !== null && covers(cached.catalog, wanted)) {
    profile.count('catalogCacheHits');
    return { context: cached, replayed: false };
  }
  const replayed = await input.replay.catalogBefore(input.index, wanted);
  // Schemas already read fresh for this same point stay valid: keep them too.
  const names = new Set(replayed.schemas.map((schema) => schema.name));
  const kept = (cached?.catalog.schemas ?? []).filter((schema) => !names.has(schema.name));
  const catalog: PartialCatalog = {
    ...replayed,
    schemas: [...replayed.schemas, ...kept].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
  return {
    context: { catalog, contextFailures: input.replay.failures.map(toContextFailure) },
    replayed: true,
  };
}

/**
 * catalogView is the catalog the rules see: the fresh schemas as they are, and for a schema that
 * exists but was not read again since it changed, a stand-in that records being read (`read`).
 */
function catalogView(catalog: PartialCatalog, read: Set<string>): Catalog {
  const fresh = new Map(catalog.schemas.map((schema) => [schema.name, schema]));
  const standIn = (name: string): CatalogSchema => {
    const note = <T>(value: T): T => {
      read.add(name);
      return value;
    };
    return {
      name,
      get owner() {
        return note('');
      },
      get comment() {
        return note(null);
      },
      get tables() {
        return note([]);
      },
      get views() {
        return note([]);
      },
      get enums() {
        return note([]);
      },
      get sequences() {
        return note([]);
      },
      get functions() {
        return note([]);
      },
      get grants() {
        return note([]);
      },
    };
  };
  return {
    serverVersion: catalog.serverVersion,
    schemas: catalog.existing.map((name) => fresh.get(name) ?? standIn(name)),
  };
}

/** runWithCatalog runs the rules on one file, recording the live row estimates they looked at. */
function runWithCatalog(
  input: FileRulesInput,
  before: Catalog,
): { violations: RawViolation[]; estimates: Record<string, number | null> } {
  const { migration, config } = input;
  const estimates: Record<string, number | null> = {};
  const migrationContext: MigrationContext = {
    file: migration.file,
    service: { name: migration.service.name, schema: migration.service.schema },
    services: config.services.map((service) => ({ name: service.name, schema: service.schema })),
    before,
    largeTableRows: config.review.largeTableRows,
    liveRowEstimate(schema, table) {
      const key = `${schema}.${table}`;
      const estimate = input.estimates.get(key) ?? null;
      estimates[key] = estimate;
      return estimate;
    },
  };
  const violations = input.profile.timeSync('rules', () =>
    runRules(input.rules, migration.file, migrationContext),
  );
  return { violations, estimates };
}

/** relinkViolations gives cached violations their statement again, from the freshly parsed file. */
function relinkViolations(file: MigrationFile, cached: CachedFileReview['violations']): RawViolation[] {
  return cached.map((violation) => {
    const section = violation.section === null ? null : file[violation.section];
    const statement =
      violation.statementIndex === null ? null : (section?.statements[violation.statementIndex] ?? null);
    return { ...violation, statement };
  });
}
