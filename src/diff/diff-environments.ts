// Two environments of one app model (either may be the base) → what differs between them: the
// parameters whose values differ (with the objects and fields each governs), the objects present
// on one side only, the size of every workload, and optionally every differing field of the
// objects both sides have. Pure: it reads the parameter registry and the canonical objects.
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { camelKey, parameterNames } from '../model/parameters.ts';
import type { AppModel, ResolvedObject } from '../model/resolve.ts';
import type { Json } from '../model/template.ts';

export interface DiffSide {
  /** The environment's name, or `base`. */
  readonly name: string;
  readonly environment: string | undefined;
  readonly namespace: string;
}

export interface ParameterChange {
  readonly name: string;
  readonly helm: string;
  readonly terraform: string;
  readonly pulumi: string;
  readonly from: Json;
  readonly to: Json;
  readonly description: string;
  /** `Deployment backend-deployment spec.replicas`, `HorizontalPodAutoscaler backend-hpa (exists)`. */
  readonly governs: readonly string[];
  /** The component or dependency the parameter belongs to, when it belongs to one. */
  readonly owner?: string;
  /** The parameter's path below its owner (`replicas`, `resources.requests.cpu`). */
  readonly field: string;
}

export interface ObjectOnOneSide {
  /** `HorizontalPodAutoscaler/platform-gateway`. */
  readonly object: string;
  readonly side: 'from' | 'to';
  /** Toggle parameters that decide whether it exists. */
  readonly toggledBy: readonly string[];
}

export interface FieldChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
  /** Parameters governing the field (empty for derived fields such as a config checksum). */
  readonly parameters: readonly string[];
}

export interface ObjectChange {
  /** `Deployment/platform-gateway` (the name on the `to` side when it changed, e.g. a Job's hash). */
  readonly object: string;
  readonly renamedFrom?: string;
  readonly fields: readonly FieldChange[];
}

/** How one workload runs on one side: replicas or autoscaler bounds, requests and limits. */
export interface WorkloadSize {
  readonly kind: string;
  readonly replicas: string;
  readonly cpu: string;
  readonly memory: string;
}

export interface WorkloadChange {
  readonly name: string;
  readonly from?: WorkloadSize;
  readonly to?: WorkloadSize;
}

export interface EnvironmentDiff {
  readonly app: string;
  /** Every component of the app, to say "all 20 components" instead of listing them. */
  readonly components: readonly string[];
  readonly from: DiffSide;
  readonly to: DiffSide;
  readonly parameters: readonly ParameterChange[];
  readonly onlyOnOneSide: readonly ObjectOnOneSide[];
  /** Every component and in-cluster dependency, sized on both sides (also when equal). */
  readonly workloads: readonly WorkloadChange[];
  /** Present with `objects: true`; namespaces are left out (the `namespace` parameter says it once). */
  readonly objects?: readonly ObjectChange[];
}

