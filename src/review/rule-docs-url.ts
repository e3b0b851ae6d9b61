import { DBWARD_VERSION } from './dbward-version.js';
import { ENGINE_RULES, type EngineRule } from './engine-rules.js';

const ENGINE_PAGES = new Map(
  Object.values<EngineRule>(ENGINE_RULES).flatMap((rule) =>
    rule.docsPage === undefined ? [] : [[rule.id, rule.docsPage] as const],
  ),
);

/**
 * ruleDocsUrl is where a rule is explained: `docs/rules/<id>.md` (or, for the engine's own
 * findings, a section of `docs/review.md`) inside the npm package, whose `files` ship `docs/`,
 * served by version so a message links the text of the rules that produced it.
 */
export function ruleDocsUrl(ruleId: string): string {
  const page = ENGINE_PAGES.get(ruleId) ?? `rules/${encodeURIComponent(ruleId)}.md`;
  return `https://unpkg.com/dbward@${DBWARD_VERSION}/docs/${page}`;
}
