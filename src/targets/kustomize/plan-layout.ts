// Decides where every canonical object lives in the Kustomize tree: the base (what every environment
// shares), components (optional parts several environments use: an in-cluster dependency,
// autoscalers), overlay resources (what one environment alone has), and the overlay transformers and
// JSON 6902 patches that turn the shared version into each environment's. Pure data; no text yet.
import { InternalError } from '../../diagnostics.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { resolveEnvironment, type AppModel, type ResolvedObject } from '../../model/resolve.ts';
import { NAMESPACE, type TemplateObject } from '../../model/template-object.ts';
import { evaluate, type Json } from '../../model/template.ts';
import { targetEnvironments } from '../target.ts';
import { applyPatch, canonicalJson, diffJson, equalJson, type PatchOperation } from './json-patch.ts';
import {
  applyImages,
  applyReplicas,
  proposeImages,
  proposeReplicas,
  setNamespace,
  type ImageOverride,
  type ObjectPair,
  type ReplicaOverride,
} from './transformers.ts';

/** One object file of the tree: `<id>.yaml`. */
export interface PlacedObject {
  readonly id: string;
  readonly object: KubernetesObject;
}

export interface ComponentPlan {
  /** Directory name under `components/`. */
  readonly name: string;
  readonly objects: readonly PlacedObject[];
  /** Environments whose overlays include it. */
  readonly environments: readonly string[];
}

export interface PatchTarget {
  readonly group?: string;
  readonly version: string;
  readonly kind: string;
  readonly name?: string;
}

export interface ObjectPatch {
  /** File name under `patches/` without `.yaml`: the object id, or the kind for a shared patch. */
  readonly file: string;
  /** What the patch says, for the comment at the top of its file. */
  readonly about: string;
  readonly target: PatchTarget;
  readonly operations: readonly PatchOperation[];
}

export interface OverlayPlan {
  /** Directory name under `overlays/`: the environment, or `default` when the spec has none. */
  readonly name: string;
  readonly environment: string | undefined;
  readonly namespace: string;
  readonly resources: readonly PlacedObject[];
  readonly components: readonly string[];
  readonly images: readonly ImageOverride[];
  readonly replicas: readonly ReplicaOverride[];
  readonly patches: readonly ObjectPatch[];
}

export interface KustomizePlan {
  readonly namespace: string;
  readonly base: readonly PlacedObject[];
  readonly components: readonly ComponentPlan[];
  readonly overlays: readonly OverlayPlan[];
  /** Name of the component adding Argo CD PreSync hooks to the Jobs, when there are Jobs. */
  readonly hooksComponent?: string;
}

interface Environment {
  readonly name: string;
  readonly environment: string | undefined;
  readonly namespace: string;
  readonly objects: ReadonlyMap<string, ResolvedObject>;
}

export function planKustomize(model: AppModel): KustomizePlan {
  const namespace = namespaceOf(model, undefined);
  const baseSpec = new Map(resolveEnvironment(model, undefined).map((r) => [r.template.id, r]));
  const environments: Environment[] = targetEnvironments(model).map(({ name, environment }) => ({
    name,
    environment,
    namespace: namespaceOf(model, environment),
    objects: new Map(resolveEnvironment(model, environment).map((r) => [r.template.id, r])),
  }));

  // Template order is kind order, then id: a stable order for every list below.
  const templates = model.objects.filter((t) => environments.some((e) => e.objects.has(t.id)));
  // Each environment's values with the base namespace, built once rather than once per object.
  const sharedValues = new Map(environments.map((e) => [e, new Map(model.registry.valuesFor(e.environment)).set(NAMESPACE, namespace)]));
  const sourceVersion = new Map(templates.map((t) => [t.id, sharedVersion(t, baseSpec, environments, sharedValues)]));
  const users = (t: TemplateObject) => environments.filter((e) => e.objects.has(t.id)).map((e) => e.name);

  const base: PlacedObject[] = [];
  const groups = new Map<string, { primary: string; environments: string[]; objects: PlacedObject[] }>();
  const ownResources = new Map<string, PlacedObject[]>();
  for (const template of templates) {
    const usedBy = users(template);
    const placed = { id: template.id, object: sourceVersion.get(template.id)! };
    if (usedBy.length === environments.length) {
      base.push(placed);
    } else if (template.ownerKind === 'dependency' || usedBy.length > 1 || baseSpec.has(template.id)) {
      // An optional part: one component per dependency, or per kind of object (all autoscalers used
      // by the same environments together), so overlays pick parts instead of copying objects.
      const primary = template.ownerKind === 'dependency' ? template.owner : partName(template.kind);
      const key = `${primary}\u0000${usedBy.join(',')}`;
      const group = groups.get(key) ?? { primary, environments: usedBy, objects: [] };
      group.objects.push(placed);
      groups.set(key, group);
    } else {
      const only = environments.find((e) => e.name === usedBy[0])!;
      const list = ownResources.get(only.name) ?? [];
      list.push({ id: template.id, object: only.objects.get(template.id)!.object });
      ownResources.set(only.name, list);
    }
  }

  const taken = new Set<string>();
  const components: ComponentPlan[] = [];
  for (const group of groups.values()) {
    const sharesPrimary = [...groups.values()].filter((g) => g.primary === group.primary).length > 1;
    const name = uniqueName(sharesPrimary ? `${group.primary}-${group.environments.join('-')}` : group.primary, taken);
    components.push({ name, objects: group.objects, environments: group.environments });
  }
  components.sort((a, b) => compareText(a.name, b.name));
  const hooksComponent = model.spec.base.jobs.length > 0 ? uniqueName('argocd-hooks', taken) : undefined;

  const overlays = environments.map((env) => {
    const used = components.filter((c) => c.environments.includes(env.name));
    const resources = ownResources.get(env.name) ?? [];
    const sources = new Map<string, KubernetesObject>();
    for (const placed of [...base, ...used.flatMap((c) => c.objects), ...resources]) sources.set(placed.id, placed.object);
    return planOverlay(env, sources, {
      resources,
      components: [...used.map((c) => c.name), ...(hooksComponent ? [hooksComponent] : [])],
    });
  });
  return { namespace, base, components, overlays, hooksComponent };
}

