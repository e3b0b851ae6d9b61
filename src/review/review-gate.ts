import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Db } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import type { GateVerdict } from '../migrations/apply-migrations.js';
import type { MigrationPlan } from '../migrations/plan-migrations.js';
import { jsonReport } from './reporters/json-reporter.js';
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
      // What blocked the run, for agents reading `up --format json`: the review's own JSON shape.
      { exitCode: 1, details: JSON.parse(jsonReport(report)) as Record<string, unknown> },
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
): (plan: MigrationPlan) => Promise<GateVerdict | undefined> {
  if (options.force !== undefined) checkForceReason(options.force);
  return async (plan) => {
    const paths = plan.services.flatMap((service) => service.pending.map((file) => file.absolutePath));
    if (paths.length === 0) return { forcedFiles: new Set() };
    // The plan has already read and parsed the planned services' files: do not parse them twice.
    const knownFiles = new Map(plan.services.map((service) => [service.service, service.state.files]));
    const report = await reviewMigrations(config, { paths, target: db, cache: options.cache, knownFiles });
    const blocked = report.summary.errors > 0 && options.force === undefined;
    options.onReport?.(report, blocked);
    if (blocked) throw new ReviewGateError(report);
    const forced = report.findings.filter((finding) => finding.severity === 'error' && !finding.acknowledged);
    return { forcedFiles: new Set(forced.map((finding) => finding.file)) };
  };
}

/**
 * checkForceReason refuses a reason that is empty, looks like an option (`up --force --dry-run`
 * would otherwise apply with the reason "--dry-run") or holds control characters (a newline
 * would let the reason pass for more lines of `history`).
 */
function checkForceReason(reason: string): void {
  const problem =
    reason.trim() === ''
      ? 'give the reason the review is overridden'
      : reason.startsWith('-')
        ? `"${reason}" looks like an option, not a reason: write the reason right after --force, in quotes`
        : // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
          /[\u0000-\u001f\u007f]/.test(reason)
          ? 'the reason must be one line of text, without newlines or other control characters'
          : null;
  if (problem === null) return;
  throw new DbwardError(
    'bad-usage',
    `up --force: ${problem}, e.g. --force "restore from backup approved in #123"`,
    { exitCode: 2 },
  );
}
