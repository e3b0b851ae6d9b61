import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { appliedVia } from './applied-via.js';
import { applyMigrationChunk, nextChunk } from './apply-migration-chunk.js';
import { applyNoTransactionMigration, applyOneMigration, sourceOfUp } from './apply-one-migration.js';
import { checkMigrationIntegrity, type IntegrityProblem } from './check-migration-integrity.js';
import { describeMigrationFailure } from './describe-migration-failure.js';
import { createHistoryTableSql, readAppliedMigrations } from './history-table.js';
import { isWorthRerunning } from './migration-chunks.js';
import type { MigrationFailure } from './migration-failure.js';
import type { MigrationFile } from './migration-file-types.js';
import type { ProgressListener } from './migration-progress.js';
import { type MigrationRef, migrationRefOf } from './migration-ref.js';
import {
  migrationLockName,
  migrationRunContext,
  serverTraits,
  withRetries,
} from './migration-run-context.js';
import { DURABILITY_BARRIER_SQL } from './migration-settings.js';
import { withOnlyStatementPosition } from './only-statement-offset.js';
import { type MigrationPlan, type PlanOptions, planMigrations, type ServicePlan } from './plan-migrations.js';
import { isLockTimeout } from './retry-on-lock-timeout.js';
import { pendingMigrations } from './service-migrations.js';

export interface ApplyOptions extends PlanOptions {
  /** Plan only: report what would be applied, change nothing. */
  dryRun?: boolean;
  onProgress?: ProgressListener;
  /**
   * beforeApply sees the plan after the integrity checks and before anything runs; throwing
   * stops the run with nothing applied (the place for a review gate).
   */
  beforeApply?: (plan: MigrationPlan) => Promise<GateVerdict | undefined>;
  /** Stored in each history row's forced_reason (why a gate was overridden). */
  forcedReason?: string;
  /** OS side of applied_by; default `user@host` of this machine. */
  appliedVia?: string;
}

/** What a review gate let through. */
export interface GateVerdict {
  /** Files whose error-level findings were forced: `forcedReason` is stored on their rows only. */
  forcedFiles: ReadonlySet<string>;
}

export interface AppliedStep {
  id: number;
  name: string;
  file: string;
  durationMs: number;
  /** More than 1 when lock timeouts were retried. */
  attempts: number;
}

export interface ServiceApplyResult {
  service: string;
  schema: string;
  applied: AppliedStep[];
  /** Ids planned but found applied by another process once the lock was held. */
  skipped: number[];
  /** Still pending after the run (all of them for a dry run or after a failure). */
  pending: MigrationRef[];
}

export interface ApplyResult {
  services: ServiceApplyResult[];
  /** Integrity problems: when any, nothing was applied. */
  problems: IntegrityProblem[];
  /** The migration that failed; earlier ones stay applied, later ones did not run. */
  failure: MigrationFailure | null;
  dryRun: boolean;
  totalMs: number;
}

/**
 * applyMigrations applies pending migrations service by service in config order (or the named
 * ones), each migration in its own transaction with its history row, under one advisory lock per
 * service. It checks every file and the history first and applies nothing when anything is wrong.
 */
