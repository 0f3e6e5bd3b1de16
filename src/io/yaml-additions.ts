// Hand additions to a generated YAML file that berth can keep: new top-level keys, with every key
// berth wrote left as it was (Pulumi's `encryptionsalt` in a stack file is the common case). Such a
// file is merged on regeneration instead of reported as a hand edit.
import { isMap, isScalar, parseDocument, stringify } from 'yaml';
import type { GeneratedFile } from '../targets/target.ts';
import { readCanonicalYaml, UNSURE } from './canonical-yaml.ts';
import { sha256Hex } from './sha256.ts';

/** SHA-256 of each top-level value (as JSON), or undefined when the text is not one YAML mapping. */
export function topLevelDigests(text: string): Record<string, string> | undefined {
  const entries = topLevelEntries(text);
  return entries ? digestEntries(entries) : undefined;
}

/**
 * What topLevelDigests gives for a text that reads back as `value`, taken from the value itself:
 * null when it is not a mapping.
 */
export function topLevelDigestsOfValue(value: unknown): Record<string, string> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? digestEntries(value as Record<string, unknown>) : null;
}

/** A generated YAML file; `readsBackAs` (what the text reads back as, when its writer is sure) spares parsing it again. */
export function yamlFile(path: string, content: string, readsBackAs?: unknown): GeneratedFile {
  return readsBackAs === undefined ? { path, content } : { path, content, keyDigests: topLevelDigestsOfValue(readsBackAs) };
}

function digestEntries(entries: Record<string, unknown>): Record<string, string> {
  // Every top-level key of every YAML file berth writes: a loop, without lists of entries.
  const digests: Record<string, string> = {};
  for (const key of Object.keys(entries)) {
    const value = entries[key];
    // A key whose value is undefined is not written, so not read back either.
    if (value === undefined) continue;
    const digest = sha256Hex(JSON.stringify(value) ?? 'null');
    // `__proto__` as a key of its own, as Object.fromEntries would make it, not the prototype.
    if (key === '__proto__') Object.defineProperty(digests, key, { value: digest, enumerable: true, writable: true, configurable: true });
    else digests[key] = digest;
  }
  return digests;
}

function comments(text: string): string[] {
  return text.split('\n').flatMap((line) => /(?:^|\s)(#.*)$/.exec(line)?.[1].trim() ?? []);
}

function topLevelEntries(text: string): Record<string, unknown> | undefined {
  // berth's own files are plain block YAML: read them without building a full document.
  const fast = readCanonicalYaml(text);
  if (fast !== UNSURE) return fast !== null && typeof fast === 'object' && !Array.isArray(fast) ? fast : undefined;
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  if (!document.contents.items.every((pair) => isScalar(pair.key))) return undefined;
  return document.toJS() as Record<string, unknown>;
}

/**
 * The keys the user added to `current` (a file berth wrote with `recorded` top-level digests), as
 * YAML to append to `generated`; undefined when the user changed or removed anything berth wrote, or
 * added a key the new version now writes itself.
 */
export function additionsToKeep(current: string, recorded: Readonly<Record<string, string>>, generated: string): string | undefined {
  const now = topLevelDigests(current);
  const next = topLevelDigests(generated);
  if (!now || !next) return undefined;
  for (const [key, digest] of Object.entries(recorded)) if (now[key] !== digest) return undefined;
  const added = Object.keys(now).filter((key) => !(key in recorded));
  // Nothing added: any difference is an edit (a comment, say), for the caller's digest check to catch.
  if (added.length === 0 || added.some((key) => key in next)) return undefined;
  // A comment the user wrote would be lost in the merge: that is a hand edit too.
  const known = new Set(comments(generated));
  if (comments(current).some((comment) => !known.has(comment))) return undefined;
  const values = topLevelEntries(current)!;
  return stringify(Object.fromEntries(added.map((key) => [key, values[key]])), { lineWidth: 0 });
}
