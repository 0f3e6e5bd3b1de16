// Finds where a value was written in a YAML document, so every message can name file:line:column.
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { SourcePosition } from '../diagnostics.ts';

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

export function createSourceLocator(file: string, document: Document, lineCounter: LineCounter): SourceLocator {
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const start = { file, line: 1, column: 1 };

  const nodeAt = (path: readonly PathSegment[], exact = false): Node | undefined => {
    let node: unknown = document.contents;
    let deepest: Node | undefined = node as Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        node = pair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        node = undefined;
      }
      if (!node) return exact ? undefined : deepest;
      deepest = node as Node;
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
      return node?.range ? toPosition(node.range[0]) : start;
    },
    keyAt(path, key) {
      const node = nodeAt(path);
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
        if (pair && isScalar(pair.key) && pair.key.range) return toPosition(pair.key.range[0]);
      }
      return node?.range ? toPosition(node.range[0]) : start;
    },
  };
}
