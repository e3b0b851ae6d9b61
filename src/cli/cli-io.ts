/** Where a command writes, and how: the CLI's only side channel, swapped out in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout/stderr are terminals that want colour. */
  isTty: boolean;
  env: Record<string, string | undefined>;
}

// Set once the reader of stdout or stderr has gone (`dbward status | head -1`): output to it is
// dropped and the command finishes with its own exit code, as grep or git do, instead of dying
// on an unhandled EPIPE with a stack trace.
const closed = { stdout: false, stderr: false };
let watching = false;

function watchForClosedReaders(): void {
  if (watching) return;
  watching = true;
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed[name] = true;
    });
  }
}

export function processIo(): CliIo {
  watchForClosedReaders();
  return {
    stdout: (text) => {
      if (!closed.stdout) process.stdout.write(text);
    },
    stderr: (text) => {
      if (!closed.stderr) process.stderr.write(text);
    },
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}
