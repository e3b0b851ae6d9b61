import type { Catalog } from '../catalog/catalog-model.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { type ContextFailure, toContextFailure } from './context-failure.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { CachedContext, CachedFileReview, ReviewCache } from './review-cache.js';
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
    const context = await contextBefore(input);
    run = runWithCatalog(input, context.catalog);
    contextFailures = context.contextFailures;
  }
  const entry: CachedFileReview = {
    violations: run.violations.map(({ statement: _statement, ...rest }) => rest),
    estimates: run.estimates,
    contextFailures,
  };
  await profile.time('cache', () => cache.writeFileReview(fileKey, entry));
  return { violations: run.violations, contextFailures };
}

/** contextBefore gives the schema before the migration: from the cache, or from the shadow replay. */
export async function contextBefore(
  input: Pick<FileRulesInput, 'cache' | 'profile' | 'beforeKey' | 'replay' | 'index'>,
): Promise<CachedContext> {
  const { cache, profile } = input;
  const cached = await profile.time('cache', () => cache.readContext(input.beforeKey));
  if (cached !== null) {
    profile.count('catalogCacheHits');
    return cached;
  }
  const catalog = await input.replay.catalogBefore(input.index);
  const context = { catalog, contextFailures: input.replay.failures.map(toContextFailure) };
  await profile.time('cache', () => cache.writeContext(input.beforeKey, context));
  return context;
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
