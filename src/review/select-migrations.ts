import { realpathSync } from 'node:fs';
import path from 'node:path';
import { DbwardError } from '../errors/dbward-error.js';
import type { ServiceMigration } from './estate-migrations.js';

/** Which migrations to review; with none of these set, the pending ones (or all). */
export interface ReviewSelection {
  /** Files or folders, absolute or relative to `cwd`. */
  paths?: readonly string[];
  /** Only this service's migrations. */
  service?: string;
  /** Only files changed since this git ref. */
  since?: string;
  /** Every migration, applied or not. */
  all?: boolean;
}

export interface SelectionInputs {
  cwd: string;
  /** Every configured service's name. */
  serviceNames: readonly string[];
  /** Absolute paths changed since `selection.since` (null when not asked). */
  changedFiles: ReadonlySet<string> | null;
  /** Applied ids per service name, or null when the target database was not reachable. */
  applied: ReadonlyMap<string, ReadonlySet<number>> | null;
}

/**
 * selectMigrations narrows the estate to the files to review: given paths, files changed since a
 * ref, or everything with `all`; otherwise the pending files when the applied ids are known, else
 * all. `service` narrows any of these. Unknown services and paths are usage errors.
 */
export function selectMigrations(
  estate: readonly ServiceMigration[],
  selection: ReviewSelection,
  inputs: SelectionInputs,
): ServiceMigration[] {
  let selected = [...estate];
  if (selection.service !== undefined) {
    const name = selection.service;
    if (!inputs.serviceNames.includes(name)) {
      throw new DbwardError(
        'unknown-service',
        `review --service ${name}: no such service in the config (services: ${inputs.serviceNames.join(', ')})`,
        { exitCode: 2 },
      );
    }
    selected = selected.filter((migration) => migration.service.name === name);
  }
  const explicit = selection.paths !== undefined && selection.paths.length > 0;
  if (explicit) selected = filterByPaths(selected, estate, selection.paths ?? [], inputs.cwd);
  if (inputs.changedFiles !== null) {
    const changed = new Set([...inputs.changedFiles].map(canonicalPath));
    selected = selected.filter((migration) => changed.has(canonicalPath(migration.file.absolutePath)));
  }
  if (explicit || inputs.changedFiles !== null || selection.all === true || inputs.applied === null) {
    return selected;
  }
  const applied = inputs.applied;
  return selected.filter((migration) => !applied.get(migration.service.name)?.has(migration.file.id));
}

/**
 * nothingSelectedMessage says why a selection came out empty, in the selection's own terms: no
 * file changed since the ref, no pending migration, no migration at all.
 */
export function nothingSelectedMessage(selection: ReviewSelection, pendingOnly: boolean): string {
  const service = selection.service;
  const paths = selection.paths !== undefined && selection.paths.length > 0;
  let why: string;
  if (selection.since !== undefined) {
    const among = paths ? ' among the given paths' : '';
    const of = service === undefined ? '' : ` of service ${service}`;
    why = `no migration file${of}${among} changed since ${selection.since}`;
  } else if (paths) {
    why = `none of the given paths is a migration file${service === undefined ? '' : ` of service ${service}`}`;
  } else if (pendingOnly && selection.all !== true) {
    why = service === undefined ? 'no pending migrations' : `no pending migrations in service ${service}`;
  } else {
    why = service === undefined ? 'no migration files' : `service ${service} has no migration files`;
  }
  return `nothing to review: ${why}`;
}

function filterByPaths(
  selected: ServiceMigration[],
  estate: readonly ServiceMigration[],
  paths: readonly string[],
  cwd: string,
): ServiceMigration[] {
  // The gate names each pending file by the path discovery gave it: no file system call needed.
  const byPath = new Set(paths.map((given) => path.resolve(cwd, given)));
  const known = new Set(estate.map((migration) => migration.file.absolutePath));
  if ([...byPath].every((absolute) => known.has(absolute)))
    return selected.filter((migration) => byPath.has(migration.file.absolutePath));
  // Resolve every path once: the gate passes each pending file, so a lookup per pair of paths
  // (once per file per given path) was quadratic in realpath calls.
  const canonical = new Map(
    estate.map((migration) => [migration, canonicalPath(migration.file.absolutePath)]),
  );
  const wanted = paths.map((given) => ({ given, absolute: canonicalPath(path.resolve(cwd, given)) }));
  const exact = new Set(wanted.map(({ absolute }) => absolute));
  const matches = (file: string) => exact.has(file) || wanted.some(({ absolute }) => isUnder(file, absolute));
  const allFiles = [...canonical.values()];
  const fileSet = new Set(allFiles);
  for (const { given, absolute } of wanted) {
    if (fileSet.has(absolute)) continue;
    if (!allFiles.some((file) => isUnder(file, absolute))) {
      throw new DbwardError(
        'not-a-migration',
        `review ${given}: not a migration file (or folder of them) of any configured service`,
        { exitCode: 2 },
      );
    }
  }
  return selected.filter((migration) =>
    matches(canonical.get(migration) ?? canonicalPath(migration.file.absolutePath)),
  );
}

function isUnder(file: string, given: string): boolean {
  return file === given || file.startsWith(given.endsWith(path.sep) ? given : `${given}${path.sep}`);
}

/** canonicalPath resolves symlinks (a temp dir under a symlinked /tmp) when the path exists. */
function canonicalPath(absolute: string): string {
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}
