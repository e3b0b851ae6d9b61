/** MigrationProgress is what a run reports as it goes; the CLI prints one line per event. */
export type MigrationProgress =
  | { kind: 'waiting-for-lock'; service: string; schema: string }
  | { kind: 'applied'; service: string; id: number; name: string; file: string; durationMs: number }
  | { kind: 'rolled-back'; service: string; id: number; name: string; file: string; durationMs: number }
  | {
      kind: 'retry';
      service: string;
      file: string;
      /** The attempt that just failed (1-based) and how many are allowed. */
      attempt: number;
      attempts: number;
      delayMs: number;
      /** What runs again: the migration (its transaction rolled back) or one no-transaction statement. */
      retried: 'migration' | 'statement';
      message: string;
    }
  | { kind: 'warning'; service: string; file: string | null; message: string };

export type ProgressListener = (event: MigrationProgress) => void;

function milliseconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** describeMigrationProgress is the one line printed for an event. */
export function describeMigrationProgress(event: MigrationProgress): string {
  switch (event.kind) {
    case 'waiting-for-lock':
      return `waiting for the migration lock on ${event.schema} (held by another process)`;
    case 'applied':
      return `applied     ${event.file} (${milliseconds(event.durationMs)})`;
    case 'rolled-back':
      return `rolled back ${event.file} (${milliseconds(event.durationMs)})`;
    case 'retry':
      return event.retried === 'statement'
        ? `lock timeout in ${event.file} (attempt ${event.attempt} of ${event.attempts}): the statement did not run (the ones before it stay done), retrying it in ${milliseconds(event.delayMs)}`
        : `lock timeout in ${event.file} (attempt ${event.attempt} of ${event.attempts}): rolled back, retrying in ${milliseconds(event.delayMs)}`;
    case 'warning':
      return event.message;
  }
}

export { milliseconds as formatDuration };
