import type { ResolvedConfig } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import type { MigrationProblem } from './migration-problem.js';
import { migrationStatus, type StatusOptions } from './migration-status.js';

export interface VerifyResult {
  problems: MigrationProblem[];
  /** Files checked, over all services. */
  services: { service: string; applied: number; pending: number; problems: number }[];
  ok: boolean;
}

/**
 * verifyMigrations checks what `up` and `down` check before running, without running anything:
 * every file parses, applied files are unchanged and present, ids are unique, nothing pending is
 * older than the newest applied migration, and no INVALID index is left in a service's schema.
 */
export async function verifyMigrations(
  config: ResolvedConfig,
  session: DbSession,
  options: StatusOptions = {},
): Promise<VerifyResult> {
  const status = await migrationStatus(config, session, options);
  const problems = status.services.flatMap((service) => service.problems);
  return {
    problems,
    services: status.services.map((service) => ({
      service: service.service,
      applied: service.applied,
      pending: service.pending.length,
      problems: service.problems.length,
    })),
    ok: problems.length === 0,
  };
}
