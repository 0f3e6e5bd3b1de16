// berth's intermediate form (literals, parameters, if/concat/compare/hash/checksum/toString) →
// TypeScript source: parameters become config-backed constants, `concat` a template writeLiteral, `if` a
// ternary, an `if` without else a spread that leaves the key or list item out, as `evaluate` does.
import { InternalError } from '../../diagnostics.ts';
import { isExpr, type Expr, type Value } from '../../model/template.ts';
import type { HelperName } from './helpers-module.ts';
import { indent, quoteKey, quoteString, escapeTemplateText } from './typescript-syntax.ts';

/** The static type of a compiled expression, as far as the compiler needs to know it. */
export type CodeType = 'string' | 'number' | 'boolean' | 'null' | 'unknown';

export interface Code {
  readonly text: string;
  readonly type: CodeType;
  /** Binding strength, so operands get parentheses only where they need them. */
  readonly precedence: number;
}

/** How a parameter is spelt in the program: the constant that holds its config value. */
export interface ParameterBinding {
  readonly identifier: string;
  readonly type: CodeType;
}

export interface CompileScope {
  parameter(name: string): ParameterBinding;
  /** Records that the program needs a helper from berth-helpers.ts. */
  useHelper(name: HelperName): void;
  /** The constant that already holds this literal object (a label set many objects repeat), if any. */
  sharedValue?(value: Value): string | undefined;
}

const ATOM = 20;
const UNARY = 15;
const RELATIONAL = 11;
const EQUALITY = 10;
const AND = 6;
const OR = 5;
const TERNARY = 3;

/** Lines longer than this are broken into one entry per line. */
const WIDTH = 110;

const code = (text: string, type: CodeType, precedence = ATOM): Code => ({ text, type, precedence });

/** True when the value can vanish from its parent (an `if` without else, possibly nested). */
export function canOmit(value: Value): boolean {
  if (!isExpr(value)) return false;
  const expr = value as Expr;
  return expr.op === 'if' && (expr.else === undefined || canOmit(expr.then) || canOmit(expr.else));
}

/** A value in a position where it cannot vanish; an `if` without else gives null there, as in `evaluate`. */
export function compileValue(value: Value, scope: CompileScope, depth = 0): Code {
  if (isExpr(value)) return compileExpr(value as Expr, scope, depth);
  if (value === null) return code('null', 'null');
  if (typeof value === 'string') return code(quoteString(value), 'string');
  if (typeof value === 'number') return code(String(value), 'number', value < 0 ? UNARY : ATOM);
  if (typeof value === 'boolean') return code(String(value), 'boolean');
  if (Array.isArray(value)) return code(compileArray(value as readonly Value[], scope, depth), 'unknown');
  const shared = scope.sharedValue?.(value);
  if (shared !== undefined) return code(shared, 'unknown');
  return code(compileObject(value as { readonly [key: string]: Value }, scope, depth), 'unknown');
}

/** An object literal; keys whose value may vanish are spread in conditionally. */
export function compileObject(object: { readonly [key: string]: Value }, scope: CompileScope, depth: number): string {
  const entries: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    entries.push(canOmit(value) ? `...${compileOptionalEntry(key, value, scope, depth + 1)}` : compileEntry(key, value, scope, depth + 1));
  }
  return formatBlock('{', '}', entries, depth);
}

function compileArray(items: readonly Value[], scope: CompileScope, depth: number): string {
  const parts = items.map((item) => (canOmit(item) ? `...${compileOptionalItem(item, scope, depth + 1)}` : compileValue(item, scope, depth + 1).text));
  return formatBlock('[', ']', parts, depth);
}

function compileEntry(key: string, value: Value, scope: CompileScope, depth: number): string {
  const text = compileValue(value, scope, depth).text;
  // `{ namespace }` when the value is the constant of the same name.
  const shorthand = text === key && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && !['null', 'true', 'false'].includes(key);
  return shorthand ? text : `${quoteKey(key)}: ${text}`;
}

