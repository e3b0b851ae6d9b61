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
      message: string;
    }
  | { kind: 'warning'; service: string; file: string | null; message: string };

export type ProgressListener = (event: MigrationProgress) => void;
