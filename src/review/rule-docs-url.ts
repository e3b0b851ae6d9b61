import { DBWARD_VERSION } from './dbward-version.js';

/**
 * ruleDocsUrl is where a rule's page `docs/rules/<id>.md` is published: inside the npm package
 * (its `files` ship `docs/`), served by version so a message links the text of the rules that
 * produced it.
 */
export function ruleDocsUrl(ruleId: string): string {
  return `https://unpkg.com/dbward@${DBWARD_VERSION}/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
