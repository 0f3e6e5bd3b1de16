// Relative paths of one Compose file → paths joined to the directory they are relative to (the
// project directory, or the file's own directory for `extends`/`include` files), as Compose does.
// The written form is kept on the node for messages.
import { posix } from 'node:path';
import { isMapNode, isScalarNode, isSeqNode, type ComposeNode, type MapNode, type ScalarNode } from './compose-node.ts';
import { splitVolumeSpec } from './parse-volume.ts';

export function isRelativePath(path: string): boolean {
  return !(path.startsWith('/') || path.startsWith('~') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\') || isRemoteContext(path));
}

export function isRemoteContext(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('git@') || path.startsWith('github.com/');
}

/** Joined and normalised; a relative result keeps its "./" so it still reads as a path (`./auth.txt`). */
export function joinPath(directory: string, path: string): string {
  const joined = posix.normalize(posix.join(directory, path));
  return joined.startsWith('/') || joined.startsWith('.') ? joined : `./${joined}`;
}

export function resolvePaths(root: MapNode, directory: string): MapNode {
  const resolveScalar = (node: ComposeNode): ComposeNode => {
    if (!isScalarNode(node) || typeof node.value !== 'string' || !isRelativePath(node.value) || node.value === '') return node;
    return { ...node, value: joinPath(directory, node.value), writtenPath: node.value } satisfies ScalarNode;
  };
  const mapValues = (node: ComposeNode, keys: Record<string, (value: ComposeNode) => ComposeNode>): ComposeNode =>
    isMapNode(node) ? { ...node, entries: node.entries.map((e) => (keys[e.key] ? { ...e, value: keys[e.key](e.value) } : e)) } : node;
  const eachItem = (node: ComposeNode, f: (item: ComposeNode) => ComposeNode): ComposeNode =>
    isSeqNode(node) ? { ...node, items: node.items.map(f) } : f(node);
  const eachValue = (node: ComposeNode, f: (value: ComposeNode) => ComposeNode): ComposeNode =>
    isMapNode(node) ? { ...node, entries: node.entries.map((e) => ({ ...e, value: f(e.value) })) } : node;

  const envFile = (node: ComposeNode) => eachItem(node, (item) => (isMapNode(item) ? mapValues(item, { path: resolveScalar }) : resolveScalar(item)));
  const build = (node: ComposeNode) => (isMapNode(node) ? mapValues(node, { context: resolveScalar }) : resolveScalar(node));
  const volumes = (node: ComposeNode) => eachItem(node, (item) => (isMapNode(item) ? resolveLongMount(item) : resolveShortMount(item)));
  const resolveLongMount = (item: MapNode): ComposeNode => {
    const type = item.entries.find((e) => e.key === 'type')?.value;
    return isScalarNode(type) && type.value === 'bind' ? mapValues(item, { source: resolveScalar }) : item;
  };
  const resolveShortMount = (item: ComposeNode): ComposeNode => {
    if (!isScalarNode(item) || typeof item.value !== 'string') return item;
    const parts = splitVolumeSpec(item.value);
    if (parts.length < 2 || !parts[0].startsWith('.')) return item;
    return { ...item, value: [joinPath(directory, parts[0]), ...parts.slice(1)].join(':'), writtenPath: parts[0] } satisfies ScalarNode;
  };
  const service = (node: ComposeNode) =>
    mapValues(node, { build, env_file: envFile, volumes, extends: (e) => mapValues(e, { file: resolveScalar }) });
  const fileBacked = (node: ComposeNode) => eachValue(node, (entry) => mapValues(entry, { file: resolveScalar }));
  const include = (node: ComposeNode) =>
    eachItem(node, (item) =>
      isMapNode(item) ? mapValues(item, { path: (p) => eachItem(p, resolveScalar), project_directory: resolveScalar, env_file: (p) => eachItem(p, resolveScalar) }) : resolveScalar(item),
    );
  return mapValues(root, {
    services: (node) => eachValue(node, service),
    configs: fileBacked,
    secrets: fileBacked,
    include,
  }) as MapNode;
}
