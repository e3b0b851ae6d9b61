import type { Catalog, CatalogSchema } from '../catalog/catalog-model.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { loadSqlParser } from '../migrations/sql-parser.js';
import { type ContextFailure, toContextFailure } from './context-failure.js';
import type { ServiceMigration } from './estate-migrations.js';
import { fileFindings } from './file-findings.js';
import type { Finding } from './finding.js';
import type { WriterBefore } from './pending-writers.js';
import type { CachedContext, CachedFileReview, ReviewCache } from './review-cache.js';
import { fileReviewKey, schemaEffectsKey } from './review-cache-keys.js';
import type { ReviewProfile } from './review-profile.js';
import type { MigrationContext, Rule } from './rule.js';
import { type RawViolation, runRules } from './run-rules.js';
import {
  EXISTING_SCHEMAS,
  recordingCatalog,
  recordingSchema,
  type SchemaContextAt,
} from './schema-context.js';
import { judgeOwnEffects, schemasAffected } from './schema-model/apply-schema-effects.js';
import { migrationSchemaEffects } from './schema-model/migration-schema-effects.js';
import type { SchemaState } from './schema-model/schema-state.js';
import type { PartialCatalog, ShadowReplay } from './shadow-replay.js';

export interface FileReviewInput {
  config: ResolvedConfig;
  migration: ServiceMigration;
  /** The migration's place in the estate's order. */
  index: number;
  /** The schema model before this migration. */
  before: SchemaContextAt;
  /** Hash of what the shadow's schema before this migration depends on (fallback cache). */
  beforeKey: string;
  rules: readonly Rule[];
  /** reviewKeyBase of the config and rules (the same for every file of a run). */
  keyBase: string;
  cache: ReviewCache;
  /** The shadow, for files whose rules read a schema the model cannot vouch for. */
  replay: ShadowReplay;
  /** Live row estimates of the target, `schema.table` -> rows (empty when unreachable). */
  estimates: ReadonlyMap<string, number>;
  /** The target database for data checks, or null. */
  target: Db | null;
  /** Which migration of the same run may write a table before this one (see pending-writers.ts). */
  writerBefore?: WriterBefore;
  profile: ReviewProfile;
}

export interface FileReviewResult {
  findings: Finding[];
  /** Earlier migrations that failed on the shadow, so this file's context lacks them. */
  contextFailures: ContextFailure[];
}

/**
 * reviewFile gives one file's findings. From the cache when the file, the config and the rules
 * are unchanged, every schema its rules read then is unchanged now, and the row estimates they
 * looked at fall on the same side of the large-table threshold: then the file is not even
 * parsed, unless a data check must ask the target again. Otherwise the rules run on the schema
 * model, or on the shadow's catalog when they read a schema the model cannot vouch for.
 */
export async function reviewFile(input: FileReviewInput): Promise<FileReviewResult> {
  const { migration, cache, profile, config, before } = input;
  const largeTableRows = config.review.largeTableRows;
  const key = fileReviewKey(input.keyBase, migration);
  const side = (estimate: number | null | undefined): string =>
    estimate === null || estimate === undefined ? 'unknown' : estimate >= largeTableRows ? 'large' : 'small';

  const cached = cache.fileReview(key);
  if (
    cached !== null &&
    Object.entries(cached.reads).every(([schema, digest]) => before.digests.get(schema) === digest) &&
    Object.entries(cached.estimates).every(([table, seen]) => side(seen) === side(input.estimates.get(table)))
  ) {
    profile.count('fileCacheHits');
    // Findings judged without data checks hold unless this run has a target to check them on.
    if (cached.findings !== null && (!cached.needsTarget || input.target === null))
      return { findings: cached.findings, contextFailures: cached.contextFailures };
    await loadSqlParser();
    const violations = relinkViolations(migration.file, cached.violations);
    const findings = await profile.time('post', () =>
      fileFindings(migration, violations, config.review.rules, input.target, input.writerBefore),
    );
    return { findings, contextFailures: cached.contextFailures };
  }

  await loadSqlParser();
  const state = before.state();
  const read = new Set<string>();
  let run = runWithCatalog(input, recordingCatalog(state, read));
  let contextFailures: ContextFailure[] = [];
  if ([...read].some((schema) => state.inexact.has(schema))) {
    profile.count('shadowFallbacks');
    const fallback = await runOnShadow(input, read);
    run = fallback.run;
    contextFailures = fallback.contextFailures;
  }
  const own = await ownApplyFailures(input, state);
  contextFailures = [...contextFailures, ...own.failures];
  const findings = await profile.time('post', () =>
    fileFindings(migration, run.violations, config.review.rules, input.target, input.writerBefore),
  );
  const needsTarget = run.violations.some((violation) => (violation.dataChecks?.length ?? 0) > 0);
  const reads: Record<string, string> = {};
  for (const schema of [...read, ...own.judgedOn]) {
    const digest = before.digests.get(schema);
    if (digest !== undefined) reads[schema] = digest;
  }
  const entry: CachedFileReview = {
    reads,
    // Only a file whose findings carry data checks is judged again from its violations (on a run
    // with a target); for the others the findings are the whole answer (and the violations ~15% of the pack).
    violations: needsTarget ? run.violations.map(({ statement: _statement, ...rest }) => rest) : [],
    estimates: run.estimates,
    contextFailures,
    needsTarget,
    findings: needsTarget && input.target !== null ? null : findings,
  };
  cache.storeFileReview(key, entry);
  return { findings, contextFailures };
}

