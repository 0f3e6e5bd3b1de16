// Settings an environment replaces whole (an affinity, a topology spread, an environment's patches)
// → one value of the intermediate form that holds every variant: a string parameter names the
// variant in force, and the parts that differ become `if`s on it, pushed down to the smallest
// subtree that differs, so each format writes one object with a few conditional fields.
import { eq, isExpr, ne, or, and, when, type Value } from './template.ts';

/** The variant used where no environment replaces the setting. */
export const DEFAULT_VARIANT = 'default';

/** A variant by name; `undefined`: the setting is absent in that variant. */
export type VariantOption = readonly [name: string, value: Value | undefined];

/**
 * One value that evaluates to the value of the option `selector` names; `undefined` when the
 * setting is absent in every variant. The first option is the fallback for any other name.
 */
export function mergeVariants(selector: Value, options: readonly VariantOption[]): Value | undefined {
  return merge(selector, options);
}

function merge(selector: Value, options: readonly VariantOption[]): Value | undefined {
  const first = options[0][1];
  if (options.every(([, v]) => same(v, first))) return first;
  const present = options.filter(([, v]) => v !== undefined);
  if (present.length < options.length) {
    const inner = merge(selector, present);
    return inner === undefined ? undefined : when(chosen(selector, options, present.map(([n]) => n)), inner);
  }
  const values = options.map(([, v]) => v as Value);
  if (values.every(isPlainObject)) {
    const keys = [...new Set(values.flatMap((v) => Object.keys(v as object)))].sort();
    const merged: Record<string, Value> = {};
    for (const key of keys) {
      const child = merge(selector, options.map(([n, v]) => [n, (v as Record<string, Value>)[key]] as const));
      if (child !== undefined) merged[key] = child;
    }
    return merged;
  }
  if (values.every(Array.isArray) && values.every((v) => (v as readonly Value[]).length === (values[0] as readonly Value[]).length)) {
    return (values[0] as readonly Value[]).map((_, i) => merge(selector, options.map(([n, v]) => [n, (v as readonly Value[])[i]] as const)) ?? null);
  }
  // Different scalars, lists of different lengths or expressions: pick the whole value.
  let result: Value = values[0];
  for (let i = options.length - 1; i >= 1; i--) {
    if (same(values[i], values[0])) continue;
    result = when(eq(selector, options[i][0]), values[i], result);
  }
  return result;
}

/** True when `selector` names one of `names` (the first option also stands for unknown names). */
function chosen(selector: Value, options: readonly VariantOption[], names: readonly string[]): Value {
  const fallback = options[0][0];
  if (names.includes(fallback)) {
    const others = options.map(([n]) => n).filter((n) => !names.includes(n));
    return others.length === 1 ? ne(selector, others[0]) : and(...others.map((n) => ne(selector, n)));
  }
  return names.length === 1 ? eq(selector, names[0]) : or(...names.map((n) => eq(selector, n)));
}

function isPlainObject(value: Value | undefined): boolean {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) && !isExpr(value);
}

function same(a: Value | undefined, b: Value | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return stableJson(a) === stableJson(b);
}

function stableJson(value: Value): string {
  if (isExpr(value)) return `#${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `[${(value as readonly Value[]).map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, Value>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
