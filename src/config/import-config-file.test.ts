import { describe, expect, it } from 'vitest';
import { importsOnlyConfigApi } from './import-config-file.js';

describe('importsOnlyConfigApi', () => {
  it('accepts configs that import only defineConfig and the config types from dbward', () => {
    expect(importsOnlyConfigApi(`import { defineConfig } from 'dbward';`)).toBe(true);
    expect(importsOnlyConfigApi(`import { defineConfig, type DbwardConfig } from "dbward";`)).toBe(true);
    expect(
      importsOnlyConfigApi(`import {\n  defineConfig as define,\n  ServiceConfig,\n} from 'dbward';`),
    ).toBe(true);
    expect(importsOnlyConfigApi(`import type { LoadConfigOptions } from 'dbward';`)).toBe(true);
    expect(importsOnlyConfigApi(`export default { services: { a: {} } };`)).toBe(true);
  });

  it('sends any other use of dbward to the whole library', () => {
    expect(importsOnlyConfigApi(`import { defineConfig, parseDuration } from 'dbward';`)).toBe(false);
    expect(importsOnlyConfigApi(`import * as dbward from 'dbward';`)).toBe(false);
    expect(importsOnlyConfigApi(`import dbward from 'dbward';`)).toBe(false);
    expect(importsOnlyConfigApi(`const { loadConfig } = await import('dbward');`)).toBe(false);
    expect(importsOnlyConfigApi('const lib = await import(`dbward`);')).toBe(false);
    expect(
      importsOnlyConfigApi(`import { defineConfig } from 'dbward';\nexport { loadConfig } from 'dbward';`),
    ).toBe(false);
  });
});
