// The policy engine's public vocabulary: what a rule is, what it reports, and how a finding is accepted.
import type { Severity } from '../diagnostics.ts';
import type { RuleContext } from './rule-context.ts';

export type { Severity };

/**
 * Accepts the findings of one rule, with the reason written down.
 * `component` matches the object's `app.kubernetes.io/component` label or its `metadata.name`, or the
 * same of the workload that owns it (ownerReferences) or that it scales (an HPA's scaleTargetRef).
 * Without `component` the exception applies to every object.
 */
export interface PolicyException {
  readonly rule: string;
  readonly component?: string;
  readonly reason: string;
}

export interface PolicyFinding {
  /** Stable kebab-case rule id; its documentation is `docs/rules/<rule>.md`. */
  readonly rule: string;
  readonly severity: Severity;
  /** `Kind/name` of the object the finding is about. */
  readonly object: string;
  readonly namespace?: string;
  /** Field path inside the object, e.g. `spec.template.spec.containers[0].resources.limits.cpu`. */
  readonly path: string;
  /** What is wrong, with the offending value. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** Set when an exception matched: the finding is reported but does not count as a failure. */
  readonly excepted?: { readonly reason: string };
}

export interface PolicyRule {
  /** Stable kebab-case id, used in exceptions, `disabled` and the doc page name. */
  readonly id: string;
  /** The severity of the rule's findings; a few rules report some findings one level lower (see their docs). */
  readonly severity: Severity;
  /** One line: what the rule requires. */
  readonly summary: string;
  /**
   * `object`: judges each object on its own, so any subset of a release can be checked.
   * `set`: compares objects with each other (a Service and the pods it selects), so it is only
   * meaningful when the objects given are the whole release.
   */
  readonly scope: 'object' | 'set';
  check(context: RuleContext): PolicyFinding[];
}

export interface CheckOptions {
  readonly exceptions?: readonly PolicyException[];
  /** Rule ids not to run at all. */
  readonly disabled?: readonly string[];
}
