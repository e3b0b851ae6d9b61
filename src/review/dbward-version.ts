import { readFileSync } from 'node:fs';

/** DBWARD_VERSION is the package's version (src/ and dist/ both sit one level below package.json). */
export const DBWARD_VERSION: string = readPackageVersion();

function readPackageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version: unknown = JSON.parse(text).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
