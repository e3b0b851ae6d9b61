import type { StatementContext } from '../rule.js';

/**
 * perStatement caches what `derive` reads from a statement, so the rules that share a helper
 * (constraints, column definitions, ALTER TABLE commands) walk each parse tree once. Keyed by the
 * parse tree and the schema unqualified names resolve to, which is all the helpers depend on.
 */
export function perStatement<T>(derive: (context: StatementContext) => T): (context: StatementContext) => T {
  const cache = new WeakMap<object, { schema: string; value: T }>();
  return (context) => {
    const schema = context.resolveSchema(undefined);
    const hit = cache.get(context.statement.ast);
    if (hit !== undefined && hit.schema === schema) return hit.value;
    const value = derive(context);
    cache.set(context.statement.ast, { schema, value });
    return value;
  };
}
