// The intermediate form between the spec and every output format: Kubernetes objects whose leaves
// are literals, parameter references or a small fixed set of operations. Evaluating it with one
// environment's parameter values gives the canonical objects; the Helm, Terraform and Pulumi emitters
// compile the same operations into their own expressions, so a parameter does the same everywhere.
import { createHash } from 'node:crypto';

export type Expr =
  | { readonly op: 'param'; readonly name: string }
  | { readonly op: 'concat'; readonly parts: readonly Value[] }
  | { readonly op: 'if'; readonly condition: Value; readonly then: Value; readonly else?: Value }
  | { readonly op: 'not'; readonly value: Value }
  | { readonly op: 'and' | 'or'; readonly values: readonly Value[] }
  | { readonly op: 'gt' | 'eq' | 'ne'; readonly left: Value; readonly right: Value }
  /** First `length` hex digits of the SHA-256 of a string. */
  | { readonly op: 'hash'; readonly value: Value; readonly length: number }
  /** SHA-256 (hex) of the JSON of a map of strings, keys sorted, as Go's encoding/json writes it. */
  | { readonly op: 'checksum'; readonly entries: readonly (readonly [string, Value])[] }
  | { readonly op: 'toString'; readonly value: Value };

// An expression is an object whose prototype is EXPRESSION: one comparison tells it from the plain
// objects and arrays around it, on every field of every object evaluated (a symbol looked up with
// `in` walked each plain value's prototype chain, and was the hottest check of a large generate).
const EXPRESSION: object = Object.freeze({});
declare const EXPR: unique symbol;
type Tagged = Expr & { readonly [EXPR]: true };

/** A JSON tree that may hold expressions anywhere a value can stand. */
export type Value = null | string | number | boolean | Tagged | readonly Value[] | { readonly [key: string]: Value };
export type Json = null | string | number | boolean | Json[] | { [key: string]: Json };

export function isExpr(value: unknown): value is Tagged {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === EXPRESSION;
}

const tag = (expr: Expr): Tagged => Object.freeze(Object.assign(Object.create(EXPRESSION) as object, expr)) as Tagged;

export const param = (name: string): Tagged => tag({ op: 'param', name });
export const concat = (...parts: Value[]): Tagged => tag({ op: 'concat', parts });
/** Without `otherwise`, a false condition removes the key (or list item) altogether. */
export const when = (condition: Value, then: Value, otherwise?: Value): Tagged =>
  tag({ op: 'if', condition, then, ...(otherwise === undefined ? {} : { else: otherwise }) });
export const not = (value: Value): Tagged => tag({ op: 'not', value });
export const and = (...values: Value[]): Tagged => tag({ op: 'and', values });
export const or = (...values: Value[]): Tagged => tag({ op: 'or', values });
export const gt = (left: Value, right: Value): Tagged => tag({ op: 'gt', left, right });
export const eq = (left: Value, right: Value): Tagged => tag({ op: 'eq', left, right });
export const ne = (left: Value, right: Value): Tagged => tag({ op: 'ne', left, right });
export const hash = (value: Value, length: number): Tagged => tag({ op: 'hash', value, length });
export const checksum = (entries: (readonly [string, Value])[]): Tagged => tag({ op: 'checksum', entries });
export const toString = (value: Value): Tagged => tag({ op: 'toString', value });

export type ParameterValues = ReadonlyMap<string, Json>;

/** Marks a value that disappears from its parent (an `if` without else whose condition is false). */
const OMIT = Symbol('berth.omit');

export function evaluate(value: Value, parameters: ParameterValues): Json {
  const result = evaluateOrOmit(value, parameters);
  return result === OMIT ? null : result;
}

/**
 * Which parts of a value evaluateFields evaluates: `true` for all of a field, an object for some of
 * its fields, a one-item array for some fields of each item of a list.
 */
export type FieldSelection = true | { readonly [key: string]: FieldSelection } | readonly [FieldSelection];

/**
 * The selected fields of `value`, evaluated: what `evaluate` gives, with only those fields kept (a
 * field the selection names that the value lacks is left out). Nothing outside the selection is
 * evaluated, so a check that reads names and labels does not evaluate every container's settings.
 */
export function evaluateFields(value: Value, selection: FieldSelection, parameters: ParameterValues): Json {
  const result = selectOrOmit(value, selection, parameters);
  return result === OMIT ? null : result;
}

