// checkObjects: Kubernetes objects in, findings out (sorted, exceptions applied). Pure: the caller
// decides how to print findings and which severity fails the run.
import type { Diagnostic } from '../diagnostics.ts';
import { objectId, type KubernetesObject } from '../model/kubernetes-object.ts';
import { comparePaths } from './field-path.ts';
import { asArray, asRecord, asString, dig } from './json-values.ts';
import { createRuleContext, namespaceOf, type RuleContext } from './rule-context.ts';
import { rules } from './rules/index.ts';
import type { CheckOptions, PolicyException, PolicyFinding, Severity } from './types.ts';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** A finding fails the check when it is not excepted and at least as severe as the threshold. */
export function isFailure(finding: PolicyFinding, threshold: Severity): boolean {
  return finding.excepted === undefined && severityAtLeast(finding.severity, threshold);
}

export function checkObjects(objects: readonly KubernetesObject[], options: CheckOptions = {}): PolicyFinding[] {
  const context = createRuleContext(objects);
  const disabled = new Set(options.disabled ?? []);
  const findings = rules.filter((rule) => !disabled.has(rule.id)).flatMap((rule) => rule.check(context));
  const exceptions = options.exceptions ?? [];
  const excepted = exceptions.length === 0 ? findings : applyExceptions(findings, exceptions, context);
  return excepted.sort(compareFindings);
}

/** Unknown rule ids in exceptions or `disabled`: most likely a typo that silently accepts nothing. */
export function validatePolicyOptions(options: CheckOptions): Diagnostic[] {
  const known = new Set(rules.map((rule) => rule.id));
  const diagnostics: Diagnostic[] = [];
  const unknown = (id: string, where: string): void => {
    if (known.has(id)) return;
    diagnostics.push({
      code: 'unknown-rule',
      severity: 'error',
      message: `${where} names rule "${id}", which does not exist`,
      hint: `use one of the ids listed in docs/rules/README.md`,
    });
  };
  options.exceptions?.forEach((e, i) => unknown(e.rule, `exception ${i + 1}`));
  options.disabled?.forEach((id) => unknown(id, 'disabled'));
  return diagnostics;
}

export function compareFindings(a: PolicyFinding, b: PolicyFinding): number {
  return (
    compareText(a.object, b.object) ||
    compareText(a.namespace ?? '', b.namespace ?? '') ||
    comparePaths(a.path, b.path) ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function applyExceptions(
  findings: readonly PolicyFinding[],
  exceptions: readonly PolicyException[],
  context: RuleContext,
): PolicyFinding[] {
  const objectsByKey = new Map<string, KubernetesObject>();
  for (const object of context.objects) {
    const key = findingKey(objectId(object), namespaceOf(object));
    if (!objectsByKey.has(key)) objectsByKey.set(key, object);
  }
  const namesCache = new Map<KubernetesObject, ReadonlySet<string>>();
  return findings.map((finding) => {
    const object = objectsByKey.get(findingKey(finding.object, finding.namespace));
    const exception = exceptions.find((e) => {
      if (e.rule !== finding.rule) return false;
      if (e.component === undefined) return true;
      if (!object) return false;
      let names = namesCache.get(object);
      if (!names) {
        names = componentNames(object, context);
        namesCache.set(object, names);
      }
      return names.has(e.component);
    });
    return exception ? { ...finding, excepted: { reason: exception.reason } } : finding;
  });
}

function findingKey(object: string, namespace: string | undefined): string {
  return `${namespace ?? ''}\u0000${object}`;
}

/** Names an exception's `component` may use for an object: its own, its owners', its scale target's. */
function componentNames(object: KubernetesObject, context: RuleContext): ReadonlySet<string> {
  const names = new Set<string>();
  const seen = new Set<KubernetesObject>();
  const visit = (current: KubernetesObject): void => {
    if (seen.has(current)) return;
    seen.add(current);
    names.add(current.metadata.name);
    const component = asString(current.metadata.labels?.['app.kubernetes.io/component']);
    if (component) names.add(component);
    const related = asArray(current.metadata.ownerReferences).map(asRecord);
    if (current.kind === 'HorizontalPodAutoscaler') related.push(asRecord(dig(current, 'spec', 'scaleTargetRef')));
    for (const ref of related) {
      const kind = asString(ref?.kind);
      const name = asString(ref?.name);
      if (!name) continue;
      names.add(name);
      const owner = kind ? context.find(kind, name, namespaceOf(current)) : undefined;
      if (owner) visit(owner);
    }
  };
  visit(object);
  return names;
}
