// One object of the intermediate form → the body of a typed provider resource: camelCase fields
// become the provider's snake_case attributes and blocks (singular names for repeated blocks),
// guided by the provider schema snapshot. An `if` without else on a block becomes a `dynamic` block,
// on an attribute `cond ? x : null`; an `if` with else between two objects is pushed down field by
// field, so one block carries the conditional parts.
import { InputError } from '../../../diagnostics.ts';
import { and, isExpr, not, when, type Expr, type Value } from '../../../model/template.ts';
import { providerSchema, type AttributeSchema, type BlockSchema, type NestedBlockSchema } from '../provider-schema.ts';
import { compileCondition, compileValue, formatNumber, type CompileContext } from './compile-expression.ts';
import { attribute, block, comment, expr, list, object, quote, type HclNode, type HclValue } from './hcl-writer.ts';

type Fields = Readonly<Record<string, Value>>;

export interface ObjectContext {
  readonly compile: CompileContext;
  readonly resourceType: string;
}

/** Field names the generic rule (snake_case, then singular) does not find. */
const RENAMES: Readonly<Record<string, string>> = {
  'kubernetes_daemon_set_v1:spec.updateStrategy': 'strategy',
};

/**
 * Canonical fields the provider has no attribute for and the API server fills with exactly this
 * value: the type of an embedded claim template.
 */
const SERVER_FILLED: readonly { readonly path: RegExp; readonly key: string; readonly value: string }[] = [
  { path: /^spec\.volumeClaimTemplates\[\]$/, key: 'apiVersion', value: 'v1' },
  { path: /^spec\.volumeClaimTemplates\[\]$/, key: 'kind', value: 'PersistentVolumeClaim' },
];

export function snakeCase(name: string): string {
  // Field names repeat in every object: spell each once.
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .replace(/[-.]/g, '_')
      .toLowerCase();
    snakeNames.set(name, snake);
  }
  return snake;
}

const snakeNames = new Map<string, string>();

function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  if (name.endsWith('s')) return name.slice(0, -1);
  return name;
}

type Located =
  | { readonly kind: 'attribute'; readonly name: string; readonly schema: AttributeSchema }
  | { readonly kind: 'block'; readonly name: string; readonly schema: NestedBlockSchema }
  | { readonly kind: 'server-filled' };

function locate(key: string, value: Value, schema: BlockSchema, path: string, context: ObjectContext): Located {
  for (const filled of SERVER_FILLED) {
    if (filled.path.test(path) && filled.key === key) {
      if (value !== filled.value) throw new Error(`${path}.${key} is ${JSON.stringify(value)}; the provider can only express ${filled.value}`);
      return { kind: 'server-filled' };
    }
  }
  const where = path ? `${path}.${key}` : key;
  const renamed = RENAMES[`${context.resourceType}:${where}`];
  const candidates = renamed ? [renamed] : [snakeCase(key), singular(snakeCase(key))];
  for (const name of candidates) {
    if (schema.attributes[name]) return { kind: 'attribute', name, schema: schema.attributes[name] };
    if (schema.blocks[name]) return { kind: 'block', name, schema: schema.blocks[name] };
  }
  // The spec (or a patch) asked for a field the provider's typed resource cannot send: bad input for this target.
  const message = `the Terraform target cannot express ${where}: the kubernetes provider ${providerSchema().version}'s ${context.resourceType} has no ${candidates[0]}`;
  throw new InputError('the spec asks for a field the Terraform target cannot write', [
    { code: 'terraform-unsupported-field', severity: 'error', message, hint: 'Drop that setting (or patch) from berth.yaml, or generate the other targets: --target helm,kustomize,kubernetes,pulumi,compose.' },
  ]);
}

