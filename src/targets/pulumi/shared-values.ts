// Template objects → the flat maps several resources repeat (label sets, selectors), each to become
// one named constant (`backendLabels`), so the program reads like code a person would write.
import type { TemplateObject } from '../../model/template-object.ts';
import { isExpr, type Value } from '../../model/template.ts';
import { canOmit } from './compile-expression.ts';
import { toCamelIdentifier, type IdentifierPool } from './typescript-syntax.ts';

export interface SharedValue {
  readonly identifier: string;
  readonly value: { readonly [key: string]: Value };
}

export interface SharedValues {
  /** In order of first use. */
  readonly values: readonly SharedValue[];
  lookup(value: Value): string | undefined;
}

/** Smallest map worth a name. */
const MIN_ENTRIES = 3;

interface Occurrences {
  readonly value: { readonly [key: string]: Value };
  readonly owners: Set<string>;
  readonly keys: Map<string, number>;
  count: number;
}

export function findSharedValues(objects: readonly TemplateObject[], app: string, pool: IdentifierPool): SharedValues {
  const found = new Map<string, Occurrences>();
  const visit = (value: Value, key: string, owner: string) => {
    if (isExpr(value) || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      // A list item is only itself; a name would have to describe its position.
      for (const item of value as readonly Value[]) visit(item, '', owner);
      return;
    }
    const object = value as { readonly [key: string]: Value };
    if (key !== '' && isFlatMap(object)) {
      const id = serialize(object);
      const entry = found.get(id) ?? { value: object, owners: new Set<string>(), keys: new Map<string, number>(), count: 0 };
      entry.owners.add(owner);
      entry.keys.set(key, (entry.keys.get(key) ?? 0) + 1);
      entry.count++;
      found.set(id, entry);
      return;
    }
    for (const [childKey, child] of Object.entries(object)) visit(child, childKey, owner);
  };
  for (const object of objects) visit(object.body, '', object.owner);

  const byId = new Map<string, string>();
  const values: SharedValue[] = [];
  for (const [id, entry] of found) {
    if (entry.count < 2) continue;
    // Named after the key it usually sits under, and its owner when only one owner uses it.
    const key = [...entry.keys].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0][0];
    const prefix = entry.owners.size === 1 ? [...entry.owners][0] : app;
    const identifier = pool.take(toCamelIdentifier(`${prefix} ${key}`), 'Value');
    byId.set(id, identifier);
    values.push({ identifier, value: entry.value });
  }
  return {
    values,
    // Asked for every map of every resource: only a map of scalars and expressions can read like a
    // shared (flat) one, so nested maps are not serialized whole to find out.
    lookup: (value) => (byId.size === 0 || !holdsNoMaps(value) ? undefined : byId.get(serialize(value))),
  };
}

function holdsNoMaps(value: Value): boolean {
  if (isExpr(value) || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const object = value as { readonly [key: string]: Value };
  for (const key in object) {
    const child = object[key];
    if (child !== null && typeof child === 'object' && !isExpr(child)) return false;
  }
  return true;
}

function isFlatMap(object: { readonly [key: string]: Value }): boolean {
  const entries = Object.values(object);
  return entries.length >= MIN_ENTRIES && entries.every((v) => (isExpr(v) ? !canOmit(v) : v === null || typeof v !== 'object'));
}

/** Structural identity of a value, expressions included (they carry their operation as a field). */
function serialize(value: Value): string {
  return JSON.stringify(value, (_key, v: unknown) => (isExpr(v) ? { '\u0000expr': Object.fromEntries(Object.entries(v)) } : v));
}
