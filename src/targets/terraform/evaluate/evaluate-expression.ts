// A parsed HCL expression + a scope (variables, locals, resources, count, each, dynamic-block
// iterators) → its value, with Terraform's rules: typed equality, bool-only conditions, templates
// that print numbers and bools, `can`/`try` that catch evaluation errors.
import { FUNCTIONS } from './functions.ts';
import type { Node } from './parse-expression.ts';
import { deepEqual, describe, EvaluationError, formatNumber, isObjectValue, compareKeys, type TfValue } from './values.ts';

export interface Scope {
  variable(name: string): TfValue;
  local(name: string): TfValue;
  resource(type: string, name: string): TfValue;
  readonly count?: { readonly index: number };
  readonly each?: { readonly key: TfValue; readonly value: TfValue };
  /** `env.value` inside `dynamic "env"`, and `for` expression variables. */
  readonly names?: Readonly<Record<string, TfValue>>;
}

export function withNames(scope: Scope, names: Record<string, TfValue>): Scope {
  return { ...scope, variable: scope.variable, local: scope.local, resource: scope.resource, names: { ...scope.names, ...names } };
}

const RESOURCE_TYPE = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;

export function evaluateNode(node: Node, scope: Scope): TfValue {
  switch (node.t) {
    case 'literal':
      return node.value as TfValue;
    case 'template':
      return node.parts.map((part) => (typeof part === 'string' ? part : interpolate(evaluateNode(part, scope)))).join('');
    case 'root': {
      if (scope.names && node.name in scope.names) return scope.names[node.name];
      throw new EvaluationError(`reference to ${node.name} needs an attribute (${node.name}.<name>)`);
    }
    case 'attr': {
      if (node.target.t === 'root' && !(scope.names && node.target.name in scope.names)) return rootAttribute(node.target.name, node.name, scope);
      return attribute(evaluateNode(node.target, scope), node.name);
    }
    case 'index':
      return index(evaluateNode(node.target, scope), evaluateNode(node.key, scope));
    case 'splat': {
      const target = evaluateNode(node.target, scope);
      if (target === null) return [];
      const items = Array.isArray(target) ? target : [target];
      return items.map((item) => evaluateNode(node.each, withNames(scope, { '\u0000splat': item })));
    }
    case 'splat-item':
      return scope.names?.['\u0000splat'] ?? null;
    case 'call':
      return call(node.name, node.args, node.expand, scope);
    case 'unary': {
      const value = evaluateNode(node.operand, scope);
      if (node.op === '!') return !bool(value, '!');
      return -number(value, '-');
    }
    case 'binary':
      return binary(node.op, node.left, node.right, scope);
    case 'conditional': {
      const test = evaluateNode(node.test, scope);
      if (typeof test !== 'boolean') throw new EvaluationError(`the condition of a conditional must be a bool, got ${describe(test)}`);
      const chosen = evaluateNode(test ? node.then : node.otherwise, scope);
      // Terraform types both results and refuses objects of different shapes, whichever is chosen.
      let other: TfValue | undefined;
      try {
        other = evaluateNode(test ? node.otherwise : node.then, scope);
      } catch {
        other = undefined;
      }
      const mismatch = other === undefined ? undefined : shapeMismatch(chosen, other);
      if (mismatch) throw new EvaluationError(`Inconsistent conditional result types: ${mismatch}`);
      return chosen;
    }
    case 'tuple':
      return node.items.map((item) => evaluateNode(item, scope));
    case 'object': {
      const result: { [key: string]: TfValue } = {};
      for (const item of node.items) {
        const key = evaluateNode(item.key, scope);
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') throw new EvaluationError(`an object key must be a string, got ${describe(key)}`);
        result[interpolate(key)] = evaluateNode(item.value, scope);
      }
      return result;
    }
    case 'for':
      return forExpression(node, scope);
  }
}

function rootAttribute(root: string, name: string, scope: Scope): TfValue {
  switch (root) {
    case 'var':
      return scope.variable(name);
    case 'local':
      return scope.local(name);
    case 'count':
      if (!scope.count || name !== 'index') throw new EvaluationError(`count.${name} is only valid in a resource with count`);
      return scope.count.index;
    case 'each':
      if (!scope.each || (name !== 'key' && name !== 'value')) throw new EvaluationError(`each.${name} is only valid in a resource with for_each`);
      return scope.each[name];
    default:
      if (RESOURCE_TYPE.test(root)) return scope.resource(root, name);
      throw new EvaluationError(`unknown reference ${root}.${name}`);
  }
}

/** How a value prints inside a template. */
function interpolate(value: TfValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) throw new EvaluationError('Invalid template interpolation value: the value is null');
  throw new EvaluationError(`Invalid template interpolation value: cannot include ${describe(value)} in a string`);
}

function attribute(target: TfValue, name: string): TfValue {
  if (!isObjectValue(target)) throw new EvaluationError(`cannot read attribute ${name} of ${describe(target)}`);
  if (!(name in target)) throw new EvaluationError(`this object has no attribute named ${JSON.stringify(name)}`);
  return target[name];
}

/**
 * Why Terraform cannot unify the types of a conditional's two results, if it cannot: objects with
 * different attributes unify only as a map, so every attribute value must then be of one kind.
 */
