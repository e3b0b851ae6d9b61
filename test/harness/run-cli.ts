import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** runCliInProcess runs the CLI in this process with captured output (fast; most CLI tests). */
export async function runCliInProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(['node', 'dbward', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTty: false,
    env: { ...env },
  });
  return { exitCode, stdout, stderr };
}

const SOURCE_BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

export interface CliProcessOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * runCliProcess runs the CLI from source as a real child process (for signals, exit codes,
 * concurrency between processes). No build step: tsx loads the TypeScript.
 */
export function runCliProcess(
  args: string[],
  options: CliProcessOptions = {},
): Promise<CliRun> & { pid: () => number | undefined; kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', SOURCE_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
  return Object.assign(done, { pid: () => child.pid, kill: (signal: NodeJS.Signals) => child.kill(signal) });
}
