import { createHash } from 'node:crypto';

/**
 * advisoryLockKey maps a name (`dbward:auth`) to the signed 64-bit key pg_advisory_lock takes,
 * as a decimal string; a hash keeps keys of different names apart without a registry.
 */
export function advisoryLockKey(name: string): string {
  const digest = createHash('sha256').update(`dbward:${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}
