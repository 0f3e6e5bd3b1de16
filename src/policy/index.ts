// The policy engine behind `berth check`: Kubernetes objects in (from berth's own resolve, or parsed
// from any YAML with parseManifests), findings out as data, with SARIF for code-scanning tools.
export type { CheckOptions, PolicyException, PolicyFinding, PolicyRule, Severity } from './types.ts';
export type { ContainerRef, PodTemplate, RuleContext } from './rule-context.ts';
export type { ManifestDocument, ParsedManifests } from './parse-manifests.ts';
export { checkObjects, compareFindings, isFailure, severityAtLeast, validatePolicyOptions } from './check-objects.ts';
export { createRuleContext } from './rule-context.ts';
export { findRule, rules } from './rules/index.ts';
export { locateFindings, parseManifests } from './parse-manifests.ts';
export { formatSarif, ruleHelpUri, SARIF_SCHEMA } from './sarif.ts';
