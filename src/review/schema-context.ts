import type { Catalog, CatalogSchema } from '../catalog/catalog-model.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { loadSqlParser } from '../migrations/sql-parser.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { ReviewCache } from './review-cache.js';
import { estateKeyBase, schemaEffectsKey, sha256 } from './review-cache-keys.js';
import type { ReviewProfile } from './review-profile.js';
import {
  applySchemaEffectSteps,
  type SchemaEffectStep,
  schemasAffected,
} from './schema-model/apply-schema-effects.js';
import { migrationSchemaEffects } from './schema-model/migration-schema-effects.js';
import type { SchemaEffect } from './schema-model/schema-effect.js';
import { emptySchemaState, type SchemaState } from './schema-model/schema-state.js';

/** Key of the digest that stands for the list of existing schemas (not a schema name: it has a `*`). */
export const EXISTING_SCHEMAS = '*';

/** The schema model before one migration, and a digest per schema of everything that shaped it. */
export interface SchemaContextAt {
  /** The model; built on first call, since a file answered from the cache never needs it. */
  state(): SchemaState;
  /** Schema name (or EXISTING_SCHEMAS) -> digest; equal digests mean an equal schema. */
  digests: ReadonlyMap<string, string>;
  /**
   * adoptAfter hands the walk the model after this migration, built from `state()` and this
   * migration's effects exactly as the walk would build it, so the walk does not apply them a
   * second time. Ignored once the walk has moved on.
   */
  adoptAfter(after: SchemaState): void;
}

/**
 * SchemaContextWalk folds the estate's migrations, in order, into the schema model: each file's
 * effects come from the cache (no parse) or from its parse tree. It only moves forward, as the
 * review visits files in estate order. Digests are kept for every step; the effects are applied
 * to the model only when a file's review asks for it.
 */
export interface SchemaContextWalk {
  before(index: number): Promise<SchemaContextAt>;
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
  // Effects walked past but not yet applied to `state`.
  let unapplied: SchemaEffectStep[] = [];
  // Which schemas exist, followed without the model: the digest of the list needs it every step.
  const digests = new Map<string, string>(schemas.map((schema) => [schema, sha256(base, schema)]));
  let applied = 0;
  // The existing schemas as of the last materialized model: an effect list that can only
  // create schemas already in it cannot change which schemas exist, so no model is needed.
  let existing = new Set<string>();
  let existingKnown = true;
  // The model after migration `index`, from the caller (adoptAfter), taken instead of applying its effects.
  let adopted: { index: number; state: SchemaState } | null = null;
  const materialize = (): SchemaState => {
    if (unapplied.length > 0) {
      const pending = unapplied;
      unapplied = [];
      profile.timeSync('model', () => {
        state = applySchemaEffectSteps(state, pending);
      });
    }
    return state;
  };
  const existingDigest = (): string => {
    existing = new Set(materialize().schemas.keys());
    return sha256(base, ...[...existing].sort());
  };
  digests.set(EXISTING_SCHEMAS, existingDigest());
  return {
    async before(index) {
      if (index < applied) throw new Error(`schema context: asked for migration ${index} after ${applied}`);
      if (applied < index) {
        for (; applied < index; applied++) {
          const migration = estate[applied];
          if (migration === undefined) break;
          const key = schemaEffectsKey(migration);
          let effects = cache.schemaEffects(key);
          if (effects === null) {
            await loadSqlParser();
            const computed = profile.timeSync('model', () => migrationSchemaEffects(migration));
            cache.storeSchemaEffects(key, computed);
            profile.count('effectsComputed');
            effects = computed;
          }
          if (effects.length === 0) continue;
          const current = effects;
          const after = adopted?.index === applied && unapplied.length === 0 ? adopted.state : null;
          profile.timeSync('model', () => {
            if (after !== null) state = after;
            else unapplied.push({ effects: current, where: migration.file.path });
            const affected = schemasAffected(current);
            const text = JSON.stringify(current);
            for (const schema of affected === 'all' ? schemas : affected) {
              const digest = digests.get(schema);
              if (digest !== undefined) digests.set(schema, sha256(digest, text));
            }
            if (current.some((effect) => mayChangeWhichSchemasExist(effect, existing))) existingKnown = false;
          });
        }
        if (!existingKnown) {
          digests.set(EXISTING_SCHEMAS, existingDigest());
          existingKnown = true;
        }
      }
      adopted = null;
      const at = applied;
      return {
        state: materialize,
        digests: new Map(digests),
        adoptAfter(after) {
          // Only while the model is this migration's before: nothing walked past, nothing pending.
          if (applied === at && unapplied.length === 0) adopted = { index: at, state: after };
        },
      };
    },
  };
}

/**
 * mayChangeWhichSchemasExist: an effect that drops a schema, creates one not in `existing`, or
 * may do anything (unknown). Every migration starts by creating its own schema if missing, which
 * changes nothing once it exists.
 */
function mayChangeWhichSchemasExist(effect: SchemaEffect, existing: ReadonlySet<string>): boolean {
  if (effect.kind === 'create-schema') return !existing.has(effect.schema);
  return effect.kind === 'drop-schemas' || effect.kind === 'unknown';
}

/**
 * recordingCatalog is the catalog the rules see from the model: every existing configured schema,
 * each noting in `read` when a rule looks inside it (and `*` when a rule looks at the list), so
 * the cache can keep the file's result for as long as those schemas stay the same.
 */
export function recordingCatalog(state: SchemaState, read: Set<string>): Catalog {
  let wrapped: CatalogSchema[] | null = null;
  return {
    serverVersion: '',
    get schemas() {
      read.add(EXISTING_SCHEMAS);
      wrapped ??= [...state.schemas.values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((schema) => recordingSchema(schema, read));
      return wrapped;
    },
  };
}

/** recordingSchema is `schema` as the rules see it: looking at anything but its name adds it to `read`. */
export function recordingSchema(schema: CatalogSchema, read: Set<string>): CatalogSchema {
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
}