/** `(cond ? { key: v } : {})`: the key is there only while the condition holds. */
function compileOptionalEntry(key: string, value: Value, scope: CompileScope, depth: number): string {
  const expr = value as Extract<Expr, { op: 'if' }>;
  const branch = (v: Value | undefined) =>
    v === undefined ? '{}' : canOmit(v) ? compileOptionalEntry(key, v, scope, depth) : formatBlock('{', '}', [compileEntry(key, v, scope, depth + 1)], depth);
  return `(${compileCondition(expr.condition, scope).text} ? ${branch(expr.then)} : ${branch(expr.else)})`;
}

/** `(cond ? [item] : [])`: the list item is there only while the condition holds. */
function compileOptionalItem(value: Value, scope: CompileScope, depth: number): string {
  const expr = value as Extract<Expr, { op: 'if' }>;
  const branch = (v: Value | undefined) =>
    v === undefined ? '[]' : canOmit(v) ? compileOptionalItem(v, scope, depth) : formatBlock('[', ']', [compileValue(v, scope, depth + 1).text], depth);
  return `(${compileCondition(expr.condition, scope).text} ? ${branch(expr.then)} : ${branch(expr.else)})`;
}

/** A boolean TypeScript expression with Go template truthiness. */
export function compileCondition(value: Value, scope: CompileScope): Code {
  if (!isExpr(value)) return code(String(isTruthyLiteral(value)), 'boolean');
  const compiled = compileExpr(value as Expr, scope, 0);
  switch (compiled.type) {
    case 'boolean':
      return compiled;
    case 'number':
      return code(`${wrapOperand(compiled, EQUALITY)} !== 0`, 'boolean', EQUALITY);
    case 'string':
      return code(`${wrapOperand(compiled, EQUALITY)} !== ''`, 'boolean', EQUALITY);
    case 'null':
      return code('false', 'boolean');
    case 'unknown':
      scope.useHelper('truthy');
      return code(`truthy(${compiled.text})`, 'boolean');
  }
}

function isTruthyLiteral(value: Value): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** A string TypeScript expression with Sprig's toString (null is "", numbers as JavaScript prints them). */
export function compileString(value: Value, scope: CompileScope): Code {
  if (!isExpr(value)) {
    if (value === null) return code("''", 'string');
    if (typeof value === 'object') return code(quoteString(JSON.stringify(value)), 'string');
    return code(quoteString(String(value)), 'string');
  }
  const compiled = compileExpr(value as Expr, scope, 0);
  switch (compiled.type) {
    case 'string':
      return compiled;
    case 'number':
    case 'boolean':
      return code(`String(${compiled.text})`, 'string');
    case 'null':
      return code("''", 'string');
    case 'unknown':
      scope.useHelper('str');
      return code(`str(${compiled.text})`, 'string');
  }
}

