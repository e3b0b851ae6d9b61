import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import type { MigrationFile } from '../migrations/migration-file-types.js';
import { appliedMigrationIds } from './applied-migration-ids.js';
import { checkConfiguredRules } from './check-configured-rules.js';
import { configuredSeverity } from './configured-severity.js';
import { type ContextFailure, contextFailureFinding } from './context-failure.js';
import { discoverEstateMigrations } from './estate-migrations.js';
import { compareFindings, type Finding, type ReviewResult, summarizeFindings } from './finding.js';
import { gitChangedFiles } from './git-changed-files.js';
import { readLiveRowEstimates } from './live-row-estimates.js';
import { openTargetIfReachable } from './open-target-if-reachable.js';
import { pendingWriters, type WriterBefore } from './pending-writers.js';
import { NO_REVIEW_CACHE, openReviewCache } from './review-cache.js';
import { beforeKeys, reviewKeyBase } from './review-cache-keys.js';
import { contextBefore, reviewFile } from './review-file.js';
import { createReviewProfile, type ReviewProfile } from './review-profile.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';
import { createSchemaContextWalk } from './schema-context.js';
import { nothingSelectedMessage, type ReviewSelection, selectMigrations } from './select-migrations.js';
import { createShadowReplay } from './shadow-replay.js';

export interface ReviewOptions extends ReviewSelection {
  /** Where relative `paths` are resolved and `git` runs; default the project root. */
  cwd?: string;
  /**
   * The target database: an open connection to use (the `up` gate passes its own), null to
   * leave it alone, or undefined to open it when reachable (and close it again).
   */
  target?: Db | null;
  /** False: neither read nor write `.dbward/cache/review/`. */
  cache?: boolean;
  /** The rules to run; default the registry. */
  rules?: readonly Rule[];
  /** Migration files the caller has already read and parsed, by service name (the `up` gate). */
  knownFiles?: ReadonlyMap<string, readonly MigrationFile[]>;
}

/** A review's findings and summary, plus what it looked at and where the time went. */
export interface ReviewReport extends ReviewResult {
  /** The reviewed files, in review order, relative to the project root. */
  files: string[];
  /**
   * Null when some file was selected; else why none was, e.g. `nothing to review: no migration
   * file changed since HEAD` or `nothing to review: no pending migrations`.
   */
  nothingToReview: string | null;
  /** True when the target database answered (pending selection, row estimates, data checks). */
  targetReachable: boolean;
  /** Why the configured database could not be used (its URL redacted); null when it was, or there is none yet. */
  targetUnreachable: string | null;
  /** True when a shadow database was started (false on a fully cached run). */
  shadowStarted: boolean;
  profile: Pick<ReviewProfile, 'milliseconds' | 'counts'>;
}

/**
 * reviewMigrations reviews migration files against the schema each one runs on. It selects the
 * files (paths, a service, files changed since a git ref, all, or by default those pending on the
 * target), folds all services' earlier migrations into a schema model built from their parse
 * trees to get the catalog before each file (replaying them on a shadow database only for the
 * files whose rules read a schema the model cannot vouch for: a DO block, a TS migration...),
 * runs the rules, checks data on the target when it is reachable, and applies the config's
 * severities and the files' acknowledgements. Each file's effects on the model and its findings
 * are cached by content hash, so a run where little changed parses only the changed files.
 */
