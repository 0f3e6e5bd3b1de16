// Rules are small functions that call `report` for each problem; defineRule turns one into a PolicyRule
// so every finding carries the rule's id, its severity and the object's name the same way.
import { objectId, type KubernetesObject } from '../model/kubernetes-object.ts';
import type { RuleContext } from './rule-context.ts';
import type { PolicyFinding, PolicyRule, Severity } from './types.ts';

export interface FindingDraft {
  readonly object: KubernetesObject;
  readonly path: string;
  readonly message: string;
  readonly hint: string;
  /** Only for the documented cases where a rule reports a milder variant of its problem. */
  readonly severity?: Severity;
}

export type Report = (draft: FindingDraft) => void;

export interface RuleDefinition {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly scope: 'object' | 'set';
  run(context: RuleContext, report: Report): void;
}

export function defineRule(definition: RuleDefinition): PolicyRule {
  const { id, severity, summary, scope } = definition;
  return {
    id,
    severity,
    summary,
    scope,
    check(context: RuleContext): PolicyFinding[] {
      const findings: PolicyFinding[] = [];
      definition.run(context, (draft) => findings.push(toFinding(id, severity, draft)));
      return findings;
    },
  };
}

function toFinding(rule: string, severity: Severity, draft: FindingDraft): PolicyFinding {
  const namespace = draft.object.metadata.namespace;
  return {
    rule,
    severity: draft.severity ?? severity,
    object: objectId(draft.object),
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    path: draft.path,
    message: draft.message,
    hint: draft.hint,
  };
}