function compileExpr(expr: Expr, scope: CompileScope, depth: number): Code {
  switch (expr.op) {
    case 'param': {
      const binding = scope.parameter(expr.name);
      return code(binding.identifier, binding.type);
    }
    case 'concat':
      return compileConcat(expr.parts, scope);
    case 'if': {
      const condition = compileCondition(expr.condition, scope);
      const then = compileValue(expr.then, scope, depth);
      const otherwise = expr.else === undefined ? code('null', 'null') : compileValue(expr.else, scope, depth);
      const type = then.type === otherwise.type ? then.type : 'unknown';
      return code(`${wrapOperand(condition, TERNARY + 1)} ? ${wrapOperand(then, TERNARY)} : ${wrapOperand(otherwise, TERNARY)}`, type, TERNARY);
    }
    case 'not': {
      const condition = compileCondition(expr.value, scope);
      return code(`!${wrapOperand(condition, UNARY)}`, 'boolean', UNARY);
    }
    case 'and':
    case 'or': {
      const precedence = expr.op === 'and' ? AND : OR;
      if (expr.values.length === 0) return code(String(expr.op === 'and'), 'boolean');
      const parts = expr.values.map((v) => wrapOperand(compileCondition(v, scope), precedence + 1));
      return code(parts.join(expr.op === 'and' ? ' && ' : ' || '), 'boolean', parts.length > 1 ? precedence : ATOM);
    }
    case 'gt': {
      const number = (v: Value) => {
        const compiled = compileValue(v, scope, depth);
        return compiled.type === 'number' ? wrapOperand(compiled, RELATIONAL + 1) : `Number(${compiled.text})`;
      };
      return code(`${number(expr.left)} > ${number(expr.right)}`, 'boolean', RELATIONAL);
    }
    case 'eq':
    case 'ne': {
      const operator = expr.op === 'eq' ? '===' : '!==';
      const left = compileValue(expr.left, scope, depth);
      const right = compileValue(expr.right, scope, depth);
      // berth compares the printed forms; values of one primitive type compare the same way directly.
      const same = left.type === right.type && (left.type === 'string' || left.type === 'number' || left.type === 'boolean');
      const [l, r] = same ? [left, right] : [compileString(expr.left, scope), compileString(expr.right, scope)];
      return code(`${wrapOperand(l, EQUALITY + 1)} ${operator} ${wrapOperand(r, EQUALITY + 1)}`, 'boolean', EQUALITY);
    }
    case 'hash':
      scope.useHelper('hash');
      return code(`hash(${compileString(expr.value, scope).text}, ${expr.length})`, 'string');
    case 'checksum': {
      scope.useHelper('checksum');
      const entries = expr.entries.map(([key, v]) => `${quoteKey(key)}: ${compileString(v, scope).text}`);
      return code(`checksum(${formatBlock('{', '}', entries, depth)})`, 'string');
    }
    case 'toString':
      return compileString(expr.value, scope);
    default:
      throw new InternalError(`the Pulumi emitter cannot compile the operation ${(expr as { op: string }).op}`);
  }
}

/** `concat` → a template literal; literal parts are written inline. */
function compileConcat(nested: readonly Value[], scope: CompileScope): Code {
  const parts = flattenConcat(nested);
  if (parts.every((p) => !isExpr(p))) return compileString(parts.map((p) => (p === null ? '' : typeof p === 'object' ? JSON.stringify(p) : String(p))).join(''), scope);
  let text = '';
  for (const part of parts) {
    if (!isExpr(part)) text += escapeTemplateText(part === null ? '' : typeof part === 'object' ? JSON.stringify(part) : String(part));
    else text += `\${${compileString(part, scope).text}}`;
  }
  return code(`\`${text}\``, 'string');
}

/** `concat(a, concat(b, c))` and `concat(a, toString(concat(b)))` read as one template literal. */
function flattenConcat(parts: readonly Value[]): Value[] {
  return parts.flatMap((part) => {
    if (!isExpr(part)) return [part];
    const expr = part as Expr;
    if (expr.op === 'concat') return flattenConcat(expr.parts);
    if (expr.op === 'toString' && isExpr(expr.value) && (expr.value as Expr).op === 'concat') return flattenConcat((expr.value as Extract<Expr, { op: 'concat' }>).parts);
    return [part];
  });
}

function wrapOperand(compiled: Code, needed: number): string {
  return compiled.precedence >= needed ? compiled.text : `(${compiled.text})`;
}

/** `{ a, b }` on one line when it fits, else one entry per line with trailing commas. */
export function formatBlock(open: string, close: string, items: readonly string[], depth: number): string {
  if (items.length === 0) return `${open}${close}`;
  const pad = open === '{' ? ' ' : '';
  // A block holding a multi-line item is never inline: no need to join the items to find out.
  if (!items.some((item) => item.includes('\n'))) {
    const inline = `${open}${pad}${items.join(', ')}${pad}${close}`;
    if (inline.length + depth * 2 <= WIDTH) return inline;
  }
  return `${open}\n${items.map((item) => `${indent(item)},`).join('\n')}\n${close}`;
}
