import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../test/harness/run-cli.js';

describe('dbward --version', () => {
  it("prints the package's version and exits 0, with no config or database needed", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const run = await runCliInProcess([flag]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });
});