function shapeMismatch(a: TfValue, b: TfValue, path = ''): string | undefined {
  if (!isObjectValue(a) || !isObjectValue(b)) return undefined;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differ = [...keys].some((k) => !(k in a) || !(k in b));
  if (differ) {
    const kinds = new Set([...Object.values(a), ...Object.values(b)].filter((v) => v !== null).map((v) => (Array.isArray(v) ? 'list' : isObjectValue(v) ? 'object' : 'primitive')));
    if (kinds.size <= 1) return undefined;
    const only = [...keys].find((k) => !(k in a) || !(k in b))!;
    return `one value includes object attribute "${path}${only}", which is absent in the other, and their attributes are not all of one type`;
  }
  for (const key of keys) {
    const inner = shapeMismatch(a[key], b[key], `${path}${key}.`);
    if (inner) return inner;
  }
  return undefined;
}

function index(target: TfValue, key: TfValue): TfValue {
  if (Array.isArray(target)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new EvaluationError(`a list index must be a whole number, got ${describe(key)}`);
    if (key < 0 || key >= target.length) throw new EvaluationError(`Invalid index: the list has ${target.length} elements, index ${key} is out of range`);
    return target[key];
  }
  if (isObjectValue(target)) {
    const k = typeof key === 'string' ? key : interpolate(key);
    if (!(k in target)) throw new EvaluationError(`Invalid index: the map has no element for key ${JSON.stringify(k)}`);
    return target[k];
  }
  throw new EvaluationError(`cannot index ${describe(target)}`);
}

function bool(value: TfValue, op: string): boolean {
  if (typeof value !== 'boolean') throw new EvaluationError(`${op} needs bool operands, got ${describe(value)}`);
  return value;
}

function number(value: TfValue, op: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  throw new EvaluationError(`${op} needs number operands, got ${describe(value)}`);
}

function binary(op: string, leftNode: Node, rightNode: Node, scope: Scope): TfValue {
  const left = evaluateNode(leftNode, scope);
  const right = evaluateNode(rightNode, scope);
  switch (op) {
    case '||':
      return bool(left, op) || bool(right, op);
    case '&&':
      return bool(left, op) && bool(right, op);
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case '<':
      return number(left, op) < number(right, op);
    case '>':
      return number(left, op) > number(right, op);
    case '<=':
      return number(left, op) <= number(right, op);
    case '>=':
      return number(left, op) >= number(right, op);
    case '+':
      return number(left, op) + number(right, op);
    case '-':
      return number(left, op) - number(right, op);
    case '*':
      return number(left, op) * number(right, op);
    case '/':
      return number(left, op) / number(right, op);
    case '%':
      return number(left, op) % number(right, op);
    default:
      throw new EvaluationError(`unknown operator ${op}`);
  }
}

function call(name: string, argNodes: readonly Node[], expand: boolean, scope: Scope): TfValue {
  // can() and try() see errors instead of values, so they evaluate their arguments themselves.
  if (name === 'can') {
    if (argNodes.length !== 1) throw new EvaluationError('can: takes 1 argument');
    try {
      evaluateNode(argNodes[0], scope);
      return true;
    } catch (error) {
      if (error instanceof EvaluationError) return false;
      throw error;
    }
  }
  if (name === 'try') {
    for (const node of argNodes) {
      try {
        return evaluateNode(node, scope);
      } catch (error) {
        if (!(error instanceof EvaluationError)) throw error;
      }
    }
    throw new EvaluationError('try: no expression succeeded');
  }
  const fn = FUNCTIONS[name];
  if (!fn) throw new EvaluationError(`berth's evaluation does not know the function ${name}()`);
  let args = argNodes.map((node) => evaluateNode(node, scope));
  if (expand) {
    const last = args[args.length - 1];
    if (!Array.isArray(last)) throw new EvaluationError(`${name}: only a list can be expanded with ...`);
    args = [...args.slice(0, -1), ...last];
  }
  return fn(args);
}

function forExpression(node: Extract<Node, { t: 'for' }>, scope: Scope): TfValue {
  const collection = evaluateNode(node.collection, scope);
  let pairs: [TfValue, TfValue][];
  if (Array.isArray(collection)) pairs = collection.map((v, i) => [i, v]);
  else if (isObjectValue(collection)) pairs = Object.keys(collection).sort(compareKeys).map((k) => [k, collection[k]]);
  else throw new EvaluationError(`a for expression needs a list or map, got ${describe(collection)}`);
  const tuple: TfValue[] = [];
  const object: { [key: string]: TfValue } = {};
  for (const [key, value] of pairs) {
    const inner = withNames(scope, { ...(node.keyVar ? { [node.keyVar]: key } : {}), [node.valueVar]: value });
    if (node.condition && !bool(evaluateNode(node.condition, inner), 'for ... if')) continue;
    if (node.kind === 'tuple') tuple.push(evaluateNode(node.value, inner));
    else {
      const k = interpolate(evaluateNode(node.key!, inner));
      const v = evaluateNode(node.value, inner);
      if (node.group) object[k] = [...((object[k] as TfValue[] | undefined) ?? []), v];
      else if (k in object) throw new EvaluationError(`duplicate key ${JSON.stringify(k)} in a for expression`);
      else object[k] = v;
    }
  }
  return node.kind === 'tuple' ? tuple : object;
}
