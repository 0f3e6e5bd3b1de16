// Terraform values as berth's evaluation holds them, and the conversions Terraform (cty) applies:
// printing numbers, converting to a declared type, JSON encoding with sorted keys and Go's escapes.

export type TfValue = null | string | number | boolean | TfValue[] | { [key: string]: TfValue };

export class EvaluationError extends Error {}

export function isObjectValue(value: TfValue): value is { [key: string]: TfValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** How cty prints a number: integers without exponent, others in the shortest form. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new EvaluationError(`${n} is not a number Terraform can hold`);
  if (Number.isInteger(n)) return BigInt(n).toString();
  return String(n);
}

export function describe(value: TfValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Byte order of UTF-8, the order cty sorts map keys and set elements in. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function toStringValue(value: TfValue, what: string): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  throw new EvaluationError(`${what}: cannot convert ${describe(value)} to string`);
}

export function toNumberValue(value: TfValue, what: string): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) return Number(value);
  throw new EvaluationError(`${what}: cannot convert ${describe(value)} to number`);
}

export function toBoolValue(value: TfValue, what: string): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new EvaluationError(`${what}: cannot convert ${describe(value)} to bool`);
}

/** A type constraint of a variable or an attribute: `string`, `number`, `bool`, `any`, or [collection, element]. */
export type TypeConstraint = string | readonly [string, string];

export function convert(value: TfValue, type: TypeConstraint, what: string): TfValue {
  if (value === null) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return toStringValue(value, what);
      case 'number':
        return toNumberValue(value, what);
      case 'bool':
        return toBoolValue(value, what);
      case 'any':
        return value;
      default:
        throw new EvaluationError(`${what}: unsupported type ${type}`);
    }
  }
  const [collection, element] = type;
  if (collection === 'map') {
    if (!isObjectValue(value)) throw new EvaluationError(`${what}: a map is required, got ${describe(value)}`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, element, `${what}["${k}"]`)]));
  }
  if (!Array.isArray(value)) throw new EvaluationError(`${what}: a ${collection} is required, got ${describe(value)}`);
  const items = value.map((v, i) => convert(v, element, `${what}[${i}]`));
  if (collection === 'set') {
    // Sets hold each value once; cty keeps strings in byte order.
    const unique = [...new Map(items.map((v) => [JSON.stringify(v), v])).values()];
    return unique.sort((a, b) => compareKeys(JSON.stringify(a), JSON.stringify(b)));
  }
  return items;
}

/** Terraform's jsonencode: object keys sorted, strings escaped the way Go's encoding/json does. */
export function jsonEncode(value: TfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return goString(value);
  if (Array.isArray(value)) return `[${value.map(jsonEncode).join(',')}]`;
  const keys = Object.keys(value).sort(compareKeys);
  return `{${keys.map((k) => `${goString(k)}:${jsonEncode(value[k])}`).join(',')}}`;
}

function goString(text: string): string {
  return JSON.stringify(text)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function deepEqual(a: TfValue, b: TfValue): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(a[k], (b as Record<string, TfValue>)[k]));
  }
  return false;
}
