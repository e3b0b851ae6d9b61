import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../harness/run-cli.js';

const KRONOS = fileURLToPath(new URL('../../examples/kronos', import.meta.url));

describe('dbward review on the kronos example', () => {
  it('reviews every migration with no unacknowledged error', async () => {
    const run = await runCliInProcess(['--cwd', KRONOS, '--format', 'json', 'review', '--all', '--no-cache']);
    const report = JSON.parse(run.stdout);
    const blocking = report.findings.filter(
      (f: { severity: string; acknowledged: boolean }) => f.severity === 'error' && !f.acknowledged,
    );
    expect(blocking).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(report.summary.files).toBe(18);
  });
});
