// Finds where a value was written in a YAML document, so every message can name file:line:column.
import type { SourcePosition } from '../diagnostics.ts';
import type { LineIndex, SourceNode } from './spec-yaml.ts';

export type PathSegment = string | number;

export interface SourceLocator {
  readonly file: string;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  valueAt(path: readonly PathSegment[]): SourcePosition;
  /** Whether the document writes a value at exactly `path`. */
  has(path: readonly PathSegment[]): boolean;
  /** Position of the key `key` in the mapping at `path` (for unknown or misspelt keys). */
  keyAt(path: readonly PathSegment[], key: string): SourcePosition;
}

export function createSourceLocator(file: string, root: SourceNode | undefined, lines: LineIndex): SourceLocator {
  const toPosition = (offset: number): SourcePosition => ({ file, ...lines.position(offset) });
  const start = { file, line: 1, column: 1 };

  const nodeAt = (path: readonly PathSegment[], exact = false): SourceNode | undefined => {
    let node: SourceNode | undefined = root;
    let deepest = node;
    for (const segment of path) {
      if (node?.kind === 'map') node = node.entries.find((entry) => entry.key === String(segment))?.value;
      else if (node?.kind === 'seq' && typeof segment === 'number') node = node.items[segment];
      else node = undefined;
      if (!node) return exact ? undefined : deepest;
      deepest = node;
    }
    return deepest;
  };

  return {
    file,
    has(path) {
      return nodeAt(path, true) !== undefined;
    },
    valueAt(path) {
      const node = nodeAt(path);
      return node ? toPosition(node.offset) : start;
    },
    keyAt(path, key) {
      const node = nodeAt(path);
      if (node?.kind === 'map') {
        const entry = node.entries.find((e) => e.key === key);
        if (entry) return toPosition(entry.keyOffset);
      }
      return node ? toPosition(node.offset) : start;
    },
  };
}
