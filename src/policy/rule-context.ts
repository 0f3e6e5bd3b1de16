// What every rule sees: the objects under check, indexed once, and every pod template found in them
// (bare Pods and the templates of workload controllers) with the path at which it lives.
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { joinPath } from './field-path.ts';
import { asArray, asNumber, asRecord, asString, dig, type JsonRecord } from './json-values.ts';
import { matchesLabelSelector, matchesMapSelector, readLabels, type Labels } from './label-selector.ts';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  readonly group: ContainerGroup;
  readonly index: number;
  /** e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
  readonly name: string;
  readonly container: JsonRecord;
}

export interface PodTemplate {
  /** The object the template belongs to: the workload controller, or the Pod itself. */
  readonly workload: KubernetesObject;
  /** `metadata` for a Pod, `spec.template.metadata` for a Deployment, ... */
  readonly metadataPath: string;
  /** `spec` for a Pod, `spec.jobTemplate.spec.template.spec` for a CronJob, ... */
  readonly specPath: string;
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, unknown>>;
  readonly spec: JsonRecord;
  /** Containers, then init containers, then ephemeral containers. */
  readonly containers: readonly ContainerRef[];
  /** Pods that run to completion (Jobs, CronJobs, Pods a Job owns, bare Pods never restarted) rather than serve. */
  readonly runsToCompletion: boolean;
}

export interface RuleContext {
  readonly objects: readonly KubernetesObject[];
  readonly podTemplates: readonly PodTemplate[];
  ofKind(kind: string): readonly KubernetesObject[];
  hasKind(kind: string): boolean;
  find(kind: string, name: string, namespace: string | undefined): KubernetesObject | undefined;
  templateOf(workload: KubernetesObject): PodTemplate | undefined;
  /** HorizontalPodAutoscalers whose scaleTargetRef names this object. */
  autoscalersOf(workload: KubernetesObject): readonly KubernetesObject[];
  /** Pod templates in `namespace` whose labels a metav1.LabelSelector selects. */
  templatesSelectedBy(selector: unknown, namespace: string | undefined): readonly PodTemplate[];
  /** Pod templates in `namespace` whose labels a map selector (Service) selects. */
  templatesMatchingMap(selector: Labels, namespace: string | undefined): readonly PodTemplate[];
}

/** Where each kind keeps its pod template. */
const TEMPLATE_LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
};

export const WORKLOAD_KINDS: readonly string[] = ['Pod', ...Object.keys(TEMPLATE_LOCATIONS)].sort();

/** Workloads that run a number of identical replicas (the ones PDBs, spreading and HPAs are about). */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'Rollout', 'StatefulSet'];

const CONTAINER_GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

/**
 * Objects without a namespace get one when applied (`kubectl apply -n`, `helm --namespace`), so they
 * are treated as being in the same namespace as anything.
 */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === '' || b === '' || a === b;
}

export function namespaceOf(object: KubernetesObject): string | undefined {
  return asString(object.metadata.namespace);
}

export function createRuleContext(objects: readonly KubernetesObject[]): RuleContext {
  const byKind = new Map<string, KubernetesObject[]>();
  for (const object of objects) {
    const list = byKind.get(object.kind) ?? [];
    list.push(object);
    byKind.set(object.kind, list);
  }
  const templates = new Map<KubernetesObject, PodTemplate>();
  for (const object of objects) {
    const template = readPodTemplate(object);
    if (template) templates.set(object, template);
  }
  const podTemplates = [...templates.values()];
  const ofKind = (kind: string): readonly KubernetesObject[] => byKind.get(kind) ?? [];

  return {
    objects,
    podTemplates,
    ofKind,
    hasKind: (kind) => ofKind(kind).length > 0,
    find: (kind, name, namespace) =>
      ofKind(kind).find((o) => o.metadata.name === name && sameNamespace(namespaceOf(o), namespace)),
    templateOf: (workload) => templates.get(workload),
    autoscalersOf: (workload) =>
      ofKind('HorizontalPodAutoscaler').filter((hpa) => {
        const ref = asRecord(dig(hpa, 'spec', 'scaleTargetRef'));
        return (
          ref?.kind === workload.kind &&
          ref?.name === workload.metadata.name &&
          sameNamespace(namespaceOf(hpa), namespaceOf(workload))
        );
      }),
    templatesSelectedBy: (selector, namespace) =>
      podTemplates.filter(
        (t) => sameNamespace(namespaceOf(t.workload), namespace) && matchesLabelSelector(selector, t.labels),
      ),
    templatesMatchingMap: (selector, namespace) =>
      podTemplates.filter(
        (t) => sameNamespace(namespaceOf(t.workload), namespace) && matchesMapSelector(selector, t.labels),
      ),
  };
}

