// Kustomize's built-in `namespace`, `replicas` and `images` transformers, modelled closely enough to
// decide when an overlay can say a change with them instead of a patch, and to check the result.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import type { Json } from '../../model/template.ts';
import { isRecord } from './json-patch.ts';

export interface ImageOverride {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
}

export interface ReplicaOverride {
  readonly name: string;
  readonly count: number;
}

/** An object as the overlay starts from it (base or component version) and as the environment wants it. */
export interface ObjectPair {
  readonly source: KubernetesObject;
  readonly wanted: KubernetesObject;
}

/** The kinds kustomize's `replicas` field acts on (its fieldSpecs: `spec/replicas` of these kinds). */
const REPLICA_KINDS = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

/** kustomize's image.Split: the tag starts at the first `:` after the first `/` (a registry port is not a tag). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (at >= 0 && (colon < 0 || at < colon)) return { name: image.slice(0, offset + at), digest: image.slice(offset + at + 1) };
  if (at >= 0) return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1, offset + at), digest: image.slice(offset + at + 1) };
  if (colon < 0) return { name: image };
  return { name: image.slice(0, offset + colon), tag: image.slice(offset + colon + 1) };
}

/**
 * kustomize matches `images[].name` as an unescaped regular expression followed by an optional tag
 * or digest; an entry is only used when that match is exactly "the same image name".
 */
function matchesLoosely(image: string, name: string): boolean {
  const pattern = loosePattern(name);
  return pattern === undefined || pattern.test(image);
}

// One compiled pattern per name: overlays test every container against every `images:` entry.
const loosePatterns = new Map<string, RegExp | undefined>();