/** The attributes and blocks for one object (or nested object) of the canonical form. */
export function fieldsToHcl(fields: Fields, schema: BlockSchema, path: string, context: ObjectContext): HclNode[] {
  const attributes: HclNode[] = [];
  const blocks: { name: string; nodes: HclNode[] }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const located = locate(key, value, schema, path, context);
    const childPath = path ? `${path}.${key}` : key;
    if (located.kind === 'server-filled') continue;
    if (located.kind === 'attribute') {
      attributes.push(attribute(located.name, attributeValue(value, located.schema.type, childPath, context)));
      continue;
    }
    const items = blockItems(value, undefined, childPath);
    if (located.schema.nesting === 'single' && items.length > 1) throw new Error(`${childPath} holds ${items.length} objects; ${located.name} takes one`);
    const itemPath = located.schema.nesting === 'single' ? childPath : `${childPath}[]`;
    blocks.push({ name: located.name, nodes: blockNodes(located.name, items, located.schema.block, itemPath, context) });
  }
  attributes.sort((a, b) => compareNames((a as { name: string }).name, (b as { name: string }).name));
  blocks.sort((a, b) => compareNames(a.name, b.name));
  return [...attributes, ...blocks.flatMap((b) => b.nodes)];
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface BlockItem {
  /** The item exists only when this holds. */
  readonly condition?: Value;
  readonly fields: Fields;
}

function isPlainObject(value: Value): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isExpr(value);
}

function both(outer: Value | undefined, inner: Value): Value {
  return outer === undefined ? inner : and(outer, inner);
}

/** The objects a block field holds, each with the condition under which it exists. */
function blockItems(value: Value, outer: Value | undefined, path: string): BlockItem[] {
  if (value === null) return [];
  if (isExpr(value)) {
    const e = value as Expr;
    if (e.op !== 'if') throw new Error(`${path} is a ${e.op} expression where the provider expects a block`);
    if (e.else !== undefined && isPlainObject(e.then) && isPlainObject(e.else)) {
      return [{ condition: outer, fields: pushDown(e.condition, e.then, e.else) }];
    }
    const then = blockItems(e.then, both(outer, e.condition), path);
    const otherwise = e.else === undefined ? [] : blockItems(e.else, both(outer, not(e.condition)), path);
    return [...then, ...otherwise];
  }
  if (Array.isArray(value)) return (value as readonly Value[]).flatMap((item) => blockItems(item, outer, path));
  if (isPlainObject(value)) return [{ condition: outer, fields: value }];
  throw new Error(`${path} is ${JSON.stringify(value)} where the provider expects a block`);
}

/** `if c then A else B` over two objects → one object whose differing fields are conditional. */
export function pushDown(condition: Value, then: Fields, otherwise: Fields): Fields {
  const keys = [...new Set([...Object.keys(then), ...Object.keys(otherwise)])];
  const merged: Record<string, Value> = {};
  for (const key of keys) {
    const inThen = key in then;
    const inElse = key in otherwise;
    if (inThen && inElse) {
      merged[key] = JSON.stringify(then[key]) === JSON.stringify(otherwise[key]) ? then[key] : when(condition, then[key], otherwise[key]);
    } else if (inThen) merged[key] = when(condition, then[key]);
    else merged[key] = when(not(condition), otherwise[key]);
  }
  return merged;
}

function blockNodes(name: string, items: readonly BlockItem[], schema: BlockSchema, path: string, context: ObjectContext): HclNode[] {
  // hcl2json (like Terraform's JSON syntax) keeps no order between static and dynamic blocks of one
  // type, so when any item is conditional every item is written as a dynamic block.
  const dynamic = items.some((i) => i.condition !== undefined);
  const nodes: HclNode[] = [];
  if (dynamic && items.length > 1) nodes.push(comment(`Every ${name} block is dynamic so the conditional ones keep their place.`));
  for (const item of items) {
    const body = fieldsToHcl(item.fields, schema, path, context);
    if (!dynamic) {
      nodes.push(block(name, [], body));
      continue;
    }
    nodes.push(block('dynamic', [name], [attribute('for_each', expr(forEach(item.condition, context))), block('content', [], body)]));
  }
  return nodes;
}

/** `c ? [1] : []`, with `!c ? [1] : []` written as `c ? [] : [1]`. */
function forEach(condition: Value | undefined, context: ObjectContext): string {
  if (condition === undefined) return '[1]';
  if (isExpr(condition) && (condition as Expr).op === 'not') {
    return `${compileCondition((condition as Extract<Expr, { op: 'not' }>).value, context.compile)} ? [] : [1]`;
  }
  return `${compileCondition(condition, context.compile)} ? [1] : []`;
}

