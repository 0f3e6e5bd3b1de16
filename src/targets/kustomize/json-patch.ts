// RFC 6902 JSON patches between two versions of an object: the smallest list of add/remove/replace
// operations that turns one into the other, and the function that applies such a list.
import type { Json } from '../../model/template.ts';

export type PatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: Json }
  | { readonly op: 'replace'; readonly path: string; readonly value: Json }
  | { readonly op: 'remove'; readonly path: string };

/** `checksum/config` → `checksum~1config` (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Operations that turn `from` into `to`; applying them in order with `applyPatch` gives `to`. */
export function diffJson(from: Json, to: Json): PatchOperation[] {
  const operations: PatchOperation[] = [];
  diffAt(from, to, [], operations);
  return operations;
}

/** `keys` sorted; most objects list their keys in order already, and need no sort (which copies them). */
function inOrder(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return keys.sort();
  return keys;
}

/** The JSON pointer of a path kept as escaped segments: spelt only for an operation (most fields have none). */
const pointer = (segments: readonly string[]) => (segments.length === 0 ? '' : `/${segments.join('/')}`);

/**
 * Appends to `into` the operations that turn `from` into `to`, both at `segments` (escaped pointer
 * segments, pushed and popped as the walk goes, so equal fields cost no path).
 */
function diffAt(from: Json, to: Json, segments: string[], into: PatchOperation[], listItem = false): void {
  if (from === to) return;
  const start = into.length;
  let keptAny = false;
  if (isRecord(from) && isRecord(to)) {
    // Both objects' keys, each once (every field of every overlay object comes through here).
    const keys = Object.keys(from);
    for (const key of Object.keys(to)) if (!Object.hasOwn(from, key)) keys.push(key);
    for (const key of inOrder(keys)) {
      const before = into.length;
      segments.push(escapePointerSegment(key));
      if (!(key in to)) into.push({ op: 'remove', path: pointer(segments) });
      else if (!(key in from)) into.push({ op: 'add', path: pointer(segments), value: to[key] });
      else diffAt(from[key], to[key], segments, into);
      segments.pop();
      if (into.length === before) keptAny = true;
    }
  } else if (Array.isArray(from) && Array.isArray(to)) {
    diffArrays(from, to, segments, into);
  } else {
    into.push({ op: 'replace', path: pointer(segments), value: to });
    return;
  }
  const made = into.length - start;
  if (made === 0) return;
  // One replacement instead of several edits when it is shorter; for a map only when none of its
  // fields stays as it was (a kept field would be repeated). The root is never replaced: that would
  // repeat the whole object.
  if (segments.length === 0 || made === 1 || !(Array.isArray(to) || listItem || !keptAny)) return;
  const replacement: PatchOperation = { op: 'replace', path: pointer(segments), value: to };
  if (size(into.slice(start)) > size([replacement])) into.splice(start, made, replacement);
}

/**
 * Lists are aligned by item identity (the `name` of env entries, containers, ports, volumes...), so
 * inserting one env entry is one `add`, not a rewrite of every later entry.
 */
function diffArrays(from: Json[], to: Json[], segments: string[], into: PatchOperation[]): void {
  const key = itemKey(from, to);
  const at = (index: number, walk: () => void) => {
    segments.push(String(index));
    walk();
    segments.pop();
  };
  if (!key && from.length === to.length) {
    from.forEach((item, index) => at(index, () => diffAt(item, to[index], segments, into, true)));
    return;
  }
  const keyOf = key ?? canonicalJson;
  const pairs = longestCommonSubsequence(from.map(keyOf), to.map(keyOf));
  const kept = new Set(pairs.map(([i]) => i));
  // Removals from the end keep the indices of earlier items valid.
  for (let i = from.length - 1; i >= 0; i--) if (!kept.has(i)) at(i, () => into.push({ op: 'remove', path: pointer(segments) }));
  // After the removals the list holds the kept items in order; walking the new list front to back,
  // position j is either the next kept item (diffed in place) or a new item inserted there.
  const sourceOf = new Map(pairs.map(([i, j]) => [j, i]));
  to.forEach((item, j) => {
    const i = sourceOf.get(j);
    at(j, () => (i === undefined ? into.push({ op: 'add', path: pointer(segments), value: item }) : diffAt(from[i], item, segments, into, true)));
  });
}

/** Identity by `name` when every item of both lists is an object with a distinct string name. */
function itemKey(from: Json[], to: Json[]): ((item: Json) => string) | undefined {
  const named = (list: Json[]) => {
    const names = list.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : undefined));
    return names.every((n) => n !== undefined) && new Set(names).size === names.length;
  };
  return from.length + to.length > 0 && named(from) && named(to) ? (item) => (item as Record<string, Json>).name as string : undefined;
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/**
 * Applies operations the way kustomize's JSON 6902 patcher does; throws on a path that does not exist.
 * `document` is left as it was: the maps and lists an operation goes through are copied (each once),
 * the rest of the result shares them with `document` — patching a Deployment's resources copies the
 * path to them, not the whole Deployment.
 */
export function applyPatch(document: Json, operations: readonly PatchOperation[]): Json {
  const copies = new WeakSet<object>();
  const own = (node: Json): Json => {
    if (node === null || typeof node !== 'object' || copies.has(node)) return node;
    const copy = Array.isArray(node) ? [...node] : { ...node };
    copies.add(copy);
    return copy;
  };
  let root = own(document);
  for (const operation of operations) {
    const segments = operation.path.split('/').slice(1).map(unescapePointerSegment);
    if (segments.length === 0) {
      if (operation.op === 'remove') throw new Error('cannot remove the whole document');
      root = structuredClone(operation.value);
      continue;
    }
    let parent: Json = root;
    for (const segment of segments.slice(0, -1)) {
      const next = child(parent, segment, operation.path);
      const owned = own(next);
      if (owned !== next) (parent as Record<string, Json>)[Array.isArray(parent) ? Number(segment) : segment] = owned;
      parent = owned;
    }
    const last = segments[segments.length - 1];
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      const limit = operation.op === 'add' ? parent.length : parent.length - 1;
      if (!/^\d+$/.test(last) && last !== '-') throw new Error(`${operation.path}: not a list index`);
      if (index > limit) throw new Error(`${operation.path}: index out of range`);
      if (operation.op === 'add') parent.splice(index, 0, structuredClone(operation.value));
      else if (operation.op === 'remove') parent.splice(index, 1);
      else parent[index] = structuredClone(operation.value);
    } else if (isRecord(parent)) {
      if (operation.op !== 'add' && !(last in parent)) throw new Error(`${operation.path}: no such field`);
      if (operation.op === 'remove') delete parent[last];
      else parent[last] = structuredClone(operation.value);
    } else {
      throw new Error(`${operation.path}: parent is not a map or list`);
    }
  }
  return root;
}

function child(parent: Json, segment: string, path: string): Json {
  if (Array.isArray(parent) && /^\d+$/.test(segment) && Number(segment) < parent.length) return parent[Number(segment)];
  if (isRecord(parent) && segment in parent) return parent[segment];
  throw new Error(`${path}: no such field`);
}

export function isRecord(value: unknown): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON with sorted keys: equal values give equal text. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Deep equality, key order ignored; compared in place, since whole environments are compared per overlay. */
export function equalJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => equalJson(item, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equalJson(a[k], b[k]));
  }
  return false;
}

function size(operations: readonly PatchOperation[]): number {
  return JSON.stringify(operations).length;
}
