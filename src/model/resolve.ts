// LoadedSpec → AppModel (parameter registry + intermediate form) → the canonical objects of one
// environment. Pure and deterministic: the single source of truth for what every resource looks like.
import { hasErrors, InputError, InternalError, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import type { AppSpec, ObjectPatch } from '../spec/app-spec.ts';
import type { LoadedSpec } from '../spec/load.ts';
import { checkNames } from './check-names.ts';
import { objectId, type KubernetesObject } from './kubernetes-object.ts';
import { buildParameterRegistry, collectKnobs, ENVIRONMENT_PATCHES, type ParameterRegistry } from './parameters.ts';
import { applyPatches } from './patches.ts';
import { appObjects } from './resources/app.ts';
import { componentObjects } from './resources/component.ts';
import { dependencyObjects } from './resources/dependency.ts';
import { externalSecretObjects } from './resources/external-secret.ts';
import { sealedSecretObjects } from './resources/sealed-secret.ts';
import { cronJobObjects } from './resources/cron-job.ts';
import { jobObjects } from './resources/job.ts';
import { statefulComponentObjects } from './resources/stateful-set.ts';
import { kindRank, type TemplateObject } from './template-object.ts';
import { evaluate, param, referencedParameters, truthy, type Json, type ParameterValues } from './template.ts';
import { DEFAULT_VARIANT, mergeVariants, type VariantOption } from './variants.ts';
import { validateObject } from './validate-object.ts';

export interface AppModel {
  readonly spec: LoadedSpec;
  readonly registry: ParameterRegistry;
  readonly objects: readonly TemplateObject[];
}

/** A canonical object with the template it came from (its owner and spec positions). */
export interface ResolvedObject {
  readonly object: KubernetesObject;
  readonly template: TemplateObject;
}

/** Throws an InputError (with positions) when the spec's derived names collide or break Kubernetes' limits. */
export function buildAppModel(spec: LoadedSpec): AppModel {
  const objects = buildTemplateObjects(spec.base);
  const model = { spec, registry: buildParameterRegistry(spec, objects), objects };
  const problems = checkNames(model);
  if (hasErrors(problems)) throw new InputError("the spec's derived Kubernetes names collide or break Kubernetes' limits", problems);
  const invalid = checkPatchedObjects(model);
  if (invalid.length > 0) throw new InputError('the spec\'s patches make objects invalid', invalid);
  return model;
}

/** A patched object must still be a valid Kubernetes object (in each environment its patches touch); the error points at the patch. */
function checkPatchedObjects(model: AppModel): Diagnostic[] {
  const base = model.spec.base;
  const views: [string | undefined, readonly ObjectPatch[]][] = [[undefined, base.patches]];
  for (const [name, patches] of base.environmentPatches.options.slice(1)) views.push([name, [...base.patches, ...(patches ?? [])]]);
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const [environment, patches] of views) {
    if (patches.length === 0) continue;
    const values = model.registry.valuesFor(environment);
    for (const template of model.objects) {
      const patch = [...patches].reverse().find((p) => p.kind === template.kind && (p.name === undefined || p.name === template.owner));
      if (!patch || reported.has(patch.path)) continue;
      if (template.condition !== undefined && !truthy(evaluate(template.condition, values))) continue;
      try {
        validateObject(evaluate(template.body, values) as unknown as KubernetesObject);
      } catch (error) {
        reported.add(patch.path);
        diagnostics.push({
          code: 'patch-invalid',
          severity: 'error',
          message: `after patches${environment ? ` (environment ${environment})` : ''}, ${(error as Error).message}`,
          position: base.positions.get(patch.path),
          hint: 'Check the field names and value types against the Kubernetes API reference (kubectl explain <kind>.<field>).',
        });
      }
    }
  }
  return diagnostics;
}

