// Compose YAML text → ComposeNode tree with positions. Anchors and aliases are expanded, `<<` merge
// keys applied (explicit keys win), `!reset`/`!override` tags kept for the multi-file merge.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { InputError, type Diagnostic, type SourcePosition } from '../../diagnostics.ts';
import type { ComposeNode, MapEntry, MapNode } from './compose-node.ts';

/** Expanding aliases can blow up ("billion laughs"); real Compose files stay far below this. */
const MAX_NODES = 200_000;

export function parseComposeYaml(text: string, file: string): ComposeNode | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (document.errors.length > 0) {
    const diagnostics: Diagnostic[] = document.errors.map((error) => ({
      code: 'compose-yaml-syntax',
      severity: 'error',
      message: error.message.split('\n')[0],
      position: at(error.pos[0]),
      hint: 'Fix the YAML syntax (docker compose config reports the same problem).',
    }));
    throw new InputError(`${file} is not valid YAML`, diagnostics);
  }
  if (document.contents === null) return undefined;
  const converter = new Converter(document, at, file);
  return converter.convert(document.contents as Node, []);
}

class Converter {
  private count = 0;

  constructor(
    private readonly document: Document,
    private readonly at: (offset: number) => SourcePosition,
    private readonly file: string,
  ) {}

  convert(node: Node | null | undefined, stack: readonly Node[], fallback?: SourcePosition): ComposeNode {
    this.count += 1;
    if (this.count > MAX_NODES) this.fail('the file expands to too many nodes through YAML aliases', fallback ?? this.position(node));
    if (node === null || node === undefined) return { kind: 'scalar', value: null, pos: fallback ?? { file: this.file, line: 1, column: 1 } };
    if (isAlias(node)) {
      const target = node.resolve(this.document) as Node | undefined;
      if (!target) this.fail(`unknown YAML alias *${node.source}`, this.position(node));
      if (stack.includes(target)) this.fail(`YAML alias *${node.source} refers to itself`, this.position(node));
      return this.convert(target, [...stack, target]);
    }
    const pos = this.position(node);
    const tag = node.tag === '!reset' || node.tag === '!override' ? node.tag : undefined;
    if (isMap(node)) return this.convertMap(node.items, pos, tag, stack);
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((item) => this.convert(item as Node, stack, pos)), pos, ...(tag ? { tag } : {}) };
    }
    if (isScalar(node)) return this.convertScalar(node, pos, tag);
    this.fail('unsupported YAML node', pos);
  }

  private convertMap(items: readonly unknown[], pos: SourcePosition, tag: string | undefined, stack: readonly Node[]): MapNode {
    const entries: MapEntry[] = [];
    const merged: MapEntry[][] = [];
    for (const item of items) {
      if (!isPair(item)) continue;
      const keyNode = item.key as Node | null;
      const keyPos = keyNode ? this.position(keyNode) : pos;
      if (!isScalar(keyNode)) this.fail('Compose keys must be plain strings', keyPos);
      const key = String(keyNode.value);
      if (key === '<<' && keyNode.type === 'PLAIN') {
        merged.push(...this.mergeSources(item.value as Node, stack, keyPos));
        continue;
      }
      entries.push({ key, keyPos, value: this.convert(item.value as Node | null, stack, keyPos) });
    }
    // YAML merge keys: explicit keys win, then the sources in order.
    for (const source of merged) {
      for (const entry of source) if (!entries.some((e) => e.key === entry.key)) entries.push(entry);
    }
    return { kind: 'map', entries, pos, ...(tag ? { tag } : {}) };
  }

  private mergeSources(value: Node, stack: readonly Node[], keyPos: SourcePosition): MapEntry[][] {
    const sources = isSeq(value) ? (value.items as Node[]) : [value];
    return sources.map((source) => {
      const converted = this.convert(source, stack, keyPos);
      if (converted.kind !== 'map') this.fail('a YAML merge key (<<) takes a mapping or a list of mappings', converted.pos);
      return [...converted.entries];
    });
  }

  private convertScalar(node: Scalar, pos: SourcePosition, tag: string | undefined): ComposeNode {
    const value = node.value;
    const plain = node.type === 'PLAIN';
    const source = typeof value === 'number' && plain ? (node as Scalar & { source?: string }).source : undefined;
    const range = node.range;
    const singleLine =
      range !== undefined && range !== null && this.at(range[0]).line === this.at(Math.max(range[0], range[1] - 1)).line && (plain || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    const normalized: string | number | boolean | null =
      value === null || value === undefined ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
    return {
      kind: 'scalar',
      value: normalized,
      pos,
      ...(source !== undefined ? { source } : {}),
      ...(singleLine ? { inlineOffset: plain ? 0 : 1 } : {}),
      ...(tag ? { tag } : {}),
    };
  }

  private position(node: Node | null | undefined): SourcePosition {
    const range = node?.range;
    return range ? this.at(range[0]) : { file: this.file, line: 1, column: 1 };
  }

  private fail(message: string, position: SourcePosition): never {
    throw new InputError(`${this.file}: ${message}`, [
      { code: 'compose-yaml', severity: 'error', message, position, hint: 'Fix the Compose file; docker compose config refuses it too.' },
    ]);
  }
}
