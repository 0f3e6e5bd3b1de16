// Runs every Dockerfile rule and turns findings into positioned diagnostics, honouring
// `# berth:ignore=<rule> <reason>` comments directly above an instruction.
import type { Diagnostic } from '../diagnostics.ts';
import type { LintOptions } from './dockerfile-rule.ts';
import { parseDockerfile } from './parse-dockerfile.ts';
import { dockerfileRules } from './rules/index.ts';

export const DOCKERFILE_RULES_DOC = 'docs/dockerfile-rules.md';

export function lintDockerfile(text: string, file: string, options: LintOptions = {}): Diagnostic[] {
  const parsed = parseDockerfile(text);
  if (parsed.stages.length === 0) {
    return [
      {
        code: 'dockerfile-no-from',
        severity: 'error',
        message: 'the Dockerfile has no FROM instruction',
        position: { file, line: 1, column: 1 },
        hint: 'Start the Dockerfile with `FROM <image>:<exact tag>`.',
      },
    ];
  }
  const diagnostics: Diagnostic[] = [];
  for (const rule of dockerfileRules) {
    for (const finding of rule.check(parsed, options)) {
      if (finding.at.ignored.includes(rule.id)) continue;
      diagnostics.push({
        code: rule.id,
        severity: finding.severity ?? rule.severity,
        message: finding.message,
        position: { file, line: finding.at.line, column: finding.at.column },
        hint: `${finding.hint} (${DOCKERFILE_RULES_DOC}#${rule.id})`,
      });
    }
  }
  return diagnostics.sort(
    (a, b) => a.position!.line - b.position!.line || a.position!.column - b.position!.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