function selectOrOmit(value: Value, selection: FieldSelection, parameters: ParameterValues): Json | typeof OMIT {
  if (selection === true) return evaluateOrOmit(value, parameters);
  if (isExpr(value)) {
    // A condition picks the branch, of which only the selection is evaluated; any other operation
    // gives a scalar.
    if (value.op !== 'if') return evaluateExpr(value, parameters);
    if (truthy(evaluate(value.condition, parameters))) return selectOrOmit(value.then, selection, parameters);
    return value.else === undefined ? OMIT : selectOrOmit(value.else, selection, parameters);
  }
  if (Array.isArray(value)) {
    if (!Array.isArray(selection)) return evaluateOrOmit(value, parameters);
    const items: Json[] = [];
    for (const item of value as readonly Value[]) {
      const selected = selectOrOmit(item, (selection as readonly [FieldSelection])[0], parameters);
      if (selected !== OMIT) items.push(selected);
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(selection)) return evaluateOrOmit(value, parameters);
    const object: { [key: string]: Json } = {};
    const record = value as { [key: string]: Value };
    const fields = selection as { readonly [key: string]: FieldSelection };
    for (const key in fields) {
      if (!Object.hasOwn(record, key)) continue;
      const selected = selectOrOmit(record[key], fields[key], parameters);
      if (selected !== OMIT) object[key] = selected;
    }
    return object;
  }
  return value as Json;
}

function evaluateOrOmit(value: Value, parameters: ParameterValues): Json | typeof OMIT {
  if (isExpr(value)) return evaluateExpr(value, parameters);
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const item of value as readonly Value[]) {
      const evaluated = evaluateOrOmit(item, parameters);
      if (evaluated !== OMIT) items.push(evaluated);
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const object: { [key: string]: Json } = {};
    const record = value as { [key: string]: Value };
    // Every field of every object in every environment: walked without a list of entries (a template
    // value is a plain object, so `in` sees its own keys only).
    for (const key in record) {
      const evaluated = evaluateOrOmit(record[key], parameters);
      if (evaluated !== OMIT) object[key] = evaluated;
    }
    return object;
  }
  return value as Json;
}

function evaluateExpr(expr: Expr, parameters: ParameterValues): Json | typeof OMIT {
  const scalar = (v: Value) => evaluate(v, parameters);
  switch (expr.op) {
    case 'param': {
      if (!parameters.has(expr.name)) throw new Error(`parameter ${expr.name} has no value`);
      return parameters.get(expr.name) as Json;
    }
    case 'concat':
      return expr.parts.map((p) => stringify(scalar(p))).join('');
    case 'if':
      if (truthy(scalar(expr.condition))) return evaluateOrOmit(expr.then, parameters);
      return expr.else === undefined ? OMIT : evaluateOrOmit(expr.else, parameters);
    case 'not':
      return !truthy(scalar(expr.value));
    case 'and':
      return expr.values.every((v) => truthy(scalar(v)));
    case 'or':
      return expr.values.some((v) => truthy(scalar(v)));
    case 'gt':
      return Number(scalar(expr.left)) > Number(scalar(expr.right));
    case 'eq':
      return stringify(scalar(expr.left)) === stringify(scalar(expr.right));
    case 'ne':
      return stringify(scalar(expr.left)) !== stringify(scalar(expr.right));
    case 'hash':
      return sha256(stringify(scalar(expr.value))).slice(0, expr.length);
    case 'checksum': {
      const entries: Record<string, string> = {};
      for (const [key, v] of expr.entries) entries[key] = stringify(scalar(v));
      return sha256(goJson(entries));
    }
    case 'toString':
      return stringify(scalar(expr.value));
  }
}

/** Go template truthiness: false, 0, "" and empty collections are false. */
export function truthy(value: Json): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** How Sprig's `toString` prints a scalar. */
export function stringify(value: Json): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON as Go's encoding/json writes a map[string]string: sorted keys, HTML-safe escapes. */
export function goJson(entries: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k]]));
  return JSON.stringify(sorted)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Every parameter name a value refers to. */
export function referencedParameters(value: Value, into = new Set<string>()): Set<string> {
  if (isExpr(value)) {
    const expr = value as Expr;
    switch (expr.op) {
      case 'param':
        into.add(expr.name);
        break;
      case 'concat':
        expr.parts.forEach((p) => referencedParameters(p, into));
        break;
      case 'if':
        referencedParameters(expr.condition, into);
        referencedParameters(expr.then, into);
        if (expr.else !== undefined) referencedParameters(expr.else, into);
        break;
      case 'not':
      case 'hash':
      case 'toString':
        referencedParameters(expr.value, into);
        break;
      case 'and':
      case 'or':
        expr.values.forEach((v) => referencedParameters(v, into));
        break;
      case 'gt':
      case 'eq':
      case 'ne':
        referencedParameters(expr.left, into);
        referencedParameters(expr.right, into);
        break;
      case 'checksum':
        expr.entries.forEach(([, v]) => referencedParameters(v, into));
        break;
    }
  } else if (Array.isArray(value)) {
    (value as readonly Value[]).forEach((v) => referencedParameters(v, into));
  } else if (value !== null && typeof value === 'object') {
    Object.values(value as { [key: string]: Value }).forEach((v) => referencedParameters(v, into));
  }
  return into;
}
