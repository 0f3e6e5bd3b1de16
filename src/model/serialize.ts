// Canonical text for objects: apiVersion, kind, metadata first, every other key sorted; no line
// folding. Byte-identical output for identical input.
import { Document, stringify } from 'yaml';
import { writeCanonicalYamlText } from '../io/canonical-yaml.ts';
import type { KubernetesObject } from './kubernetes-object.ts';

const HEAD = ['apiVersion', 'kind', 'metadata'];

export function orderKeys(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((item) => orderKeys(item, false));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  // Every object of every file passes here: keys are set one by one, not through lists of entries.
  for (const key of orderedKeysOf(record, top)) {
    const child = orderKeys(record[key], false);
    // Assigning a key named __proto__ would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(ordered, key, { value: child, enumerable: true, writable: true, configurable: true });
    else ordered[key] = child;
  }
  return ordered;
}

/** The keys in order; many objects are built in order already, and need no sort (which copies them). */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return keys.sort();
  return keys;
}

function compareTopLevel(a: string, b: string): number {
  const ia = HEAD.indexOf(a);
  const ib = HEAD.indexOf(b);
  if (ia !== -1 || ib !== -1) return (ia === -1 ? HEAD.length : ia) - (ib === -1 ? HEAD.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

let schema: Document['schema'] | undefined;
/** The yaml package's YAML 1.2 core schema, which berth's own writer follows. */
const yamlSchema = () => (schema ??= new Document(null).schema) as never;

/** The yaml package's text of an ordered value, for what berth's own writer does not write. */
const yamlPackageText = (ordered: unknown) => stringify(ordered, { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false });

/** The canonical text alone: written in key order straight from `object`, without an ordered copy of it. */
export function objectToYaml(object: unknown): string {
  return writeCanonicalYamlText(object, yamlSchema(), '1.2', orderedKeysOf)?.text ?? yamlPackageText(orderKeys(object));
}

/** The keys orderKeys puts a map's entries in. */
function orderedKeysOf(record: Record<string, unknown>, top: boolean): readonly string[] {
  return top ? Object.keys(record).sort(compareTopLevel) : sortedKeys(record);
}

/** objectToYaml's text and, when reading it back is sure to give that, the ordered value it was written from. */
export function objectToYamlText(object: unknown): { text: string; readsBackAs?: unknown } {
  const ordered = orderKeys(object);
  // The common case without building a YAML document; the same text, or undefined to let yaml decide.
  const fast = writeCanonicalYamlText(ordered, yamlSchema(), '1.2');
  if (fast) return { text: fast.text, readsBackAs: fast.readsBackAsValue ? ordered : undefined };
  return { text: yamlPackageText(ordered) };
}

export function objectsToYaml(objects: readonly KubernetesObject[]): string {
  return objects.map((o) => `---\n${objectToYaml(o)}`).join('');
}

export function objectsToJson(objects: readonly KubernetesObject[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.map((o) => orderKeys(o)) }, null, 2)}\n`;
}
