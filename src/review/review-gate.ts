import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import type { MigrationPlan } from '../migrations/plan-migrations.js';
import { type ReviewReport, reviewMigrations } from './review-migrations.js';

export interface ReviewGateOptions {
  /** `up --force "<reason>"`: apply despite error-level findings (the reason goes into history). */
  force?: string;
  /** Sees the review of what is about to be applied (the CLI prints it), blocked or not. */
  onReport?: (report: ReviewReport, blocked: boolean) => void;
  /** False: do not use `.dbward/cache/review/`. */
  cache?: boolean;
}

/** ReviewGateError stops `up` before anything is applied; the review that blocked it is attached. */
export class ReviewGateError extends DbwardError {
  readonly report: ReviewReport;

  constructor(report: ReviewReport) {
    const { errors } = report.summary;
    super(
      'review-gate',
      `apply migrations: review found ${errors} unacknowledged error${errors === 1 ? '' : 's'} in what would be applied; nothing applied (fix them, acknowledge each with -- dbward:allow <rule> reason="...", or override with --force "<reason>")`,
      { exitCode: 1 },
    );
    this.name = 'ReviewGateError';
    this.report = report;
  }
}

/**
 * reviewGate is the `beforeApply` hook of `applyMigrations`: it reviews exactly the migrations
 * the plan would apply, against the database `up` holds (row estimates and data checks
 * included), and throws ReviewGateError on unacknowledged error-level findings unless forced.
 */
export function reviewGate(
  config: ResolvedConfig,
  db: Db,
  options: ReviewGateOptions = {},
): (plan: MigrationPlan) => Promise<void> {
  if (options.force !== undefined && options.force.trim() === '') {
    throw new DbwardError(
      'bad-usage',
      'up --force: give the reason the review is overridden, e.g. --force "restore from backup approved in #123"',
      {
        exitCode: 2,
      },
    );
  }
  return async (plan) => {
    const paths = plan.services.flatMap((service) => service.pending.map((file) => file.absolutePath));
    if (paths.length === 0) return;
    // The plan has already read and parsed the planned services' files: do not parse them twice.
    const knownFiles = new Map(plan.services.map((service) => [service.service, service.state.files]));
    const report = await reviewMigrations(config, { paths, target: db, cache: options.cache, knownFiles });
    const blocked = report.summary.errors > 0 && options.force === undefined;
    options.onReport?.(report, blocked);
    if (blocked) throw new ReviewGateError(report);
  };
}
