// The Compose file as a tree that remembers where every key and value was written, so each warning
// can name file:line:column. Anchors, aliases and merge keys are already expanded in it.
import type { SourcePosition } from '../../diagnostics.ts';

interface NodeBase {
  readonly pos: SourcePosition;
  /** `!reset` / `!override` (Compose merge tags), when written. */
  readonly tag?: string;
}

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  /** The text as written, for plain numbers (`1.10` stays `1.10`). */
  readonly source?: string;
  /** Column offset of the value's first character on its line, when it fits on one line. */
  readonly inlineOffset?: number;
  /** The path as written before it was made relative to the project directory (`./auth.txt`). */
  readonly writtenPath?: string;
}

export interface SeqNode extends NodeBase {
  readonly kind: 'seq';
  readonly items: readonly ComposeNode[];
}

export interface MapEntry {
  readonly key: string;
  readonly keyPos: SourcePosition;
  readonly value: ComposeNode;
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
}

export type ComposeNode = ScalarNode | SeqNode | MapNode;

export function isMapNode(node: ComposeNode | undefined): node is MapNode {
  return node?.kind === 'map';
}

export function isSeqNode(node: ComposeNode | undefined): node is SeqNode {
  return node?.kind === 'seq';
}

export function isScalarNode(node: ComposeNode | undefined): node is ScalarNode {
  return node?.kind === 'scalar';
}

export function entryOf(node: ComposeNode | undefined, key: string): MapEntry | undefined {
  return isMapNode(node) ? node.entries.find((e) => e.key === key) : undefined;
}

export function valueOf(node: ComposeNode | undefined, key: string): ComposeNode | undefined {
  return entryOf(node, key)?.value;
}

/** A scalar as text: numbers as written, booleans as true/false, null as empty. */
export function scalarText(node: ComposeNode | undefined): string | undefined {
  if (!isScalarNode(node)) return undefined;
  if (node.value === null) return '';
  if (typeof node.value === 'number') return node.source ?? String(node.value);
  return String(node.value);
}

/** A map with one entry replaced or added (entries keep their order). */
export function withEntry(node: MapNode, entry: MapEntry): MapNode {
  const index = node.entries.findIndex((e) => e.key === entry.key);
  const entries = [...node.entries];
  if (index === -1) entries.push(entry);
  else entries[index] = entry;
  return { ...node, entries };
}

export function withoutEntry(node: MapNode, key: string): MapNode {
  return { ...node, entries: node.entries.filter((e) => e.key !== key) };
}

/** Plain JSON of a node (for comparisons and messages). */
export function toPlain(node: ComposeNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}