function namespaceOf(model: AppModel, environment: string | undefined): string {
  return String(model.registry.valuesFor(environment).get(NAMESPACE));
}

/**
 * The version of an object that the base or a component holds: the spec without overrides when the
 * base spec has the object, otherwise the version most environments share (first declared wins a
 * tie), always in the base namespace so that only the overlay's `namespace:` moves it.
 */
function sharedVersion(
  template: TemplateObject,
  baseSpec: ReadonlyMap<string, ResolvedObject>,
  environments: readonly Environment[],
  sharedValues: ReadonlyMap<Environment, ReadonlyMap<string, Json>>,
): KubernetesObject {
  const fromBase = baseSpec.get(template.id);
  if (fromBase) return fromBase.object;
  const counts = new Map<string, { object: KubernetesObject; count: number }>();
  for (const env of environments) {
    if (!env.objects.has(template.id)) continue;
    const object = evaluate(template.body, sharedValues.get(env)!) as unknown as KubernetesObject;
    const key = canonicalJson(object as unknown as Json);
    const entry = counts.get(key) ?? { object, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { object: KubernetesObject; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best!.object;
}

/** Directory names of optional parts that are not a dependency, by kind. */
const PART_NAMES: Readonly<Record<string, string>> = {
  HorizontalPodAutoscaler: 'autoscaling',
  PodDisruptionBudget: 'disruption-budgets',
  Ingress: 'ingress',
};

function partName(kind: string): string {
  return PART_NAMES[kind] ?? plural(kebabKind(kind));
}

function kebabKind(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function plural(word: string): string {
  if (/(s|x|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
  taken.add(name);
  return name;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One overlay: transformers where they say a change exactly (namespace always; `images` and
 * `replicas` when every object they touch wants the result), then the smallest JSON 6902 patch per
 * object for the rest. The result is checked by replaying Kustomize's order (patches, namespace,
 * replicas, images); without the transformers when they got in each other's way.
 */
function planOverlay(
  env: Environment,
  sources: ReadonlyMap<string, KubernetesObject>,
  parts: { resources: readonly PlacedObject[]; components: readonly string[] },
): OverlayPlan {
  const pairs: (ObjectPair & { id: string })[] = [...env.objects.values()].map((r) => ({
    id: r.template.id,
    source: sources.get(r.template.id)!,
    wanted: r.object,
  }));
  for (const transformers of [true, false]) {
    const images = transformers ? proposeImages(pairs) : [];
    const replicas = transformers ? proposeReplicas(pairs) : [];
    const transform = (objects: readonly KubernetesObject[]) => applyImages(applyReplicas(setNamespace(objects, env.namespace), replicas), images);
    const patches: ObjectPatch[] = [];
    for (const { id, source, wanted } of pairs) {
      const transformed = transform([source])[0] as unknown as Json;
      // Most objects need no patch: a comparison, which allocates nothing, finds them before a diff.
      if (equalJson(transformed, wanted as unknown as Json)) continue;
      const operations = diffJson(transformed, wanted as unknown as Json);
      if (operations.length === 0) continue;
      patches.push({ file: id, about: `${source.kind} ${source.metadata.name}`, target: targetOf(source), operations });
    }
    const plan: OverlayPlan = {
      name: env.name,
      environment: env.environment,
      namespace: env.namespace,
      resources: parts.resources,
      components: parts.components,
      images,
      replicas,
      patches: sharePatches(patches, pairs.map((p) => p.source)),
    };
    if (replayOverlay(plan, pairs)) return plan;
  }
  throw new InternalError(`the Kustomize overlay of ${env.name} does not reproduce its objects; this is a bug in berth`);
}

export function targetOf(object: KubernetesObject): PatchTarget {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  return { ...(group ? { group } : {}), version, kind: object.kind, name: object.metadata.name };
}

/** Kustomize's order: patches, then namespace, replicas and images; true when it gives every wanted object. */
function replayOverlay(plan: OverlayPlan, pairs: readonly (ObjectPair & { id: string })[]): boolean {
  try {
    const objects = pairs.map((p) => p.source);
    // Index the objects by what a patch target names, so each patch finds its objects directly.
    const index = new Map<string, number[]>();
    const indexObject = (o: KubernetesObject, i: number) => {
      const own = targetOf(o);
      for (const key of [targetKey(own), targetKey({ ...own, name: undefined })]) {
        const list = index.get(key);
        if (list) list.push(i);
        else index.set(key, [i]);
      }
    };
    objects.forEach(indexObject);
    for (const patch of plan.patches) {
      for (const i of index.get(targetKey(patch.target)) ?? []) {
        const before = targetKey(targetOf(objects[i]));
        objects[i] = applyPatch(objects[i] as unknown as Json, patch.operations) as unknown as KubernetesObject;
        // A patch that renamed its object moves it in the index (never the case for berth's own patches).
        if (targetKey(targetOf(objects[i])) !== before) {
          index.clear();
          objects.forEach(indexObject);
        }
      }
    }
    const transformed = applyImages(applyReplicas(setNamespace(objects, plan.namespace), plan.replicas), plan.images);
    return transformed.every((o, i) => equalJson(o as unknown as Json, pairs[i].wanted as unknown as Json));
  } catch {
    return false;
  }
}

function targetKey(target: PatchTarget): string {
  return `${target.group ?? ''}\u0000${target.version}\u0000${target.kind}\u0000${target.name === undefined ? '\u0001' : target.name}`;
}

function matchesTarget(object: KubernetesObject, target: PatchTarget): boolean {
  const own = targetOf(object);
  return own.kind === target.kind && own.version === target.version && own.group === target.group && (target.name === undefined || own.name === target.name);
}

/**
 * Operations every object of a kind needs identically (resources of every Deployment, say) move to
 * one patch that targets the kind, so an environment's sizing reads as one change, not twenty.
 * Only operations that no list insertion or removal precedes are moved: they mean the same whether
 * they run first or in their place.
 */
function sharePatches(patches: readonly ObjectPatch[], objects: readonly KubernetesObject[]): ObjectPatch[] {
  const byKind = new Map<string, ObjectPatch[]>();
  for (const patch of patches) {
    const key = `${patch.target.group ?? ''}/${patch.target.version}/${patch.target.kind}`;
    const group = byKind.get(key);
    if (group) group.push(patch);
    else byKind.set(key, [patch]);
  }
  const shared: ObjectPatch[] = [];
  const remaining = new Map(patches.map((p) => [p, [...p.operations]]));
  for (const group of byKind.values()) {
    const { target } = group[0];
    const ofKind = objects.filter((o) => matchesTarget(o, { ...target, name: undefined }));
    if (group.length < 2 || group.length !== ofKind.length) continue;
    const movable = (patch: ObjectPatch) => {
      const firstStructural = patch.operations.findIndex((op) => op.op !== 'replace' && /\/\d+$/.test(op.path));
      return new Set(patch.operations.slice(0, firstStructural === -1 ? undefined : firstStructural).map((op) => canonicalJson(op as unknown as Json)));
    };
    let common = movable(group[0]);
    for (const patch of group.slice(1)) {
      const own = movable(patch);
      common = new Set([...common].filter((op) => own.has(op)));
    }
    if (common.size === 0) continue;
    const operations = group[0].operations.filter((op) => common.has(canonicalJson(op as unknown as Json)));
    shared.push({ file: `all-${plural(kebabKind(target.kind))}`, about: `every ${target.kind}`, target: { ...target, name: undefined }, operations });
    for (const patch of group) remaining.set(patch, remaining.get(patch)!.filter((op) => !common.has(canonicalJson(op as unknown as Json))));
  }
  const own = patches.map((p) => ({ ...p, operations: remaining.get(p)! })).filter((p) => p.operations.length > 0);
  return [...shared, ...own];
}
