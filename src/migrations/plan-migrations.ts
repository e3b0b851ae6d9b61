import type { ResolvedConfig } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import { DbwardError } from '../errors/dbward-error.js';
import type { AppliedMigration } from './applied-migration.js';
import { checkMigrationIntegrity, type IntegrityProblem } from './check-migration-integrity.js';
import type { MigrationFile } from './migration-file-types.js';
import type { MigrationFolderNote } from './migration-folder-notes.js';
import { selectServices } from './select-services.js';
import { loadServiceMigrations, pendingMigrations, type ServiceMigrations } from './service-migrations.js';
import { typescriptMigrationProblems } from './typescript-migration-preflight.js';

export interface PlanOptions {
  /** Service names; all services in config order when empty. */
  services?: readonly string[];
  /** Apply up to and including this id. */
  to?: number;
  /** Overrides `migrations.allowOutOfOrder` of the config. */
  allowOutOfOrder?: boolean;
}

/** ServicePlan is what `up` would do for one service, as of the moment it was planned. */
export interface ServicePlan {
  service: string;
  schema: string;
  applied: AppliedMigration[];
  pending: MigrationFile[];
  /** The service's files and history, kept for the run. */
  state: ServiceMigrations;
}

/** MigrationPlan is what `up` would apply; `problems` non-empty means it must not run. */
export interface MigrationPlan {
  services: ServicePlan[];
  problems: IntegrityProblem[];
  /**
   * `.sql` files in the planned folders that are not migrations: a misnamed migration is skipped
   * by discovery, so `up` says so, or "nothing to apply" would look like success.
   */
  warnings: MigrationFolderNote[];
  allowOutOfOrder: boolean;
  to: number | undefined;
}

/**
 * planMigrations reads files and history and returns what `up` would apply, service by service,
 * with every integrity problem. Read-only: creates nothing in the database. Every pending
 * TypeScript migration is loaded (its top-level code runs): one that cannot be is a problem here,
 * not a failure after the migrations before it were applied.
 */
export async function planMigrations(
  config: ResolvedConfig,
  session: DbSession,
  options: PlanOptions = {},
): Promise<MigrationPlan> {
  const services = selectServices(config, options.services, 'plan migrations');
  const allowOutOfOrder = options.allowOutOfOrder ?? config.migrations.allowOutOfOrder;
  const states = await loadServiceMigrations(config, session, services);
  if (options.to !== undefined) checkTargetId(options.to, states);
  const problems: IntegrityProblem[] = [];
  for (const state of states) {
    problems.push(
      ...checkMigrationIntegrity(state, { allowOutOfOrder }),
      ...(await typescriptMigrationProblems(
        state.service.name,
        // A file with a problem already (unreadable, a bad name) is reported as such.
        pendingMigrations(state.files, state.applied).filter(
          (file) => file.format === 'ts' && file.problems.length === 0,
        ),
      )),
    );
  }
  return {
    services: states.map((state) => ({
      service: state.service.name,
      schema: state.service.schema,
      applied: state.applied,
      pending: pendingMigrations(state.files, state.applied, options.to),
      state,
    })),
    problems,
    warnings: states.flatMap((state) => state.notes.filter((note) => note.kind === 'ignored-file')),
    allowOutOfOrder,
    to: options.to,
  };
}

/**
 * checkTargetId refuses a `--to` that no selected service has a file or history row for: a typo
 * (`--to 40` for 4) would otherwise apply everything up to it, or more than meant.
 */
function checkTargetId(to: number, states: readonly ServiceMigrations[]): void {
  const known = states.some(
    (state) => state.files.some((file) => file.id === to) || state.applied.some((row) => row.id === to),
  );
  if (known) return;
  const ids = states
    .map((state) => `${state.service.name}: ${state.files.map((file) => file.id).join(', ') || 'none'}`)
    .join('; ');
  throw new DbwardError(
    'bad-usage',
    `--to ${to}: no selected service has a migration with that id (${ids})`,
    {
      exitCode: 2,
    },
  );
}
