// Intermediate-form expressions → HCL expression text. Parameters become `var.<terraform name>`,
// `if` a conditional, `concat` a template string, `hash` substr(sha256(...)), `checksum`
// sha256(jsonencode(local.<map>)) (Terraform's jsonencode sorts keys and escapes <, >, & as Go does).
import { NAMESPACE } from '../../../model/template-object.ts';
import type { Parameter, ParameterRegistry } from '../../../model/parameters.ts';
import { parameterNames } from '../../../model/parameters.ts';
import { isExpr, type Expr, type Value } from '../../../model/template.ts';
import { escapeTemplateText, objectKey, quote, type HclValue } from './hcl-writer.ts';

export type ExprType = 'string' | 'number' | 'bool' | 'null' | 'any';

export interface CompileContext {
  readonly registry: ParameterRegistry;
  /** Declares a local value (deduplicated by content) and returns its name. */
  addLocal(hint: string, value: HclValue): string;
  /** A name for locals this context declares: the resource being compiled. */
  readonly localHint: string;
}

/** Binding strength, loosest first; an operand binding looser than its operator is parenthesised. */
const enum Prec {
  Conditional = 0,
  Or = 1,
  And = 2,
  Equality = 3,
  Comparison = 4,
  Unary = 5,
  Atom = 6,
}

interface Compiled {
  readonly text: string;
  readonly prec: Prec;
}

/** The local every object's namespace comes from (see namespaceFile). */
export const NAMESPACE_LOCAL = 'namespace';

export function terraformVariable(parameter: Pick<Parameter, 'path' | 'exactCase'>): string {
  return parameterNames(parameter).terraform;
}

export function parameterType(parameter: Parameter): ExprType {
  switch (parameter.type) {
    case 'integer':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'string';
  }
}

export function typeOf(value: Value, context: CompileContext): ExprType {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (!isExpr(value)) return 'any';
  const e = value as Expr;
  switch (e.op) {
    case 'param':
      return parameterType(context.registry.get(e.name));
    case 'concat':
    case 'hash':
    case 'checksum':
    case 'toString':
      return 'string';
    case 'not':
    case 'and':
    case 'or':
    case 'gt':
    case 'eq':
    case 'ne':
      return 'bool';
    case 'if': {
      const then = typeOf(e.then, context);
      return then === 'null' && e.else !== undefined ? typeOf(e.else, context) : then;
    }
  }
}

/** Whether two literal objects have the same attributes, all the way down (expressions count as any shape). */
function sameShape(a: Value, b: Value): boolean {
  const isRecord = (v: Value) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isExpr(v);
  if (!isRecord(a) || !isRecord(b)) return true;
  const x = a as Record<string, Value>;
  const y = b as Record<string, Value>;
  const keys = Object.keys(x).sort();
  const other = Object.keys(y).sort();
  // An empty object unifies with any other as a map.
  if (keys.length === 0 || other.length === 0) return true;
  return keys.length === other.length && keys.every((k, i) => k === other[i] && sameShape(x[k], y[k]));
}

/** One-line HCL text of any value: literals, expressions, and (inside expressions) lists and objects. */
export function compileValue(value: Value, context: CompileContext): string {
  return compile(value, context).text;
}

/** A value used as a condition: Go template truthiness spelt as an HCL bool. */
export function compileCondition(value: Value, context: CompileContext): string {
  return condition(value, context).text;
}

function atom(text: string): Compiled {
  return { text, prec: Prec.Atom };
}

function wrap(c: Compiled, minimum: Prec): string {
  return c.prec < minimum ? `(${c.text})` : c.text;
}

