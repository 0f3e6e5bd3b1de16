// The one documented normalisation, and an object-by-object diff that names the object, the
// field path and both values. Equality is strict otherwise.
import { objectId, type KubernetesObject } from '../model/kubernetes-object.ts';

/** Labels only a tool adds. */
const TOOL_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];
/** Hook annotations: when a resource runs, not what it is. */
const HOOK_ANNOTATIONS = [
  'helm.sh/hook',
  'helm.sh/hook-weight',
  'helm.sh/hook-delete-policy',
  'argocd.argoproj.io/hook',
  'argocd.argoproj.io/hook-delete-policy',
  'argocd.argoproj.io/sync-wave',
];

/**
 * Removes tool labels and hook annotations (and the maps they leave empty), and drops Helm test
 * hooks. Object order is ignored by `compareObjects`, which keys objects by kind/namespace/name.
 */
export function normalizeObjects(objects: readonly KubernetesObject[]): KubernetesObject[] {
  return objects
    .filter((o) => o.metadata?.annotations?.['helm.sh/hook'] !== 'test' && o.metadata?.annotations?.['helm.sh/hook'] !== 'test-success')
    .map((o) => {
      const copy = structuredClone(o);
      const { labels, annotations } = copy.metadata;
      if (labels) {
        for (const key of TOOL_LABELS) delete labels[key];
        if (Object.keys(labels).length === 0) delete copy.metadata.labels;
      }
      if (annotations) {
        for (const key of HOOK_ANNOTATIONS) delete annotations[key];
        if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
      }
      stripToolLabelsInTemplates(copy);
      return copy;
    });
}

/** Pod templates carry the same tool labels in some charts. */
function stripToolLabelsInTemplates(object: KubernetesObject): void {
  const templateLabels = (object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels;
  if (templateLabels) for (const key of TOOL_LABELS) delete templateLabels[key];
}

/** `objects` without the fields a target leaves out on purpose (see Target.omittedFields). */
export function withoutFields(objects: readonly KubernetesObject[], omitted: readonly { kind: string; path: string }[]): KubernetesObject[] {
  if (omitted.length === 0) return [...objects];
  return objects.map((object) => {
    const fields = omitted.filter((o) => o.kind === object.kind);
    if (fields.length === 0) return object;
    const copy = structuredClone(object);
    for (const { path } of fields) {
      const keys = path.split('.');
      let parent: Record<string, unknown> | undefined = copy;
      for (const key of keys.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
      if (parent) delete parent[keys[keys.length - 1]];
    }
    return copy;
  });
}

export interface ObjectDifference {
  readonly object: string;
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const key = (o: KubernetesObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Differences of `actual` (what an engine rendered) from `expected` (the canonical objects). */
export function compareObjects(expected: readonly KubernetesObject[], actual: readonly KubernetesObject[]): ObjectDifference[] {
  const differences: ObjectDifference[] = [];
  const want = new Map(normalizeObjects(expected).map((o) => [key(o), o]));
  const got = new Map(normalizeObjects(actual).map((o) => [key(o), o]));
  for (const [k, o] of want) {
    const other = got.get(k);
    if (!other) differences.push({ object: describe(o), path: '', expected: 'present', actual: 'missing' });
    else diffValues(o, other, '', describe(o), differences);
  }
  for (const [k, o] of got) if (!want.has(k)) differences.push({ object: describe(o), path: '', expected: 'absent', actual: 'present' });
  return differences;
}

function describe(o: KubernetesObject): string {
  return `${objectId(o)}${o.metadata.namespace ? ` (namespace ${o.metadata.namespace})` : ''}`;
}

function diffValues(expected: unknown, actual: unknown, path: string, object: string, into: ObjectDifference[]): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    for (let i = 0; i < length; i++) diffValues(expected[i], actual[i], `${path}[${i}]`, object, into);
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const k of keys) diffValues(expected[k], actual[k], path ? `${path}.${k}` : k, object, into);
    return;
  }
  if (expected !== actual) into.push({ object, path, expected, actual });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function formatDifferences(differences: readonly ObjectDifference[]): string {
  const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));
  return differences
    .map((d) => (d.path === '' ? `  ${d.object}: expected ${d.expected}, got ${d.actual}` : `  ${d.object} ${d.path}: expected ${show(d.expected)}, got ${show(d.actual)}`))
    .join('\n');
}
