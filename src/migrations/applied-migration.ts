/** How a history row came to be: run by `up`, or recorded by `baseline` without running. */
export type AppliedKind = 'applied' | 'baseline';

/** AppliedMigration is one row of `<schema>.dbward_migrations`. */
export interface AppliedMigration {
  id: number;
  name: string;
  /** The file's path relative to the project root when it was applied. */
  file: string;
  checksum: string;
  /** The down section exactly as in the file at apply time; null when the file had none (or is TS). */
  downSql: string | null;
  /** The migration ran outside a transaction; its down SQL runs the same way. */
  noTransaction: boolean;
  kind: AppliedKind;
  appliedAt: Date;
  durationMs: number;
  /** `current_user via os-user@host`. */
  appliedBy: string;
  /** The reason given with `--force` when a review gate was overridden; null otherwise. */
  forcedReason: string | null;
}
