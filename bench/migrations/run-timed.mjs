import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * runTimed runs one command to completion and returns its wall-clock seconds; a non-zero exit
 * throws with the command and the end of its output, since a failed run measures nothing.
 */
export function runTimed(command, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
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
