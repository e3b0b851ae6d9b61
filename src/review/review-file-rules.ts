import type { Catalog } from '../catalog/catalog-model.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { type ContextFailure, toContextFailure } from './context-failure.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { CachedFileReview, ReviewCache } from './review-cache.js';
import { fileReviewKey } from './review-cache-keys.js';
import type { ReviewProfile } from './review-profile.js';
import type { MigrationContext, Rule } from './rule.js';
import { type RawViolation, runRules } from './run-rules.js';
import type { ShadowReplay } from './shadow-replay.js';

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

/** The schema before a migration as cached: the catalog, and which earlier migrations failed to replay. */
interface CachedContext {
  catalog: Catalog;
  contextFailures: ContextFailure[];
}

interface CachedRules extends CachedFileReview {
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

  const cached = (await profile.time('cache', () => cache.readFileReview(fileKey))) as CachedRules | null;
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

  let context = (await profile.time('cache', () =>
    cache.readCatalog(input.beforeKey),
  )) as CachedContext | null;
  if (context?.catalog === undefined) {
    const catalog = await profile.time('context', () => input.replay.catalogBefore(input.index));
    context = { catalog, contextFailures: input.replay.failures.map(toContextFailure) };
    const built = context;
    await profile.time('cache', () => cache.writeCatalog(input.beforeKey, built));
  } else {
    profile.count('catalogCacheHits');
  }

  const seen: Record<string, number | null> = {};
  const migrationContext: MigrationContext = {
    file: migration.file,
    service: { name: migration.service.name, schema: migration.service.schema },
    services: config.services.map((service) => ({ name: service.name, schema: service.schema })),
    before: context.catalog,
    largeTableRows,
    liveRowEstimate(schema, table) {
      const key = `${schema}.${table}`;
      const estimate = input.estimates.get(key) ?? null;
      seen[key] = estimate;
      return estimate;
    },
  };
  const violations = profile.timeSync('rules', () => runRules(input.rules, migration.file, migrationContext));
  const entry: CachedRules = {
    violations: violations.map(({ statement: _statement, ...rest }) => rest),
    estimates: seen,
    contextFailures: context.contextFailures,
  };
  await profile.time('cache', () => cache.writeFileReview(fileKey, entry));
  return { violations, contextFailures: context.contextFailures };
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