/** A value for an attribute of the given provider type. */
function attributeValue(value: Value, type: AttributeSchema['type'], path: string, context: ObjectContext): HclValue {
  if (isExpr(value)) return expr(compileValue(value, context.compile));
  if (typeof type === 'string') return expr(scalarLiteral(value, type, path));
  const [collection, element] = type;
  if (collection === 'map') {
    if (!isPlainObject(value)) throw new Error(`${path} must be a map for the provider`);
    return mapValue(value, element, path, context);
  }
  if (!Array.isArray(value)) throw new Error(`${path} must be a list for the provider`);
  return listValue(value as readonly Value[], element, path, context);
}

function scalarLiteral(value: Value, type: string, path: string): string {
  if (value === null) return 'null';
  if (typeof value === 'object') throw new Error(`${path} is ${JSON.stringify(value)}; the provider takes a ${type}`);
  if (type === 'string') return quote(typeof value === 'number' ? formatNumber(value) : String(value));
  if (type === 'number') {
    if (typeof value !== 'number') throw new Error(`${path} is ${JSON.stringify(value)}; the provider takes a number`);
    return formatNumber(value);
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new Error(`${path} is ${JSON.stringify(value)}; the provider takes a bool`);
    return String(value);
  }
  throw new Error(`${path}: unknown provider type ${type}`);
}

function elementValue(value: Value, element: string, path: string, context: ObjectContext): string {
  return isExpr(value) ? compileValue(value, context.compile) : scalarLiteral(value, element, path);
}

/** An `if` without else: the value exists only under its condition. */
function isOptional(value: Value): boolean {
  return isExpr(value) && (value as Expr).op === 'if' && (value as Extract<Expr, { op: 'if' }>).else === undefined;
}

/** Map entries; one that exists only under a condition is merged in with merge(). */
function mapValue(fields: Fields, element: string, path: string, context: ObjectContext): HclValue {
  const entries = Object.entries(fields);
  if (!entries.some(([, v]) => isOptional(v))) {
    return object(entries.map(([key, v]) => ({ key, value: expr(elementValue(v, element, `${path}.${key}`, context)) })));
  }
  const parts: string[] = [];
  let fixed: string[] = [];
  const flush = () => {
    if (fixed.length > 0) parts.push(`{ ${fixed.join(', ')} }`);
    fixed = [];
  };
  for (const [key, v] of entries) {
    if (isOptional(v)) {
      flush();
      const e = v as Extract<Expr, { op: 'if' }>;
      parts.push(`${compileCondition(e.condition, context.compile)} ? { ${quote(key)} = ${elementValue(e.then, element, path, context)} } : {}`);
    } else fixed.push(`${quote(key)} = ${elementValue(v, element, `${path}.${key}`, context)}`);
  }
  flush();
  return expr(`merge(${parts.join(', ')})`);
}

/** List items; one that exists only under a condition is spliced in with concat(). */
function listValue(items: readonly Value[], element: string, path: string, context: ObjectContext): HclValue {
  if (!items.some(isOptional)) return list(items.map((v) => expr(elementValue(v, element, `${path}[]`, context))));
  const parts: string[] = [];
  let fixed: string[] = [];
  const flush = () => {
    if (fixed.length > 0) parts.push(`[${fixed.join(', ')}]`);
    fixed = [];
  };
  for (const v of items) {
    if (isOptional(v)) {
      flush();
      const e = v as Extract<Expr, { op: 'if' }>;
      parts.push(`${compileCondition(e.condition, context.compile)} ? [${elementValue(e.then, element, path, context)}] : []`);
    } else fixed.push(elementValue(v, element, `${path}[]`, context));
  }
  flush();
  return expr(`concat(${parts.join(', ')})`);
}

/** Any value as an HCL value (the whole object of a kubernetes_manifest). */
export function plainValue(value: Value, context: CompileContext): HclValue {
  if (isExpr(value) || value === null || typeof value !== 'object') return expr(compileValue(value, context));
  if (Array.isArray(value)) {
    const items = value as readonly Value[];
    // An item under a condition compiles to `cond ? item : null`; the manifest must not carry the null.
    if (items.some(isOptional)) return expr(`[for item in ${compileValue(value, context)} : item if item != null]`);
    return list(items.map((v) => plainValue(v, context)));
  }
  return object(Object.entries(value as Fields).map(([key, v]) => ({ key, value: plainValue(v, context) })));
}