export interface DiffOptions {
  readonly objects?: boolean;
  /** Resolved objects per side, when the caller already has them. */
  readonly resolve: (environment: string | undefined) => readonly ResolvedObject[];
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'];

export function diffEnvironments(model: AppModel, from: string | undefined, to: string | undefined, options: DiffOptions): EnvironmentDiff {
  const registry = model.registry;
  const valueOn = (p: (typeof registry.parameters)[number], environment: string | undefined) => (environment === undefined ? p.base : (p.values.get(environment) as Json));
  const owners = new Map([...model.spec.base.components, ...model.spec.base.dependencies].map((o) => [camelKey(o.name), o.name]));

  const parameters: ParameterChange[] = registry.parameters
    .filter((p) => p.builtin !== 'fullname' && p.builtin !== 'release')
    .filter((p) => JSON.stringify(valueOn(p, from)) !== JSON.stringify(valueOn(p, to)))
    .map((p) => {
      const owner = owners.get(p.path[0]);
      return {
        name: p.name,
        ...parameterNames(p),
        from: valueOn(p, from),
        to: valueOn(p, to),
        description: p.description,
        governs: p.governs,
        owner,
        field: owner ? p.path.slice(1).join('.') : p.name,
      };
    });

  const left = options.resolve(from);
  const right = options.resolve(to);
  const key = (r: ResolvedObject) => `${r.object.kind} ${r.template.id}`;
  const leftByKey = new Map(left.map((r) => [key(r), r]));
  const rightByKey = new Map(right.map((r) => [key(r), r]));
  const toggles = (r: ResolvedObject) => registry.parameters.filter((p) => p.governs.includes(`${key(r)} (exists)`)).map((p) => p.name);
  const onlyOnOneSide: ObjectOnOneSide[] = [
    ...left.filter((r) => !rightByKey.has(key(r))).map((r) => ({ object: display(r.object), side: 'from' as const, toggledBy: toggles(r) })),
    ...right.filter((r) => !leftByKey.has(key(r))).map((r) => ({ object: display(r.object), side: 'to' as const, toggledBy: toggles(r) })),
  ];

  const sizeOf = (objects: readonly ResolvedObject[], owner: string): WorkloadSize | undefined => {
    const workload = objects.find((r) => WORKLOAD_KINDS.includes(r.object.kind) && r.template.owner === owner)?.object;
    if (!workload) return undefined;
    const autoscaler = objects.find((r) => r.object.kind === 'HorizontalPodAutoscaler' && (r.object.spec as { scaleTargetRef?: { name?: string } }).scaleTargetRef?.name === workload.metadata.name)?.object;
    return sizeWorkload(workload, autoscaler);
  };
  const workloadNames = [...model.spec.base.components.map((c) => c.name), ...model.spec.base.dependencies.map((d) => d.name)];
  const workloads = workloadNames
    .map((name) => ({ name, from: sizeOf(left, name), to: sizeOf(right, name) }))
    .filter((w) => w.from !== undefined || w.to !== undefined);

  let objects: ObjectChange[] | undefined;
  if (options.objects) {
    objects = [];
    for (const r of right) {
      const l = leftByKey.get(key(r));
      if (!l) continue;
      const fields: FieldChange[] = [];
      diffValues(withoutNamespace(l.object), withoutNamespace(r.object), '', fields, (path) => governingParameters(parameters, key(r), path));
      if (fields.length === 0) continue;
      const renamed = l.object.metadata.name !== r.object.metadata.name ? display(l.object) : undefined;
      objects.push({ object: display(r.object), ...(renamed ? { renamedFrom: renamed } : {}), fields });
    }
  }

  return {
    app: model.spec.base.name,
    components: model.spec.base.components.map((c) => c.name),
    from: side(model, from),
    to: side(model, to),
    parameters,
    onlyOnOneSide,
    workloads,
    ...(objects ? { objects } : {}),
  };
}

function side(model: AppModel, environment: string | undefined): DiffSide {
  return { name: environment ?? 'base', environment, namespace: String(model.registry.valuesFor(environment).get('namespace')) };
}

/** `3 replicas` or `HPA 3–20`, `500m / 1` (request / limit), from the canonical objects. */
export function sizeWorkload(workload: KubernetesObject, autoscaler?: KubernetesObject): WorkloadSize {
  const spec = (workload.spec ?? {}) as { replicas?: number; template?: { spec?: { containers?: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[] } } };
  const container = spec.template?.spec?.containers?.[0];
  const pair = (resource: string) => `${container?.resources?.requests?.[resource] ?? '–'} / ${container?.resources?.limits?.[resource] ?? '–'}`;
  let replicas: string;
  if (autoscaler) {
    const h = autoscaler.spec as { minReplicas?: number; maxReplicas?: number };
    replicas = `HPA ${h.minReplicas ?? 1}–${h.maxReplicas}`;
  } else {
    replicas = String(spec.replicas ?? 1);
  }
  return { kind: workload.kind, replicas, cpu: pair('cpu'), memory: pair('memory') };
}

function display(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

function withoutNamespace(object: KubernetesObject): KubernetesObject {
  const { namespace: _, ...metadata } = object.metadata;
  return { ...object, metadata: metadata as KubernetesObject['metadata'] };
}

function governingParameters(changes: readonly ParameterChange[], objectKey: string, path: string): string[] {
  const prefix = `${objectKey} `;
  return changes
    .filter((c) =>
      c.governs.some((g) => {
        if (!g.startsWith(prefix)) return false;
        const field = g.slice(prefix.length);
        return field === path || path.startsWith(`${field}.`) || path.startsWith(`${field}[`) || (field !== '' && field.startsWith(`${path}.`));
      }),
    )
    .map((c) => c.name);
}

/**
 * Lists of named items (containers, env, ports, volumes) are matched by name, so one added variable
 * reads as one change rather than a shift of every later item. `lookup` is the index path the
 * registry's `governs` uses.
 */
function diffValues(a: unknown, b: unknown, path: string, into: FieldChange[], parametersOf: (path: string) => string[], lookup = path): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isNamedList(a) && isNamedList(b)) {
      const names = [...new Set([...a.map((i) => i.name), ...b.map((i) => i.name)])];
      for (const name of names) {
        const ai = a.findIndex((i) => i.name === name);
        const bi = b.findIndex((i) => i.name === name);
        diffValues(a[ai], b[bi], `${path}[name=${name}]`, into, parametersOf, `${lookup}[${bi >= 0 ? bi : ai}]`);
      }
      return;
    }
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) diffValues(a[i], b[i], `${path}[${i}]`, into, parametersOf, `${lookup}[${i}]`);
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffValues(a[k], b[k], path ? `${path}.${k}` : k, into, parametersOf, lookup ? `${lookup}.${k}` : k);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) into.push({ path, from: a, to: b, parameters: parametersOf(lookup) });
}

function isNamedList(list: readonly unknown[]): list is { name: string }[] {
  return list.length > 0 && list.every((item) => isRecord(item) && typeof item.name === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