function compile(value: Value, context: CompileContext): Compiled {
  if (value === null) return atom('null');
  if (typeof value === 'string') return atom(quote(value));
  if (typeof value === 'number') return atom(formatNumber(value));
  if (typeof value === 'boolean') return atom(String(value));
  if (isExpr(value)) return compileExpr(value as Expr, context);
  if (Array.isArray(value)) return atom(`[${(value as readonly Value[]).map((v) => compileValue(v, context)).join(', ')}]`);
  const entries = Object.entries(value as Record<string, Value>);
  if (entries.length === 0) return atom('{}');
  return atom(`{ ${entries.map(([k, v]) => `${objectKey(k)} = ${compileValue(v, context)}`).join(', ')} }`);
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} in HCL`);
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
}

function compileExpr(e: Expr, context: CompileContext): Compiled {
  switch (e.op) {
    case 'param':
      // Objects read the namespace through local.namespace, which waits for the Namespace when the module creates it.
      if (e.name === NAMESPACE) return atom(`local.${NAMESPACE_LOCAL}`);
      return atom(`var.${terraformVariable(context.registry.get(e.name))}`);
    case 'concat':
      return template(e.parts, context);
    case 'toString':
      return asString(e.value, context);
    case 'if': {
      // `if (not c) x` reads better as `c ? null : x`.
      const negated = e.else === undefined && isExpr(e.condition) && (e.condition as Expr).op === 'not';
      if (negated) {
        const test = condition((e.condition as Extract<Expr, { op: 'not' }>).value, context);
        const then = compile(e.then, context);
        return { text: `${wrap(test, Prec.Or)} ? null : ${wrap(then, Prec.Conditional)}`, prec: Prec.Conditional };
      }
      const test = condition(e.condition, context);
      const then = compile(e.then, context);
      const otherwise = e.else === undefined ? atom('null') : compile(e.else, context);
      // Terraform refuses `c ? {a} : {b}` when the objects differ in shape; an object indexed by the
      // condition chooses between them instead.
      if (e.else !== undefined && !sameShape(e.then, e.else)) {
        return { text: `{ "true" = ${then.text}, "false" = ${otherwise.text} }[tostring(${test.text})]`, prec: Prec.Atom };
      }
      return { text: `${wrap(test, Prec.Or)} ? ${wrap(then, Prec.Or)} : ${wrap(otherwise, Prec.Conditional)}`, prec: Prec.Conditional };
    }
    case 'not':
      return { text: `!${wrap(condition(e.value, context), Prec.Unary)}`, prec: Prec.Unary };
    case 'and':
    case 'or': {
      const prec = e.op === 'and' ? Prec.And : Prec.Or;
      if (e.values.length === 0) return atom(e.op === 'and' ? 'true' : 'false');
      if (e.values.length === 1) return condition(e.values[0], context);
      // Operands that are themselves operations get parentheses, so `a && b || c` never appears.
      const text = e.values.map((v) => wrap(condition(v, context), Prec.Unary)).join(e.op === 'and' ? ' && ' : ' || ');
      return { text, prec };
    }
    case 'gt':
      return { text: `${wrap(asNumber(e.left, context), Prec.Unary)} > ${wrap(asNumber(e.right, context), Prec.Unary)}`, prec: Prec.Comparison };
    case 'eq':
    case 'ne': {
      // Go templates compare the printed values; Terraform compares types too, so compare strings.
      const left = asString(e.left, context);
      const right = asString(e.right, context);
      return { text: `${wrap(left, Prec.Comparison)} ${e.op === 'eq' ? '==' : '!='} ${wrap(right, Prec.Comparison)}`, prec: Prec.Equality };
    }
    case 'hash':
      return atom(`substr(sha256(${asString(e.value, context).text}), 0, ${e.length})`);
    case 'checksum': {
      const entries = [...e.entries]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, v]) => ({ key, value: { kind: 'expr' as const, text: asString(v, context).text } }));
      const name = context.addLocal(`${context.localHint}_checksum_input`, { kind: 'object', entries });
      return atom(`sha256(jsonencode(local.${name}))`);
    }
  }
}

/** Sprig `toString`: strings stay, other values are printed (`tostring`). */
function asString(value: Value, context: CompileContext): Compiled {
  const type = typeOf(value, context);
  if (type === 'string') return compile(value, context);
  if (value === null) return atom('""');
  return atom(`tostring(${compile(value, context).text})`);
}

function asNumber(value: Value, context: CompileContext): Compiled {
  const type = typeOf(value, context);
  if (type === 'number') return compile(value, context);
  return atom(`tonumber(${compile(value, context).text})`);
}

function condition(value: Value, context: CompileContext): Compiled {
  const type = typeOf(value, context);
  const compiled = compile(value, context);
  switch (type) {
    case 'bool':
      return compiled;
    case 'null':
      return atom('false');
    case 'number':
      return { text: `${wrap(compiled, Prec.Comparison)} != 0`, prec: Prec.Equality };
    case 'string':
      return { text: `${wrap(compiled, Prec.Comparison)} != ""`, prec: Prec.Equality };
    case 'any':
      throw new Error('a condition must be a scalar');
  }
}

/** Nested concatenations (an object name inside a URL) become one template. */
function flattenConcat(parts: readonly Value[]): Value[] {
  return parts.flatMap((part) => (isExpr(part) && (part as Expr).op === 'concat' ? flattenConcat((part as Extract<Expr, { op: 'concat' }>).parts) : [part]));
}

/** `concat` as a template string; a single non-literal part is written as tostring(...). */
function template(parts: readonly Value[], context: CompileContext): Compiled {
  if (parts.length === 0) return atom('""');
  if (parts.length === 1) return asString(parts[0], context);
  let text = '';
  for (const part of flattenConcat(parts)) {
    if (typeof part === 'string') text += escapeTemplateText(part);
    else if (part === null) continue;
    else if (typeof part === 'number' || typeof part === 'boolean') text += escapeTemplateText(String(part));
    else {
      // Interpolation prints numbers and bools the way toString does, so no tostring() needed.
      const inner = isExpr(part) && (part as Expr).op === 'toString' ? (part as Extract<Expr, { op: 'toString' }>).value : part;
      text += `\${${compile(inner, context).text}}`;
    }
  }
  return atom(`"${text}"`);
}