/** The pattern kustomize builds from `name`; undefined when it is not a valid regular expression (matches everything). */
function loosePattern(name: string): RegExp | undefined {
  if (loosePatterns.has(name)) return loosePatterns.get(name);
  let pattern: RegExp | undefined;
  try {
    pattern = new RegExp(`^${name}(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    pattern = undefined;
  }
  loosePatterns.set(name, pattern);
  return pattern;
}

export function setNamespace(objects: readonly KubernetesObject[], namespace: string): KubernetesObject[] {
  return objects.map((o) => (o.metadata.namespace === undefined ? o : { ...o, metadata: { ...o.metadata, namespace } }));
}

// Overlays apply the same entries to one object at a time: index each list of entries once.
const replicaIndexes = new WeakMap<readonly ReplicaOverride[], Map<string, ReplicaOverride>>();
const imageIndexes = new WeakMap<readonly ImageOverride[], ImageNameIndex>();

export function applyReplicas(objects: readonly KubernetesObject[], overrides: readonly ReplicaOverride[]): KubernetesObject[] {
  let byName = replicaIndexes.get(overrides);
  if (!byName) {
    // The first entry for a name wins, as a search in order would find it.
    byName = new Map<string, ReplicaOverride>();
    for (const r of overrides) if (!byName.has(r.name)) byName.set(r.name, r);
    replicaIndexes.set(overrides, byName);
  }
  return objects.map((o) => {
    const override = byName.get(o.metadata.name);
    if (!override || !REPLICA_KINDS.has(o.kind)) return o;
    return { ...o, spec: { ...(o.spec as Record<string, Json>), replicas: override.count } };
  });
}

export function applyImages(objects: readonly KubernetesObject[], overrides: readonly ImageOverride[]): KubernetesObject[] {
  if (overrides.length === 0) return [...objects];
  let index = imageIndexes.get(overrides);
  if (!index) imageIndexes.set(overrides, (index = new ImageNameIndex(overrides.map((o) => o.name))));
  const found = index;
  // kustomize runs one transformer per entry, in order, each over every container. A container's
  // image depends only on the entries before, so each container takes its matching entries in
  // order, looking them up again after every change.
  const rewrite = (image: string): string => {
    let current = image;
    for (let after = -1; ; ) {
      const next = found.matching(current).find((i) => i > after);
      if (next === undefined) return current;
      const override = overrides[next];
      const { name, tag, digest } = splitImage(current);
      const newTag = override.newTag ?? tag;
      const suffix = newTag !== undefined ? `:${newTag}` : digest !== undefined ? `@${digest}` : '';
      current = `${override.newName ?? name}${suffix}`;
      after = next;
    }
  };
  // An object known to hold no container image (most of them) is left as it is without a walk.
  return objects.map((o) => (containerImages.get(o)?.size === 0 ? o : (withContainerImages(o, rewrite) as KubernetesObject)));
}

/**
 * `value` with the image of every container (and init container) rewritten, wherever its pod spec
 * sits, copying only the maps and lists on the way to a container that changes: `value` itself when
 * none does.
 */
function withContainerImages(value: unknown, rewrite: (image: string) => string): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = withContainerImages(item, rewrite);
      if (next !== item) (copy ??= [...value])[i] = next;
    });
    return copy ?? value;
  }
  if (!isRecord(value)) return value;
  let copy: Record<string, Json> | undefined;
  for (const key in value) {
    let child = value[key];
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(child)) {
      let containers: Json[] | undefined;
      child.forEach((c, i) => {
        if (!isRecord(c) || typeof c.image !== 'string') return;
        const image = rewrite(c.image);
        if (image !== c.image) (containers ??= [...(child as Json[])])[i] = { ...c, image };
      });
      if (containers) child = containers;
    }
    const next = withContainerImages(child, rewrite) as Json;
    if (next !== value[key]) (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

/**
 * Which of a list of `images:` names match an image, without testing every name: a name whose only
 * pattern syntax is `.` matches exactly the prefixes of its length that agree outside its dots, so
 * it is found by lookup; any other pattern is tested as kustomize would.
 */
class ImageNameIndex {
  private readonly patterned: number[] = [];
  /** By name length: the dot positions of some names, and those names keyed by their text. */
  private readonly byLength = new Map<number, { dots: number[]; names: Map<string, number[]> }[]>();
  private readonly found = new Map<string, number[]>();

  constructor(private readonly names: readonly string[]) {
    names.forEach((name, i) => {
      if (/[\\^$*+?()[\]{}|]/.test(name)) {
        this.patterned.push(i);
        return;
      }
      const dots = name.split('').flatMap((c, at) => (c === '.' ? [at] : []));
      const groups = this.byLength.get(name.length) ?? [];
      this.byLength.set(name.length, groups);
      let group = groups.find((g) => g.dots.length === dots.length && g.dots.every((d, k) => d === dots[k]));
      if (!group) groups.push((group = { dots, names: new Map() }));
      const same = group.names.get(name);
      if (same) same.push(i);
      else group.names.set(name, [i]);
    });
  }

  /** Indices, ascending, of the names that match `image` (`^name(@sha256)?(:tag)?$`). */
  matching(image: string): number[] {
    let found = this.found.get(image);
    if (found) return found;
    const indices = new Set<number>();
    for (const length of prefixLengths(image)) {
      const prefix = image.slice(0, length);
      for (const group of this.byLength.get(length) ?? []) {
        const chars = prefix.split('');
        for (const d of group.dots) chars[d] = '.';
        for (const i of group.names.get(chars.join('')) ?? []) indices.add(i);
      }
    }
    for (const i of this.patterned) if (matchesLoosely(image, this.names[i])) indices.add(i);
    found = [...indices].sort((a, b) => a - b);
    this.found.set(image, found);
    return found;
  }
}

/** Where the name part of `image` can end: before an optional `@sha256` and an optional `:tag`. */
function prefixLengths(image: string): number[] {
  const lengths = new Set([image.length]);
  if (image.endsWith('@sha256')) lengths.add(image.length - 7);
  const colon = image.lastIndexOf(':');
  if (colon >= 0 && /^[a-zA-Z0-9_.{}-]*$/.test(image.slice(colon + 1))) {
    lengths.add(colon);
    if (image.slice(0, colon).endsWith('@sha256')) lengths.add(colon - 7);
  }
  return [...lengths];
}

// These walks visit every field of every object of every overlay: they read keys with `in` (the
// objects are plain JSON) rather than making lists of entries.

/** Every string field called `image` anywhere: what a loose name match could touch. */
function imageFields(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) imageFields(item, into);
  else if (isRecord(value)) {
    for (const key in value) {
      const child = value[key];
      if (key === 'image' && typeof child === 'string') into.push(child);
      else imageFields(child, into);
    }
  }
  return into;
}

// The base objects are the sources of every overlay: what they hold is found once, not per overlay.
const imageFieldsOf = new WeakMap<KubernetesObject, readonly string[]>();
const containerImages = new WeakMap<KubernetesObject, ReadonlyMap<string, string>>();

function foundOnce<T>(found: WeakMap<KubernetesObject, T>, source: KubernetesObject, find: (source: KubernetesObject) => T): T {
  let result = found.get(source);
  if (result === undefined) found.set(source, (result = find(source)));
  return result;
}

/** Container images keyed by where the container sits (`spec.template.spec.containers[backend]`). */
function imagesByContainer(object: KubernetesObject): Map<string, string> {
  const found = new Map<string, string>();
  // Only lists and maps can hold containers: the path is spelt for those, not for every field.
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, i) => typeof item === 'object' && item !== null && walk(item, `${path}[${i}]`));
    else if (isRecord(value)) {
      for (const key in value) {
        const child = value[key];
        if ((key === 'containers' || key === 'initContainers') && Array.isArray(child)) {
          for (const c of child) if (isRecord(c) && typeof c.image === 'string') found.set(`${path}.${key}[${String(c.name)}]`, c.image);
        }
        if (typeof child === 'object' && child !== null) walk(child, `${path}.${key}`);
      }
    }
  };
  walk(object, '');
  return found;
}

/**
 * `images:` entries that give every container of the overlay the image the environment wants: one per
 * image name whose every occurrence wants the same new reference. Anything less exact stays a patch.
 */
export function proposeImages(pairs: readonly ObjectPair[]): ImageOverride[] {
  const wanted = new Map<string, Set<string>>();
  const changes = new Set<string>();
  const allImages: string[] = [];
  for (const { source, wanted: target } of pairs) {
    allImages.push(...foundOnce(imageFieldsOf, source, imageFields));
    const after = imagesByContainer(target);
    for (const [where, image] of foundOnce(containerImages, source, imagesByContainer)) {
      const { name } = splitImage(image);
      const next = after.get(where);
      // A container the patch removes keeps no image to set; it constrains nothing.
      if (next === undefined) continue;
      const set = wanted.get(name) ?? new Set<string>();
      set.add(next);
      wanted.set(name, set);
      if (next !== image) changes.add(name);
    }
  }
  const overrides: ImageOverride[] = [];
  const names = [...changes].sort();
  // The images each name would touch, found through an index rather than by testing every pair.
  const index = new ImageNameIndex(names);
  const touchedBy = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const image of allImages) for (const i of index.matching(image)) touchedBy.get(names[i])!.push(image);
  for (const name of names) {
    const targets = [...wanted.get(name)!];
    if (targets.length !== 1) continue;
    const next = splitImage(targets[0]);
    if (next.digest !== undefined || next.tag === undefined) continue;
    const touched = touchedBy.get(name)!;
    if (touched.some((image) => splitImage(image).name !== name || splitImage(image).digest !== undefined)) continue;
    const needsTag = touched.some((image) => splitImage(image).tag !== next.tag);
    overrides.push({
      name,
      ...(next.name !== name ? { newName: next.name } : {}),
      ...(needsTag ? { newTag: next.tag } : {}),
    });
  }
  return overrides;
}

/**
 * `replicas:` entries for workloads whose replica count is a plain change of a field the source
 * already has (a field that appears or disappears with an autoscaler is a patch).
 */
export function proposeReplicas(pairs: readonly ObjectPair[]): ReplicaOverride[] {
  const counts = new Map<string, Set<number | undefined>>();
  const changed = new Set<string>();
  for (const { source, wanted } of pairs) {
    if (!REPLICA_KINDS.has(source.kind)) continue;
    const name = source.metadata.name;
    const before = (source.spec as Record<string, Json> | undefined)?.replicas;
    const after = (wanted.spec as Record<string, Json> | undefined)?.replicas;
    const set = counts.get(name) ?? new Set();
    set.add(typeof before === 'number' && typeof after === 'number' && wanted.metadata.name === name ? after : undefined);
    counts.set(name, set);
    if (before !== after) changed.add(name);
  }
  const overrides: ReplicaOverride[] = [];
  for (const name of [...changed].sort()) {
    const values = [...counts.get(name)!];
    if (values.length === 1 && values[0] !== undefined) overrides.push({ name, count: values[0] });
  }
  return overrides;
}