/** The objects of one view of the spec, with its `patches:` applied; throws an InputError for a bad patch. */
export function buildTemplateObjects(spec: AppSpec): TemplateObject[] {
  const built = [
    ...spec.components.flatMap((c) => (c.stateful ? statefulComponentObjects(spec, c) : componentObjects(spec, c))),
    ...spec.dependencies.flatMap((d) => dependencyObjects(spec, d)),
    ...spec.jobs.flatMap((j) => jobObjects(spec, j)),
    ...spec.cronJobs.flatMap((c) => cronJobObjects(spec, c)),
    ...appObjects(spec),
    ...externalSecretObjects(spec),
    ...sealedSecretObjects(spec),
  ];
  const { objects, diagnostics } = applyEnvironmentPatches(spec, applyPatches(spec, built));
  if (diagnostics.length > 0) throw new InputError('the spec\'s patches cannot be applied', diagnostics);
  return objects.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Each environment's own patches, applied after the app-wide ones; an object they change holds
 * every environment's version, chosen by the `patches.environment` parameter (see variants.ts).
 */
function applyEnvironmentPatches(spec: AppSpec, applied: { objects: TemplateObject[]; diagnostics: Diagnostic[] }): { objects: TemplateObject[]; diagnostics: Diagnostic[] } {
  const variants = spec.environmentPatches.options.slice(1);
  if (variants.length === 0 || applied.diagnostics.length > 0) return applied;
  const diagnostics: Diagnostic[] = [];
  const patchedBy = variants.map(([name, patches]) => {
    const result = applyPatches(spec, applied.objects, patches ?? []);
    diagnostics.push(...result.diagnostics);
    return [name, result.objects] as const;
  });
  if (diagnostics.length > 0) return { objects: applied.objects, diagnostics };
  const selector = param(ENVIRONMENT_PATCHES);
  const objects = applied.objects.map((object, index) => {
    const options: VariantOption[] = [[DEFAULT_VARIANT, object.body], ...patchedBy.map(([name, objects]) => [name, objects[index].body] as const)];
    const body = mergeVariants(selector, options);
    return body === object.body || body === undefined ? object : { ...object, body };
  });
  return { objects, diagnostics };
}

/** Evaluates the intermediate form with one set of parameter values; sorted by kind, then name. */
export function evaluateObjects(objects: readonly TemplateObject[], values: ParameterValues): ResolvedObject[] {
  const resolved: ResolvedObject[] = [];
  for (const template of objects) {
    if (template.condition !== undefined && !truthy(evaluate(template.condition, values))) continue;
    resolved.push({ object: evaluate(template.body, values) as unknown as KubernetesObject, template });
  }
  return resolved.sort(
    (a, b) =>
      kindRank(a.object.kind) - kindRank(b.object.kind) ||
      (a.object.metadata.name < b.object.metadata.name ? -1 : a.object.metadata.name > b.object.metadata.name ? 1 : 0),
  );
}

/**
 * The canonical objects of `environment` (the base when undefined). Also proves the registry
 * explains the environment: resolving the environment's own merged spec must give the same objects
 * as the base template evaluated with the environment's parameter values.
 *
 * Resolved once per model and environment: every target and command of a run shares the result, so
 * callers must not change the objects (copy them first, as the emitters do).
 */
export function resolveEnvironment(model: AppModel, environment?: string): ResolvedObject[] {
  let byEnvironment = resolvedEnvironments.get(model);
  if (!byEnvironment) resolvedEnvironments.set(model, (byEnvironment = new Map()));
  let resolved = byEnvironment.get(environment);
  if (!resolved) byEnvironment.set(environment, (resolved = resolveOnce(model, environment)));
  return [...resolved];
}

const resolvedEnvironments = new WeakMap<AppModel, Map<string | undefined, readonly ResolvedObject[]>>();

function resolveOnce(model: AppModel, environment: string | undefined): ResolvedObject[] {
  const values = model.registry.valuesFor(environment);
  const resolved = evaluateObjects(model.objects, values);
  if (environment !== undefined) {
    const envSpec = model.spec.environments.get(environment);
    if (!envSpec) throw new InternalError(`unknown environment ${environment}`);
    const ownValues: Map<string, Json> = new Map(collectKnobs(envSpec).map((k) => [k.path.join('.'), k.value]));
    const direct = evaluateObjects(buildTemplateObjects(envSpec), ownValues);
    if (direct.length !== resolved.length || direct.some((r, i) => !sameJsonText(r.object, resolved[i].object))) {
      throw new InternalError(
        `environment ${environment} differs from the base in a way no parameter explains; berth refuses to emit packaging it cannot prove`,
      );
    }
  }
  assertUniqueIdentities(resolved);
  // Each distinct object is checked against its schema once: two objects made from one template are
  // the same when the parameters it reads have the same values (environments share many).
  for (const { object, template } of resolved) {
    const checks = checkedTemplates.get(template);
    if (!checks) {
      validateObject(object);
      checkedTemplates.set(template, { firstValues: values });
      continue;
    }
    const done = checks.done ?? (checks.done = new Set([valuesKey(template, checks, checks.firstValues)]));
    const key = valuesKey(template, checks, values);
    if (done.has(key)) continue;
    validateObject(object);
    done.add(key);
  }
  return resolved;
}

/**
 * For each template object: the values its first object passed the schema check with, and, once a
 * second environment asks, the parameters the template reads (body and condition) and each set of
 * their values an object passed with. A run of one environment (`render`) never lists parameters.
 */
interface SchemaChecks {
  readonly firstValues: ParameterValues;
  parameters?: readonly string[];
  done?: Set<string>;
}
const checkedTemplates = new WeakMap<TemplateObject, SchemaChecks>();

function valuesKey(template: TemplateObject, checks: SchemaChecks, values: ParameterValues): string {
  if (!checks.parameters) {
    const found = referencedParameters(template.body);
    if (template.condition !== undefined) referencedParameters(template.condition, found);
    checks.parameters = [...found].sort();
  }
  return JSON.stringify(checks.parameters.map((name) => values.get(name) ?? null));
}

/** Whether `JSON.stringify` spells two JSON values alike (key order included), without spelling them. */
export function sameJsonText(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonText(a[i], b[i])) return false;
    return true;
  }
  // Fields holding undefined are not spelt: skip them on both sides.
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keysA = Object.keys(left);
  const keysB = Object.keys(right);
  let j = 0;
  for (const key of keysA) {
    if (left[key] === undefined) continue;
    while (j < keysB.length && right[keysB[j]] === undefined) j++;
    if (j === keysB.length || keysB[j] !== key || !sameJsonText(left[key], right[key])) return false;
    j++;
  }
  while (j < keysB.length && right[keysB[j]] === undefined) j++;
  return j === keysB.length;
}

/** checkNames refuses specs whose objects would share an identity; reaching this is a bug in berth. */
function assertUniqueIdentities(resolved: readonly ResolvedObject[]): void {
  const seen = new Set<string>();
  for (const { object } of resolved) {
    const identity = `${object.apiVersion}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
    if (seen.has(identity)) throw new InternalError(`two canonical objects are both ${objectId(object)}`);
    seen.add(identity);
  }
}

export function resolveObjects(model: AppModel, environment?: string): KubernetesObject[] {
  return resolveEnvironment(model, environment).map((r) => r.object);
}

/** Where the spec wrote the value at `path` of a resolved object (the nearest recorded parent). */
export function sourceOf(resolved: ResolvedObject, path: string): SourcePosition | undefined {
  const sources = resolved.template.sources;
  for (let candidate = path; ; ) {
    if (sources[candidate]) return sources[candidate];
    if (candidate === '') return undefined;
    const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
    candidate = cut <= 0 ? '' : candidate.slice(0, cut);
  }
}
