// Any Kubernetes YAML (hand-written manifests, `helm template` output) in; objects out, each able to
// say on which line a field path was written, plus syntax errors with file:line:column.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from '../diagnostics.ts';
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { parsePath } from './field-path.ts';
import { asRecord, asString } from './json-values.ts';
import type { PolicyFinding } from './types.ts';

export interface ManifestDocument {
  readonly object: KubernetesObject;
  readonly file: string;
  /** Where a field path was written; for a path that does not exist, its deepest existing parent. */
  positionOf(path: string): SourcePosition | undefined;
}

export interface ParsedManifests {
  readonly documents: ManifestDocument[];
  readonly errors: Diagnostic[];
}

/**
 * Parses a multi-document YAML stream. Empty documents and documents that are not Kubernetes objects
 * (no apiVersion or kind) are skipped; `kind: List` (or `*List`) documents contribute their items.
 * A document with a syntax error is skipped and reported; the others are still returned.
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const lineCounter = new LineCounter();
  const documents: ManifestDocument[] = [];
  const errors: Diagnostic[] = [];
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        errors.push({
          code: 'yaml-syntax',
          severity: 'error',
          message: error.message.split('\n')[0],
          position: position(error.pos[0]),
          hint: 'fix the YAML syntax; the other documents of the file are still checked',
        });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (error) {
      errors.push({
        code: 'yaml-syntax',
        severity: 'error',
        message: error instanceof Error ? error.message : String(error),
        position: position(doc.range[0]),
        hint: 'simplify the document (too many aliases expand into an oversized value)',
      });
      continue;
    }
    collect(value, doc.contents, doc, documents, file, position);
  }
  return { documents, errors };
}

function collect(
  value: unknown,
  node: unknown,
  doc: Document,
  into: ManifestDocument[],
  file: string,
  position: (offset: number) => SourcePosition,
): void {
  const record = asRecord(value);
  if (!record) return;
  const kind = asString(record.kind);
  const apiVersion = asString(record.apiVersion);
  if (!kind || !apiVersion) return;
  if (Array.isArray(record.items) && (kind === 'List' || kind.endsWith('List'))) {
    const itemsNode = isMap(node) ? resolve(node.get('items', true), doc) : undefined;
    record.items.forEach((item, index) => {
      const itemNode = isSeq(itemsNode) ? resolve(itemsNode.items[index], doc) : undefined;
      collect(item, itemNode, doc, into, file, position);
    });
    return;
  }
  const metadata = asRecord(record.metadata) ?? {};
  const name = asString(metadata.name) ?? asString(metadata.generateName) ?? '';
  const object = { ...record, apiVersion, kind, metadata: { ...metadata, name } } as KubernetesObject;
  into.push({
    object,
    file,
    positionOf(path: string): SourcePosition | undefined {
      const offset = offsetOf(node, path, doc);
      return offset === undefined ? undefined : position(offset);
    },
  });
}

function resolve(node: unknown, doc: Document): unknown {
  let current = node;
  for (let depth = 0; depth < 20 && isAlias(current); depth += 1) current = current.resolve(doc);
  return current;
}

/** The offset of the key (or list item) the path ends at, or of the deepest part of it that exists. */
function offsetOf(root: unknown, path: string, doc: Document): number | undefined {
  const segments = parsePath(path);
  let node = resolve(root, doc);
  let offset = rangeStart(node);
  if (!segments) return offset;
  for (const segment of segments) {
    if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === segment);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = resolve(pair.value, doc);
    } else if (typeof segment === 'number' && isSeq(node)) {
      const item = node.items[segment];
      if (item === undefined) break;
      node = resolve(item, doc);
      offset = rangeStart(item) ?? offset;
    } else break;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/** Looks findings up in the documents they came from (same kind, name and namespace). */
export function locateFindings(
  documents: readonly ManifestDocument[],
): (finding: PolicyFinding) => SourcePosition | undefined {
  const byObject = new Map<string, ManifestDocument>();
  for (const document of documents) {
    const key = `${asString(document.object.metadata.namespace) ?? ''}\u0000${document.object.kind}/${document.object.metadata.name}`;
    if (!byObject.has(key)) byObject.set(key, document);
  }
  return (finding) => byObject.get(`${finding.namespace ?? ''}\u0000${finding.object}`)?.positionOf(finding.path);
}