export async function reviewMigrations(
  config: ResolvedConfig,
  options: ReviewOptions = {},
): Promise<ReviewReport> {
  const profile = createReviewProfile();
  const rules = options.rules ?? RULES;
  checkConfiguredRules(config, rules);
  const cwd = options.cwd ?? config.rootDir;
  const cache =
    options.cache === false
      ? NO_REVIEW_CACHE
      : await profile.time('cache', () => openReviewCache(config.rootDir));

  const estate = await profile.time('discover', () =>
    discoverEstateMigrations(config, options.knownFiles, {
      loadParser: false,
      fileIndex: options.cache !== false,
    }),
  );
  const since = options.since;
  const changedFiles =
    since === undefined ? null : await profile.time('git', () => gitChangedFiles(since, cwd));

  const ownsTarget = options.target === undefined;
  const reached = ownsTarget
    ? await profile.time('connect', () => openTargetIfReachable(config.database))
    : { db: options.target ?? null, unreachable: null };
  const target = reached.db;
  const schemas = config.services.map((service) => service.schema);
  const replay = createShadowReplay({
    shadowDatabaseUrl: config.shadowDatabaseUrl,
    estate,
    schemas,
    profile,
  });
  try {
    const explicit = options.all === true || (options.paths?.length ?? 0) > 0 || changedFiles !== null;
    const applied =
      target === null
        ? null
        : explicit
          ? new Map()
          : await profile.time('target', () => appliedMigrationIds(target, config.services));
    const selected = selectMigrations(estate, options, {
      cwd,
      serviceNames: config.services.map((service) => service.name),
      changedFiles,
      applied,
    });
    // What the run will apply, in order: a backup counted now must not vouch for rows an
    // earlier one of them adds. The selection is what `up` applies (the gate) or what is pending.
    let writerBefore: WriterBefore | undefined;
    if (target !== null && selected.length > 1) {
      const appliedIds =
        applied !== null && applied.size > 0
          ? applied
          : await profile.time('target', () => appliedMigrationIds(target, config.services));
      const pending = selected.filter(
        (migration) => !(appliedIds.get(migration.service.name)?.has(migration.file.id) ?? false),
      );
      writerBefore = pendingWriters(pending, config.services);
    }
    const estimates =
      target === null || selected.length === 0
        ? new Map<string, number>()
        : await profile.time('target', () => readLiveRowEstimates(target, schemas));

    // Only the shadow fallback's cached catalogs use these: computed when first needed.
    let beforeKeyList: string[] | null = null;
    const keys = (): string[] => {
      beforeKeyList ??= beforeKeys(config, estate);
      return beforeKeyList;
    };
    const walk = createSchemaContextWalk({ config, estate, cache, profile });
    const keyBase = reviewKeyBase(config, rules);
    const indexOf = new Map(estate.map((migration, index) => [migration, index]));
    const ordered = [...selected].sort((a, b) => (indexOf.get(a) ?? 0) - (indexOf.get(b) ?? 0));
    const findings: Finding[] = [];
    const contextFailures = new Map<string, ContextFailure>();
    for (const migration of ordered) {
      const index = indexOf.get(migration) ?? 0;
      const run = await reviewFile({
        config,
        migration,
        index,
        before: await walk.before(index),
        keyBase,
        // A getter: only a file that falls back to the shadow reads it.
        get beforeKey() {
          return keys()[index] ?? '';
        },
        rules,
        cache,
        replay,
        estimates,
        target,
        writerBefore,
        profile,
      });
      for (const failure of run.contextFailures) {
        contextFailures.set(`${failure.file}:${failure.line}:${failure.column}`, failure);
      }
      findings.push(...run.findings);
    }
    if (replay.started) {
      // The shadow is up anyway: keep the schema before the newest file and after all files, so
      // editing the newest migration or adding one later needs no shadow.
      for (const index of [estate.length - 1, estate.length]) {
        const beforeKey = keys()[index];
        // The replay may already be past the newest file (it applied it to see whether it fails).
        if (index < replay.applied || beforeKey === undefined) continue;
        const got = await contextBefore({ cache, profile, replay, index, beforeKey }, 'all');
        if (got.replayed) await profile.time('cache', () => cache.writeContext(beforeKey, got.context));
      }
    }
    for (const failure of contextFailures.values()) {
      const finding = contextFailureFinding(failure);
      const severity = configuredSeverity(config.review.rules, finding.rule, finding.severity, false);
      if (severity !== null) findings.push({ ...finding, severity });
    }
    findings.sort(compareFindings);
    return {
      findings,
      summary: summarizeFindings(findings, ordered.length),
      files: ordered.map((migration) => migration.file.path),
      nothingToReview: ordered.length === 0 ? nothingSelectedMessage(options, target !== null) : null,
      targetReachable: target !== null,
      targetUnreachable: reached.unreachable,
      shadowStarted: replay.started,
      profile: { milliseconds: profile.milliseconds, counts: profile.counts },
    };
  } finally {
    await cache.flush();
    await replay.close();
    if (ownsTarget) await target?.close();
  }
}
