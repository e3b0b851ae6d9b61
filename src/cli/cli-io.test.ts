import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE_BIN = fileURLToPath(new URL('./bin.ts', import.meta.url));

describe('CLI output to a reader that has gone', () => {
  it('drops the output and exits with the command’s own code, without a stack trace', async () => {
    // Like `dbward --help | true`: the pipe is closed before the CLI writes.
    const child = spawn(process.execPath, ['--import', 'tsx', SOURCE_BIN, '--help'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(exitCode).toBe(0);
  });
});
