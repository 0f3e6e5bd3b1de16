// Several Compose files → one, with the Compose specification's merge rules: mappings merge key by
// key, most sequences append (unique), mount lists merge by target, command/entrypoint/test replace,
// list-or-dict fields (environment, labels...) merge as mappings, `!reset` removes, `!override` replaces.
import { isMapNode, isScalarNode, isSeqNode, scalarText, toPlain, valueOf, type ComposeNode, type MapEntry, type MapNode } from './compose-node.ts';
import { readVolumeTarget } from './parse-volume.ts';

const REPLACED = new Set(['command', 'entrypoint', 'test']);
const LIST_OR_DICT = new Set(['environment', 'labels', 'annotations', 'sysctls', 'args', 'depends_on', 'networks', 'extra_hosts', 'ulimits']);
const BY_TARGET = new Set(['volumes', 'secrets', 'configs', 'devices']);

/** `base` overridden by `over`; undefined when `over` resets the value. */
export function mergeNodes(base: ComposeNode | undefined, over: ComposeNode, key = ''): ComposeNode | undefined {
  if (over.tag === '!reset') return undefined;
  if (over.tag === '!override' || base === undefined) return stripTags(over);
  if (REPLACED.has(key)) return over;
  if (LIST_OR_DICT.has(key) && (isSeqNode(base) || isSeqNode(over))) {
    const a = toDictionary(base);
    const b = toDictionary(over);
    if (a && b) return mergeMaps(a, b);
  }
  if (isMapNode(base) && isMapNode(over)) return mergeMaps(base, over);
  if (isSeqNode(base) && isSeqNode(over)) {
    if (BY_TARGET.has(key)) return mergeByTarget(base.items, over.items, over, key);
    const items = [...base.items];
    for (const item of over.items) if (!items.some((existing) => same(existing, item))) items.push(item);
    return { ...over, items };
  }
  return over;
}

export function mergeMaps(base: MapNode, over: MapNode): MapNode {
  const entries: MapEntry[] = [...base.entries];
  for (const entry of over.entries) {
    const index = entries.findIndex((e) => e.key === entry.key);
    const merged = mergeNodes(index === -1 ? undefined : entries[index].value, entry.value, entry.key);
    if (merged === undefined) {
      if (index !== -1) entries.splice(index, 1);
    } else if (index === -1) {
      entries.push({ ...entry, value: merged });
    } else {
      entries[index] = { ...entries[index], value: merged };
    }
  }
  return { ...base, entries };
}

function mergeByTarget(base: readonly ComposeNode[], over: readonly ComposeNode[], node: ComposeNode, key: string): ComposeNode {
  const targetOf = (item: ComposeNode) => (key === 'volumes' ? readVolumeTarget(item) : secretTarget(item));
  const items = [...base];
  for (const item of over) {
    const target = targetOf(item);
    const index = target === undefined ? -1 : items.findIndex((existing) => targetOf(existing) === target);
    if (index === -1) items.push(item);
    else items[index] = item;
  }
  return { ...node, items } as ComposeNode;
}

function secretTarget(item: ComposeNode): string | undefined {
  if (isScalarNode(item)) return scalarText(item);
  return scalarText(valueOf(item, 'target')) ?? scalarText(valueOf(item, 'source'));
}

/** `["A=1", "B"]` or `[svc]` → a mapping; a mapping stays as it is. */
export function toDictionary(node: ComposeNode): MapNode | undefined {
  if (isMapNode(node)) return node;
  if (!isSeqNode(node)) return undefined;
  const entries: MapEntry[] = [];
  for (const item of node.items) {
    const text = scalarText(item);
    if (text === undefined) return undefined;
    const eq = text.indexOf('=');
    const key = eq === -1 ? text : text.slice(0, eq);
    const value: ComposeNode = { kind: 'scalar', value: eq === -1 ? null : text.slice(eq + 1), pos: item.pos, ...(isScalarNode(item) && item.inlineOffset !== undefined ? { inlineOffset: item.inlineOffset + eq + 1 } : {}) };
    const existing = entries.findIndex((e) => e.key === key);
    const entry = { key, keyPos: item.pos, value };
    if (existing === -1) entries.push(entry);
    else entries[existing] = entry;
  }
  return { kind: 'map', entries, pos: node.pos };
}

function same(a: ComposeNode, b: ComposeNode): boolean {
  return JSON.stringify(toPlain(a)) === JSON.stringify(toPlain(b));
}

function stripTags(node: ComposeNode): ComposeNode {
  if (!node.tag) return node;
  const { tag: _tag, ...rest } = node;
  return rest as ComposeNode;
}
