import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DbwardError } from '../errors/dbward-error.js';

const run = promisify(execFile);

/**
 * gitChangedFiles lists the absolute paths of files changed since `ref` (`git diff --name-only`
 * against the working tree, so uncommitted edits count) plus untracked files not ignored, as a new
 * migration usually is before its first commit.
 */
export async function gitChangedFiles(ref: string, cwd: string): Promise<Set<string>> {
  const action = `review --since ${ref}`;
  if (ref.startsWith('-')) {
    throw new DbwardError('bad-git-ref', `${action}: "${ref}" is not a git ref`, { exitCode: 2 });
  }
  const git = async (args: string[]): Promise<string> => {
    try {
      const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
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
  const top = (await git(['rev-parse', '--show-toplevel'])).trim();
  const changed = await git(['diff', '--name-only', '--no-renames', ref, '--']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '--full-name', top]);
  const files = new Set<string>();
  for (const name of `${changed}\n${untracked}`.split('\n')) {
    if (name.trim() !== '') files.add(path.resolve(top, name));
  }
  return files;
}