export async function applyMigrations(
  config: ResolvedConfig,
  db: Db,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const started = performance.now();
  const plan = await planMigrations(config, db, options);
  for (const note of plan.warnings)
    options.onProgress?.({ kind: 'warning', service: note.service, file: note.file, message: note.message });
  const dryRun = options.dryRun === true;
  const untouched = (servicePlan: ServicePlan): ServiceApplyResult => ({
    service: servicePlan.service,
    schema: servicePlan.schema,
    applied: [],
    skipped: [],
    pending: servicePlan.pending.map(migrationRefOf),
  });
  const finish = (
    services: ServiceApplyResult[],
    problems: IntegrityProblem[],
    failure: MigrationFailure | null,
  ) => ({
    services,
    problems,
    failure,
    dryRun,
    totalMs: performance.now() - started,
  });
  if (plan.problems.length > 0) return finish(plan.services.map(untouched), plan.problems, null);
  // A dry run is checked as the real run would be: "would apply" must not list what the gate refuses.
  const verdict = await options.beforeApply?.(plan);
  if (dryRun) return finish(plan.services.map(untouched), plan.problems, null);

  const identity = {
    appliedVia: options.appliedVia ?? appliedVia(),
    forcedReason: options.forcedReason ?? null,
    forcedFiles: verdict?.forcedFiles ?? null,
  };
  const results: ServiceApplyResult[] = [];
  const traits = await serverTraits(db);
  for (const [index, servicePlan] of plan.services.entries()) {
    if (servicePlan.pending.length === 0) {
      results.push(untouched(servicePlan));
      continue;
    }
    const service = servicePlan.state.service;
    const context = migrationRunContext(config, db, service, options.onProgress, traits);
    const outcome = await db.withAdvisoryLock(
      migrationLockName(service.schema),
      async () => {
        await db.exec(createHistoryTableSql(service.schema));
        // Another process may have applied some while this one waited for the lock.
        const applied = await readAppliedMigrations(db, service.schema);
        const state = { ...servicePlan.state, applied };
        const problems = checkMigrationIntegrity(state, { allowOutOfOrder: plan.allowOutOfOrder });
        const pending = pendingMigrations(state.files, applied, plan.to);
        const result: ServiceApplyResult = {
          ...untouched(servicePlan),
          skipped: servicePlan.pending.filter((file) => !pending.includes(file)).map((file) => file.id),
          pending: pending.map(migrationRefOf),
        };
        if (problems.length > 0) return { result, problems, failure: null };
        let failed = false;
        try {
          const applyStep = (file: MigrationFile, durationMs: number, attempts: number) => {
            const step = { id: file.id, name: file.name, file: file.path, durationMs, attempts };
            result.applied.push(step);
            result.pending = result.pending.filter((ref) => ref.id !== file.id);
            context.onProgress({ kind: 'applied', service: service.name, ...step });
          };
          for (let next = 0; next < pending.length; ) {
            let chunkFailure: unknown = null;
            let connectionLost = false;
            let failedAt: number | null = null;
            // Several transactional migrations per round trip; a failed one is re-run alone below.
            const chunk = context.chunked ? nextChunk(pending.slice(next)) : [];
            if (chunk.length > 1) {
              const outcome = await applyMigrationChunk(context, chunk, identity);
              for (const step of outcome.applied) applyStep(step.file, step.durationMs, 1);
              next += outcome.applied.length;
              if (outcome.complete) continue;
              chunkFailure = outcome.error;
              connectionLost = outcome.connectionLost;
              failedAt = outcome.failedAt;
            }
            const file = pending[next];
            if (file === undefined) break;
            const began = performance.now();
            const run = file.noTransaction
              ? await applyNoTransactionMigration(context, file, identity)
              : !connectionLost && (chunkFailure === null || isWorthRerunning(chunkFailure))
                ? await withRetries(
                    context,
                    file.path,
                    // A retry after a lock timeout goes statement by statement, so a last failure names its statement.
                    (attempt) =>
                      applyOneMigration(context, file, identity, { statementByStatement: attempt > 1 }),
                    isLockTimeout(chunkFailure)
                      ? await withOnlyStatementPosition(chunkFailure, file.up?.sql ?? null, failedAt)
                      : undefined,
                  )
                : {
                    ok: false as const,
                    error: await withOnlyStatementPosition(chunkFailure, file.up?.sql ?? null, failedAt),
                    attempts: 1,
                  };
            if (!run.ok) {
              const failure = describeMigrationFailure(run.error, {
                action: 'apply',
                service: service.name,
                id: file.id,
                file: file.path,
                source: sourceOfUp(file),
                attempts: run.attempts,
                lockTimeoutMs: config.lockTimeoutMs,
                noTransaction: file.noTransaction,
              });
              failed = true;
              return { result, problems, failure };
            }
            applyStep(file, performance.now() - began, run.attempts);
            next++;
          }
        } finally {
          // One flush for the run's asynchronous commits, before the lock is released. After a
          // failure (a lost connection, say) the barrier's own error must not hide it.
          if (result.applied.length > 0)
            await db.exec(DURABILITY_BARRIER_SQL).catch((error: unknown) => {
              if (!failed) throw error;
            });
        }
        return { result, problems, failure: null };
      },
      {
        onWait: () =>
          context.onProgress({ kind: 'waiting-for-lock', service: service.name, schema: service.schema }),
      },
    );
    results.push(outcome.result);
    if (outcome.problems.length > 0 || outcome.failure !== null) {
      results.push(...plan.services.slice(index + 1).map(untouched));
      return finish(results, outcome.problems, outcome.failure);
    }
  }
  return finish(results, [], null);
}
