// Findings as a SARIF 2.1.0 log, the format code-scanning tools (GitHub, GitLab, IDEs) read.
import type { SourcePosition } from '../diagnostics.ts';
import { rules } from './rules/index.ts';
import type { PolicyFinding, Severity } from './types.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** Where each rule is documented, relative to the project root. */
export function ruleHelpUri(id: string): string {
  return `docs/rules/${id}.md`;
}

/**
 * `positions` finds where a finding's object and path were written (see locateFindings); results
 * without a position carry only a logical location (`Deployment/web.spec.replicas`).
 */
export function formatSarif(
  findings: readonly PolicyFinding[],
  toolVersion: string,
  positions?: (finding: PolicyFinding) => SourcePosition | undefined,
): Record<string, unknown> {
  const known = rules.map((rule) => ({ id: rule.id, summary: rule.summary, severity: rule.severity }));
  for (const finding of findings) {
    if (!known.some((rule) => rule.id === finding.rule)) known.push({ id: finding.rule, summary: finding.rule, severity: finding.severity });
  }
  const index = new Map(known.map((rule, i) => [rule.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'berth',
            version: toolVersion,
            rules: known.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: ruleHelpUri(rule.id),
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        results: findings.map((finding) => toResult(finding, index.get(finding.rule) ?? 0, positions?.(finding))),
      },
    ],
  };
}

function toResult(finding: PolicyFinding, ruleIndex: number, position: SourcePosition | undefined): Record<string, unknown> {
  const logical = {
    fullyQualifiedName: `${finding.namespace ? `${finding.namespace}/` : ''}${finding.object}.${finding.path}`,
    kind: 'object',
  };
  const location = position
    ? {
        physicalLocation: {
          artifactLocation: { uri: toUri(position.file) },
          region: { startLine: position.line, startColumn: position.column },
        },
        logicalLocations: [logical],
      }
    : { logicalLocations: [logical] };
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: `${finding.object}: ${finding.message}. Fix: ${finding.hint}` },
    locations: [location],
    ...(finding.excepted ? { suppressions: [{ kind: 'external', justification: finding.excepted.reason }] } : {}),
  };
}

function toUri(file: string): string {
  return encodeURI(file.replace(/\\/g, '/'));
}
