import path from 'node:path';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { DbSession } from '../db/db.js';
import type { MigrationFolderNote } from './migration-folder-notes.js';
import { integrityProblemOf, type MigrationProblem } from './migration-problem.js';
import { migrationStatus, type StatusOptions } from './migration-status.js';
import { typescriptMigrationProblems } from './typescript-migration-preflight.js';

export interface VerifyResult {
  problems: MigrationProblem[];
  /** Not problems: `.sql` files that are not migrations (never applied), missing folders. */
  notes: MigrationFolderNote[];
  /** Files checked, over all services. */
  services: { service: string; applied: number; pending: number; problems: number }[];
  ok: boolean;
}

/**
 * verifyMigrations checks what `up` and `down` check before running, without running anything:
 * every file parses, every pending TypeScript migration loads and exports `up`, applied files are
 * unchanged and present, ids are unique, nothing pending is older than the newest applied
 * migration, and no INVALID index is left in a service's schema.
 */
export async function verifyMigrations(
  config: ResolvedConfig,
  session: DbSession,
  options: StatusOptions = {},
): Promise<VerifyResult> {
  const status = await migrationStatus(config, session, options);
  const services = [];
  for (const service of status.services) {
    // A file with a problem already (unreadable, a bad name) is reported as such.
    const flagged = new Set(service.problems.filter((p) => p.code === 'file-problem').map((p) => p.file));
    const typescript = service.pending
      .filter((ref) => ref.file.endsWith('.ts') && !flagged.has(ref.file))
      .map((ref) => ({
        id: ref.id,
        path: ref.file,
        absolutePath: path.resolve(config.rootDir, ref.file),
      }));
    const problems = [
      ...service.problems,
      ...(await typescriptMigrationProblems(service.service, typescript)).map(integrityProblemOf),
    ];
    services.push({ ...service, problems });
  }
  const problems = services.flatMap((service) => service.problems);
  return {
    problems,
    notes: status.services.flatMap((service) => service.notes),
    services: services.map((service) => ({
      service: service.service,
      applied: service.applied,
      pending: service.pending.length,
      problems: service.problems.length,
    })),
    ok: problems.length === 0,
  };
}
