// Remembers which keys of a Compose mapping the mapping used, so every key it did not carry over
// gets a warning: nothing is dropped silently.
import { isMapNode, type ComposeNode, type MapEntry, type MapNode } from './compose-node.ts';

export class KeyTracker {
  private readonly used = new Set<string>();
  readonly node: MapNode;

  constructor(
    node: ComposeNode | undefined,
    readonly path: string,
  ) {
    this.node = isMapNode(node) ? node : { kind: 'map', entries: [], pos: node?.pos ?? { file: '', line: 1, column: 1 } };
  }

  /** The entry for `key`, now counted as carried over. */
  take(key: string): MapEntry | undefined {
    const entry = this.node.entries.find((e) => e.key === key);
    if (entry) this.used.add(key);
    return entry;
  }

  /** The value for `key`, now counted as carried over. */
  value(key: string): ComposeNode | undefined {
    return this.take(key)?.value;
  }

  /** The entry for `key` without counting it as carried over. */
  peek(key: string): MapEntry | undefined {
    return this.node.entries.find((e) => e.key === key);
  }

  child(key: string): string {
    return `${this.path}.${key}`;
  }

  /** Keys nothing took (extension fields `x-*` are for anchors and are never carried). */
  leftovers(): MapEntry[] {
    return this.node.entries.filter((e) => !this.used.has(e.key) && !e.key.startsWith('x-'));
  }
}
