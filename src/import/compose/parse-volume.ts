// One entry of a service's `volumes:` (short `[SOURCE:]TARGET[:MODE]` or long syntax) → a mount.
import { isMapNode, isScalarNode, scalarText, valueOf, type ComposeNode, type ScalarNode } from './compose-node.ts';

export type MountType = 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface Mount {
  readonly type: MountType;
  /** Volume name, host path (project-absolute when it was relative) or image; absent for anonymous volumes and tmpfs. */
  readonly source?: string;
  /** The source as the user wrote it (`./auth.txt`), for messages. */
  readonly writtenSource?: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** Short-syntax mode flags other than ro/rw (`z`, `cached`, `nocopy`...). */
  readonly flags: readonly string[];
  /** Long-syntax keys berth does not carry (bind.propagation, volume.subpath, consistency...). */
  readonly extraKeys: readonly string[];
  readonly node: ComposeNode;
}

/** Splits on ":" but keeps Windows drive letters (`C:\data`) together. */
export function splitVolumeSpec(spec: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < spec.length; i += 1) {
    const c = spec[i];
    if (c === ':' && !(current.length === 1 && /[A-Za-z]/.test(current) && (spec[i + 1] === '\\' || spec[i + 1] === '/'))) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** Compose's rule: a source that looks like a path is a bind mount, anything else names a volume. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(source) || source.startsWith('\\\\') || /[\\/]/.test(source);
}

/** The container path of a volume entry, as the multi-file merge keys it. */
export function readVolumeTarget(node: ComposeNode): string | undefined {
  if (isMapNode(node)) return scalarText(valueOf(node, 'target'));
  const text = scalarText(node);
  if (text === undefined) return undefined;
  const parts = splitVolumeSpec(text);
  return parts.length === 1 ? parts[0] : parts[1];
}

export function parseMount(node: ComposeNode): Mount | undefined {
  if (isMapNode(node)) return parseLongMount(node);
  if (!isScalarNode(node) || typeof node.value !== 'string') return undefined;
  const parts = splitVolumeSpec(node.value);
  if (parts.length > 3 || parts.some((p) => p === '' && parts.length > 1)) return undefined;
  const written = (node as ScalarNode).writtenPath;
  if (parts.length === 1) return { type: 'volume', target: parts[0], readOnly: false, flags: [], extraKeys: [], node };
  const [source, target, mode = ''] = parts;
  const flags = mode.split(',').filter((f) => f !== '');
  const readOnly = flags.includes('ro');
  return {
    type: written !== undefined || isHostPath(source) ? 'bind' : 'volume',
    source,
    ...(written !== undefined ? { writtenSource: written } : {}),
    target,
    readOnly,
    flags: flags.filter((f) => f !== 'ro' && f !== 'rw'),
    extraKeys: [],
    node,
  };
}

const LONG_KEYS = new Set(['type', 'source', 'target', 'read_only']);

function parseLongMount(node: ComposeNode): Mount | undefined {
  const type = scalarText(valueOf(node, 'type')) as MountType | undefined;
  const target = scalarText(valueOf(node, 'target'));
  if (!type || !['volume', 'bind', 'tmpfs', 'npipe', 'cluster', 'image'].includes(type) || !target) return undefined;
  const sourceNode = valueOf(node, 'source');
  const source = scalarText(sourceNode);
  const readOnly = ['true', 'yes'].includes((scalarText(valueOf(node, 'read_only')) ?? '').toLowerCase());
  const extraKeys = isMapNode(node) ? node.entries.map((e) => e.key).filter((k) => !LONG_KEYS.has(k) && !k.startsWith('x-')) : [];
  const written = isScalarNode(sourceNode) ? sourceNode.writtenPath : undefined;
  return {
    type,
    ...(source ? { source } : {}),
    ...(written !== undefined ? { writtenSource: written } : {}),
    target,
    readOnly,
    flags: [],
    extraKeys,
    node,
  };
}