/** An Argo Rollouts analysis that runs a Job (a smoke test): where that Job's pod template is. */
function analysisJobTemplateLocation(object: KubernetesObject): (string | number)[] | undefined {
  const index = asArray(dig(object, 'spec', 'metrics')).findIndex((metric) => asRecord(dig(metric, 'provider', 'job', 'spec', 'template')) !== undefined);
  return index < 0 ? undefined : ['spec', 'metrics', index, 'provider', 'job', 'spec', 'template'];
}

function digPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = typeof key === 'number' ? asArray(current)[key] : dig(current, key);
  return current;
}

function readPodTemplate(object: KubernetesObject): PodTemplate | undefined {
  let base: readonly (string | number)[];
  if (object.kind === 'Pod') base = [];
  else if (TEMPLATE_LOCATIONS[object.kind]) base = TEMPLATE_LOCATIONS[object.kind];
  else if (object.kind === 'AnalysisTemplate') base = analysisJobTemplateLocation(object) ?? [];
  else return undefined;
  if (base.length === 0 && object.kind !== 'Pod') return undefined;
  const template = base.length === 0 ? object : digPath(object, base);
  const spec = asRecord(dig(template, 'spec'));
  if (!spec) return undefined;
  const metadata = asRecord(dig(template, 'metadata')) ?? {};
  const basePath = joinPath('', ...base);
  const specPath = joinPath(basePath, 'spec');
  const containers: ContainerRef[] = [];
  for (const group of CONTAINER_GROUPS) {
    asArray(spec[group]).forEach((item, index) => {
      const container = asRecord(item);
      if (!container) return;
      containers.push({
        group,
        index,
        path: joinPath(specPath, group, index),
        name: asString(container.name) ?? `#${index}`,
        container,
      });
    });
  }
  return {
    workload: object,
    metadataPath: joinPath(basePath, 'metadata'),
    specPath,
    labels: readLabels(metadata.labels),
    annotations: asRecord(metadata.annotations) ?? {},
    spec,
    containers,
    // A bare Pod that is never restarted (a `helm test` pod, a one-off task) runs to completion too.
    runsToCompletion:
      object.kind === 'Job' ||
      object.kind === 'CronJob' ||
      object.kind === 'AnalysisTemplate' ||
      ownedBy(object, 'Job') ||
      (object.kind === 'Pod' && (spec.restartPolicy === 'Never' || spec.restartPolicy === 'OnFailure')),
  };
}

function ownedBy(object: KubernetesObject, kind: string): boolean {
  return asArray(object.metadata.ownerReferences).some((ref) => asRecord(ref)?.kind === kind);
}

/** The app containers: the ones that serve, expose ports and carry probes. */
export function servingContainers(template: PodTemplate): readonly ContainerRef[] {
  return template.containers.filter((c) => c.group === 'containers');
}

/** Containers that get resources and run the image: regular and init containers. */
export function runnableContainers(template: PodTemplate): readonly ContainerRef[] {
  return template.containers.filter((c) => c.group !== 'ephemeralContainers');
}

/** The replica count a workload runs with when no autoscaler is involved (the API default is 1). */
export function declaredReplicas(workload: KubernetesObject): number {
  return asNumber(dig(workload, 'spec', 'replicas')) ?? 1;
}

/** The fewest and most replicas a workload can run with, counting autoscalers that target it. */
export function replicaRange(context: RuleContext, workload: KubernetesObject): { min: number; max: number } {
  const hpas = context.autoscalersOf(workload);
  if (hpas.length === 0) {
    const replicas = declaredReplicas(workload);
    return { min: replicas, max: replicas };
  }
  const mins = hpas.map((h) => asNumber(dig(h, 'spec', 'minReplicas')) ?? 1);
  const maxes = hpas.map((h) => asNumber(dig(h, 'spec', 'maxReplicas')) ?? 1);
  return { min: Math.min(...mins), max: Math.max(...maxes) };
}

/** Whether a selector written on `owner` (a PDB, a NetworkPolicy) selects this pod template. */
export function selectsTemplate(owner: KubernetesObject, selector: unknown, template: PodTemplate): boolean {
  return sameNamespace(namespaceOf(owner), namespaceOf(template.workload)) && matchesLabelSelector(selector, template.labels);
}

/** Pods whose Linux-only security fields the Pod Security Standards exempt. */
export function isWindowsPod(template: PodTemplate): boolean {
  return dig(template.spec, 'os', 'name') === 'windows';
}
