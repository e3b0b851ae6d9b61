import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DbwardError } from '../errors/dbward-error.js';

const run = promisify(execFile);

/**
 * gitChangedFiles lists the absolute paths of files changed since `ref` (`git diff --name-only`
 * against the working tree, so uncommitted edits count) plus untracked files not ignored, as a new
 * migration usually is before its first commit. Both git commands write NUL-separated names
 * (`-z`): in their plain output git quotes and escapes a name with non-ASCII characters, a double
 * quote, a backslash or a control character (`"0006_caf\303\251.sql"`), and such a file would be
 * missed. Renames are not detected (`--no-renames`), so each entry is one path: a renamed file is
 * listed under its new name and its old one.
 */
export async function gitChangedFiles(ref: string, cwd: string): Promise<Set<string>> {
  const action = `review --since ${ref}`;
  if (ref.startsWith('-')) {
    throw new DbwardError('bad-git-ref', `${action}: "${ref}" is not a git ref`, { exitCode: 2 });
  }
  const git = async (args: string[], where = cwd): Promise<string> => {
    try {
      const { stdout } = await run('git', args, { cwd: where, maxBuffer: 64 * 1024 * 1024 });
      return stdout;
    } catch (cause: unknown) {
      const stderr =
        typeof cause === 'object' && cause !== null && 'stderr' in cause ? String(cause.stderr) : '';
      const reason = stderr.trim().split('\n')[0] || (cause instanceof Error ? cause.message : String(cause));
      throw new DbwardError('git-failed', `${action}: git ${args.join(' ')}: ${reason}`, {
        exitCode: 2,
        cause,
      });
    }
  };
  // The path ends with one newline; a directory name may itself end with spaces.
  const top = (await git(['rev-parse', '--show-toplevel'])).replace(/\r?\n$/, '');
  // Both run at the top of the work tree, so both list paths relative to it (also with
  // diff.relative set).
  const changed = await git(['diff', '--name-only', '--no-renames', '-z', ref, '--'], top);
  const untracked = await git(['ls-files', '-z', '--others', '--exclude-standard'], top);
  const files = new Set<string>();
  for (const name of [...changed.split('\0'), ...untracked.split('\0')]) {
    if (name !== '') files.add(path.resolve(top, name));
  }
  return files;
}
