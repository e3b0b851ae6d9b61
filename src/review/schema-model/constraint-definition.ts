import type { CatalogConstraint } from '../../catalog/catalog-model.js';
import { quoteIdentifier } from './quote-identifier.js';

/**
 * The `definition` of a modelled constraint. Exact for a check that is `col IS NOT NULL` (the one
 * definition a rule reads, see set-not-null); the rest are close to pg_get_constraintdef but
 * approximate (no casts, no ON DELETE wording, expressions from expression-text.ts).
 */
export function constraintDefinition(
  constraint: Omit<CatalogConstraint, 'definition'>,
  body: string,
): string {
  const columns = constraint.columns.map(quoteIdentifier).join(', ');
  const notValid = constraint.validated ? '' : ' NOT VALID';
  switch (constraint.kind) {
    case 'primary-key':
      return `PRIMARY KEY (${columns})`;
    case 'unique':
      return `UNIQUE (${columns})`;
    case 'exclusion':
      return `EXCLUDE (${columns})`;
    case 'check':
      return `CHECK (${body})${notValid}`;
    case 'foreign-key': {
      const target = constraint.references;
      const referenced =
        target === null
          ? ''
          : ` REFERENCES ${quoteIdentifier(target.schema)}.${quoteIdentifier(target.table)}(${target.columns.map(quoteIdentifier).join(', ')})`;
      return `FOREIGN KEY (${columns})${referenced}${notValid}`;
    }
  }
}

/** The body of `CHECK (<body>)` in a definition (what follows validation must keep). */
export function checkBody(definition: string): string {
  const match = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(definition);
  return match?.[1] ?? definition;
}

/** notNullCheckBody is the exact body pg_get_constraintdef prints for `CHECK (col IS NOT NULL)`. */
export function notNullCheckBody(column: string): string {
  return `(${quoteIdentifier(column)} IS NOT NULL)`;
}
