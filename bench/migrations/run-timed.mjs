import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

let cpuMetering = false;
let cpuSeconds = 0;
let calls = 0;

/**
 * meterClientCpu makes every later runTimed also add up the user+system CPU seconds of the
 * command (through `/usr/bin/time`), which stays meaningful on a busy machine where wall time
 * does not. Off by default: the wrapper costs a fork per call, which would tax dbmate's 1,000.
 */
export function meterClientCpu() {
  cpuMetering = true;
}

/** takeClientCpuSeconds returns the CPU seconds metered since the last call, and resets. */
export function takeClientCpuSeconds() {
  const taken = cpuSeconds;
  cpuSeconds = 0;
  return taken;
}

/**
 * runTimed runs one command to completion and returns its wall-clock seconds; a non-zero exit
 * throws with the command and the end of its output, since a failed run measures nothing.
 */
export function runTimed(command, args, { cwd, env } = {}) {
  const timeFile = cpuMetering ? join(tmpdir(), `dbward-bench-time-${process.pid}-${calls++}`) : null;
  const [file, argv] = timeFile
    ? ['/usr/bin/time', ['-f', '%U %S', '-o', timeFile, command, ...args]]
    : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => {
      // Only the tail matters for an error message; keep memory flat for chatty tools.
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      if (timeFile) {
        const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
        cpuSeconds += (user ?? 0) + (system ?? 0);
        rmSync(timeFile, { force: true });
      }
      if (code === 0) resolve(seconds);
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} exited with ${code ?? signal} (cwd ${cwd}):\n${output.trim()}`,
          ),
        );
    });
  });
}