/**
 * ownApplyFailures: whether the file itself would fail on the schema before it. The model says
 * when one of its statements does not fit (ALTER of a table that does not exist, a name already
 * taken); that may also be a gap of the model, so the shadow, replayed through this file, decides,
 * and only then (a file that fits the model costs nothing more). Without this, a broken newest
 * migration was reported only once a later file was reviewed on top of it. `judgedOn` are the
 * schemas the verdict depends on, for the cache entry.
 */
async function ownApplyFailures(
  input: FileReviewInput,
  state: SchemaState,
): Promise<{ failures: ContextFailure[]; judgedOn: string[] }> {
  const { migration, cache, config } = input;
  const key = schemaEffectsKey(migration);
  let effects = cache.schemaEffects(key);
  if (effects === null) {
    // Stored: the walk needs the same effects for the next file's schema.
    effects = migrationSchemaEffects(migration);
    cache.storeSchemaEffects(key, effects);
    input.profile.count('effectsComputed');
  }
  const affected = schemasAffected(effects);
  const judgedOn =
    affected === 'all'
      ? [...config.services.map((service) => service.schema), EXISTING_SCHEMAS]
      : [...affected];
  const verdict = judgeOwnEffects(state, effects, migration.file.path);
  if (verdict.after !== null) input.before.adoptAfter(verdict.after);
  if (verdict.mismatches.length === 0) return { failures: [], judgedOn };
  input.profile.count('ownApplyChecks');
  if (input.replay.applied <= input.index) await input.replay.catalogBefore(input.index + 1, new Set());
  const failures = input.replay.failures
    .filter((failure) => failure.migration === migration)
    .map(toContextFailure);
  return { failures, judgedOn };
}

/**
 * runOnShadow runs the rules on the shadow database's catalog before the file: a changed schema
 * is introspected only when a rule reads it, and the rules run again until they read only fresh
 * schemas. The schemas read are added to `read`.
 */
async function runOnShadow(
  input: FileReviewInput,
  read: Set<string>,
): Promise<{ run: RuleRun; contextFailures: ContextFailure[] }> {
  const wanted = new Set<string>([...read].filter((schema) => input.before.state().schemas.has(schema)));
  let context: CachedContext | null = null;
  let replayed = false;
  let run: RuleRun;
  for (;;) {
    const got: { context: CachedContext; replayed: boolean } = await contextBefore(input, wanted, context);
    context = got.context;
    replayed ||= got.replayed;
    const readNow = new Set<string>();
    run = runWithCatalog(input, catalogView(context.catalog, readNow));
    for (const schema of readNow) read.add(schema);
    const missing = [...readNow].filter((schema) => !wanted.has(schema));
    if (missing.length === 0) break;
    for (const schema of missing) wanted.add(schema);
  }
  const built = context;
  if (replayed) await input.profile.time('cache', () => input.cache.writeContext(input.beforeKey, built));
  return { run, contextFailures: built.contextFailures };
}

/** covers tells whether a (partial) catalog has every wanted schema that exists read fresh. */
function covers(catalog: PartialCatalog, wanted: ReadonlySet<string> | 'all'): boolean {
  const fresh = new Set(catalog.schemas.map((schema) => schema.name));
  return catalog.existing.every((name) => fresh.has(name) || (wanted !== 'all' && !wanted.has(name)));
}

/**
 * contextBefore gives the shadow's schema before the migration with at least the `wanted` schemas
 * read fresh: the one already at hand, the cached one, or one from the shadow replay (`replayed`,
 * which the caller writes to the cache once it has all it needs).
 */
export async function contextBefore(
  input: Pick<FileReviewInput, 'cache' | 'profile' | 'beforeKey' | 'replay' | 'index'>,
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
 * catalogView is the shadow catalog the rules see: the fresh schemas as they are, and for a schema
 * that exists but was not read again since it changed, a stand-in that records being read (`read`).
 */
function catalogView(catalog: PartialCatalog, read: Set<string>): Catalog {
  const fresh = new Map(catalog.schemas.map((schema) => [schema.name, schema]));
  // A schema changed since it was last read: empty, and noting that a rule wants it.
  const standIn = (name: string): CatalogSchema =>
    recordingSchema(
      {
        name,
        owner: '',
        comment: null,
        tables: [],
        views: [],
        enums: [],
        sequences: [],
        functions: [],
        grants: [],
      },
      read,
    );
  return {
    serverVersion: catalog.serverVersion,
    schemas: catalog.existing.map((name) => fresh.get(name) ?? standIn(name)),
  };
}

interface RuleRun {
  violations: RawViolation[];
  estimates: Record<string, number | null>;
}

/** runWithCatalog runs the rules on one file, recording the live row estimates they looked at. */
function runWithCatalog(input: FileReviewInput, before: Catalog): RuleRun {
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
