import { hostname, userInfo } from 'node:os';

/**
 * appliedVia names who runs dbward on this machine (`ci@runner-1`); the history row prepends the
 * database user, giving `postgres via ci@runner-1`.
 */
export function appliedVia(env: Record<string, string | undefined> = process.env): string {
  let user = env.USER ?? env.USERNAME ?? '';
  if (user === '') {
    try {
      user = userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `${user}@${hostname()}`;
}
