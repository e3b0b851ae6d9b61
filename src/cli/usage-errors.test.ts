import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../test/harness/run-cli.js';

describe('command-line parse errors', () => {
  it('exit 2 with the message on stderr, and one JSON document when --format json was asked for', async () => {
    const cases = [
      { args: ['--format', 'json', 'down', 'auth', '--to'], says: "option '--to <id>' argument missing" },
      { args: ['--format=json', 'up', '--bogus'], says: "unknown option '--bogus'" },
    ];
    for (const { args, says } of cases) {
      const run = await runCliInProcess(args);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(says);
      const document = JSON.parse(run.stdout) as { error: { code: string; message: string } };
      expect(document.error.code).toBe('bad-usage');
      expect(document.error.message).toContain(says);
    }
    const text = await runCliInProcess(['up', '--bogus']);
    expect(text.exitCode).toBe(2);
    expect(text.stdout).toBe('');
  });
});
