import { DBWARD_VERSION } from '../dbward-version.js';
import type { ReviewResult } from '../finding.js';
import type { KnownRule } from '../known-rules.js';
import { ruleDocsUrl } from '../rule-docs-url.js';

/**
 * sarifReport renders findings as a SARIF 2.1.0 log that GitHub code scanning accepts: every
 * known rule in `tool.driver.rules` (id, short description, docs link, default level), one result
 * per finding located by file (relative to the project root), line and column; an acknowledged
 * finding carries an in-source suppression with its reason, so code scanning shows it as dismissed.
 */
export function sarifReport(result: ReviewResult, rules: readonly KnownRule[]): string {
  const all = [...rules];
  for (const finding of result.findings) {
    if (!all.some((rule) => rule.id === finding.rule)) {
      all.push({ id: finding.rule, defaultSeverity: finding.severity, summary: finding.rule });
    }
  }
  const indexOf = new Map(all.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dbward',
            version: DBWARD_VERSION,
            informationUri: 'https://www.npmjs.com/package/dbward',
            rules: all.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: ruleDocsUrl(rule.id),
              defaultConfiguration: { level: rule.defaultSeverity },
            })),
          },
        },
        results: result.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: indexOf.get(finding.rule) ?? 0,
          level: finding.severity,
          message: { text: `${finding.message}\n${finding.help}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(finding.file) },
                region: { startLine: finding.line, startColumn: finding.column },
              },
            },
          ],
          ...(finding.acknowledged
            ? { suppressions: [{ kind: 'inSource', justification: finding.reason ?? '' }] }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * relativeUri makes a project-relative path a valid RFC 3986 relative reference, as SARIF 2.1.0
 * requires of `artifactLocation.uri`: each segment percent-encoded (spaces, `%`, `#`, `?`, and `:`
 * which would otherwise read as a scheme), the `/` between them kept.
 */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
