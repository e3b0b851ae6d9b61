import type { Catalog, CatalogSchema } from '../catalog/catalog-model.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { ReviewCache } from './review-cache.js';
import { estateKeyBase, schemaEffectsKey, sha256 } from './review-cache-keys.js';
import type { ReviewProfile } from './review-profile.js';
import { applySchemaEffects, schemasAffected } from './schema-model/apply-schema-effects.js';
import { migrationSchemaEffects } from './schema-model/migration-schema-effects.js';
import type { SchemaState } from './schema-model/schema-state.js';
import { emptySchemaState } from './schema-model/schema-state.js';

/** Key of the digest that stands for the list of existing schemas (not a schema name: it has a `*`). */
export const EXISTING_SCHEMAS = '*';

/** The schema model before one migration, and a digest per schema of everything that shaped it. */
export interface SchemaContextAt {
  state: SchemaState;
  /** Schema name (or EXISTING_SCHEMAS) -> digest; equal digests mean an equal schema. */
  digests: ReadonlyMap<string, string>;
}

/**
 * SchemaContextWalk folds the estate's migrations, in order, into the schema model: each file's
 * effects come from the cache (no parse) or from its parse tree. It only moves forward, as the
 * review visits files in estate order.
 */
export interface SchemaContextWalk {
  before(index: number): SchemaContextAt;
}

export function createSchemaContextWalk(options: {
  config: ResolvedConfig;
  estate: readonly ServiceMigration[];
  cache: ReviewCache;
  profile: ReviewProfile;
}): SchemaContextWalk {
  const { config, estate, cache, profile } = options;
  const schemas = config.services.map((service) => service.schema);
  const base = estateKeyBase(config);
  let state = emptySchemaState(schemas);
  const digests = new Map<string, string>(schemas.map((schema) => [schema, sha256(base, schema)]));
  let applied = 0;
  const existingDigest = (): string => sha256(base, ...[...state.schemas.keys()].sort());
  digests.set(EXISTING_SCHEMAS, existingDigest());
  return {
    before(index) {
      if (index < applied) throw new Error(`schema context: asked for migration ${index} after ${applied}`);
      if (applied < index) {
        profile.timeSync('model', () => {
          for (; applied < index; applied++) {
            const migration = estate[applied];
            if (migration === undefined) break;
            const key = schemaEffectsKey(migration);
            let effects = cache.schemaEffects(key);
            if (effects === null) {
              effects = migrationSchemaEffects(migration);
              cache.storeSchemaEffects(key, effects);
              profile.count('effectsComputed');
            }
            if (effects.length === 0) continue;
            state = applySchemaEffects(state, effects, migration.file.path);
            const affected = schemasAffected(effects);
            const text = JSON.stringify(effects);
            for (const schema of affected === 'all' ? schemas : affected) {
              const digest = digests.get(schema);
              if (digest !== undefined) digests.set(schema, sha256(digest, text));
            }
          }
          digests.set(EXISTING_SCHEMAS, existingDigest());
        });
      }
      return { state, digests: new Map(digests) };
    },
  };
}

/**
 * recordingCatalog is the catalog the rules see from the model: every existing configured schema,
 * each noting in `read` when a rule looks inside it (and `*` when a rule looks at the list), so
 * the cache can keep the file's result for as long as those schemas stay the same.
 */
export function recordingCatalog(state: SchemaState, read: Set<string>): Catalog {
  const wrap = (schema: CatalogSchema): CatalogSchema => {
    const note = <T>(value: T): T => {
      read.add(schema.name);
      return value;
    };
    return {
      name: schema.name,
      get owner() {
        return note(schema.owner);
      },
      get comment() {
        return note(schema.comment);
      },
      get tables() {
        return note(schema.tables);
      },
      get views() {
        return note(schema.views);
      },
      get enums() {
        return note(schema.enums);
      },
      get sequences() {
        return note(schema.sequences);
      },
      get functions() {
        return note(schema.functions);
      },
      get grants() {
        return note(schema.grants);
      },
    };
  };
  let wrapped: CatalogSchema[] | null = null;
  return {
    serverVersion: '',
    get schemas() {
      read.add(EXISTING_SCHEMAS);
      wrapped ??= [...state.schemas.values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(wrap);
      return wrapped;
    },
  };
}
