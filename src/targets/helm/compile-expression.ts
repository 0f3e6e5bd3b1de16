// One leaf of the intermediate form (literal or Expr) → a Go template pipeline that Helm evaluates to
// the same value TypeScript's `evaluate` gives: same strings, same numbers, same truthiness.
import { InternalError } from '../../diagnostics.ts';
import type { Parameter, ParameterRegistry } from '../../model/parameters.ts';
import { FULLNAME, NAMESPACE, RELEASE } from '../../model/template-object.ts';
import { isExpr, stringify, type Expr, type Value } from '../../model/template.ts';
import { goString } from './yaml-scalar.ts';

/** What a pipeline yields at run time: `truthy` is Go's `and`/`or`, which return an operand. */
export type GoType = 'string' | 'int' | 'number' | 'bool' | 'truthy' | 'any';

export interface GoExpr {
  readonly text: string;
  readonly type: GoType;
  /** A single operand (usable as a function argument without parentheses). */
  readonly operand: boolean;
}

export interface ExpressionContext {
  readonly chart: string;
  readonly registry: ParameterRegistry;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `.Values.backend.replicas`, or `index .Values "a-b" "c"` when a key is not a Go identifier. */
export function valuesAccess(path: readonly string[]): GoExpr {
  if (path.every((segment) => IDENTIFIER.test(segment))) return { text: `.Values.${path.join('.')}`, type: 'any', operand: true };
  return { text: `index .Values ${path.map(goString).join(' ')}`, type: 'any', operand: false };
}

export function argument(expr: GoExpr): string {
  return expr.operand ? expr.text : `(${expr.text})`;
}

function pipe(expr: GoExpr, fn: string, type: GoType): GoExpr {
  return { text: `${expr.text} | ${fn}`, type, operand: false };
}

export function asString(expr: GoExpr): GoExpr {
  if (expr.type === 'string') return expr;
  return pipe(expr.type === 'truthy' ? asBool(expr) : expr, 'toString', 'string');
}

function asInt(expr: GoExpr): GoExpr {
  return expr.type === 'int' ? expr : pipe(expr, 'int', 'int');
}

function asFloat(expr: GoExpr): GoExpr {
  return pipe(expr, 'float64', 'number');
}

/** A real boolean from any value, with Go template truthiness (`not` always returns a bool). */
export function asBool(expr: GoExpr): GoExpr {
  return expr.type === 'bool' ? expr : pipe(pipe(expr, 'not', 'bool'), 'not', 'bool');
}

function literal(value: null | string | number | boolean): GoExpr {
  if (typeof value === 'string') return { text: goString(value), type: 'string', operand: true };
  if (typeof value === 'number') return { text: String(value), type: Number.isInteger(value) ? 'int' : 'number', operand: true };
  if (typeof value === 'boolean') return { text: String(value), type: 'bool', operand: true };
  return { text: '""', type: 'string', operand: true };
}

export function compileParameter(parameter: Parameter | string, context: ExpressionContext): GoExpr {
  const p = typeof parameter === 'string' ? context.registry.get(parameter) : parameter;
  switch (p.name) {
    case FULLNAME:
      return { text: `include "${context.chart}.fullname" .`, type: 'string', operand: false };
    case RELEASE:
      return { text: '.Release.Name', type: 'string', operand: true };
    case NAMESPACE:
      return { text: '.Release.Namespace', type: 'string', operand: true };
  }
  const access = valuesAccess(p.path);
  switch (p.type) {
    // values.yaml numbers arrive as float64 and --set numbers as int64: `int` makes them one type.
    case 'integer':
      return pipe(access, 'int', 'int');
    case 'string':
      return { ...access, type: 'string' };
    case 'boolean':
      return { ...access, type: 'bool' };
    case 'quantity':
      return access;
  }
}

export function compileExpression(value: Value, context: ExpressionContext): GoExpr {
  if (!isExpr(value)) {
    if (value === null || typeof value !== 'object') return literal(value);
    throw new InternalError(`a collection cannot stand inside an expression: ${JSON.stringify(value)}`);
  }
  const expr = value as Expr;
  const compile = (v: Value) => compileExpression(v, context);
  switch (expr.op) {
    case 'param':
      return compileParameter(expr.name, context);
    case 'concat':
      return compileConcat(expr.parts, context);
    case 'toString':
      return asString(compile(expr.value));
    case 'hash':
      return pipe(pipe(asString(compile(expr.value)), 'sha256sum', 'string'), `trunc ${expr.length}`, 'string');
    case 'checksum': {
      const entries = expr.entries.map(([key, v]) => `${goString(key)} ${argument(asString(compile(v)))}`);
      return { text: `dict ${entries.join(' ')} | toJson | sha256sum`, type: 'string', operand: false };
    }
    case 'not':
      return { text: `not ${argument(compile(expr.value))}`, type: 'bool', operand: false };
    case 'and':
    case 'or': {
      if (expr.values.length === 0) return literal(expr.op === 'and');
      if (expr.values.length === 1) return compile(expr.values[0]);
      return { text: `${expr.op} ${expr.values.map((v) => argument(compile(v))).join(' ')}`, type: 'truthy', operand: false };
    }
    case 'gt': {
      const left = compile(expr.left);
      const right = compile(expr.right);
      // Go's gt refuses to compare an int with a float64: compare ints as ints, anything else as floats.
      const both = left.type === 'int' && right.type === 'int';
      const [l, r] = both ? [asInt(left), asInt(right)] : [asFloat(left), asFloat(right)];
      return { text: `gt ${argument(l)} ${argument(r)}`, type: 'bool', operand: false };
    }
    case 'eq':
    case 'ne': {
      const left = asString(compile(expr.left));
      const right = asString(compile(expr.right));
      return { text: `${expr.op} ${argument(left)} ${argument(right)}`, type: 'bool', operand: false };
    }
    case 'if': {
      const then = compile(expr.then);
      const otherwise = expr.else === undefined ? literal('') : compile(expr.else);
      const type = then.type === otherwise.type ? then.type : 'any';
      return { text: `ternary ${argument(then)} ${argument(otherwise)} ${argument(asBool(compile(expr.condition)))}`, type, operand: false };
    }
  }
}

/** `printf "%s-backend" (include "todo.fullname" .)`: literal parts go into the format. */
function compileConcat(parts: readonly Value[], context: ExpressionContext): GoExpr {
  const flat = flattenConcat(parts);
  let format = '';
  const args: string[] = [];
  for (const part of flat) {
    if (!isExpr(part) && (part === null || typeof part !== 'object')) {
      format += stringify(part).replace(/%/g, '%%');
    } else {
      format += '%s';
      args.push(argument(asString(compileExpression(part, context))));
    }
  }
  if (args.length === 0) return literal(format.replace(/%%/g, '%'));
  if (format === '%s') return asString(compileExpression(flat.find((p) => isExpr(p))!, context));
  return { text: `printf ${goString(format)} ${args.join(' ')}`, type: 'string', operand: false };
}

export function flattenConcat(parts: readonly Value[]): Value[] {
  return parts.flatMap((part) => (isExpr(part) && (part as Expr).op === 'concat' ? flattenConcat((part as Extract<Expr, { op: 'concat' }>).parts) : [part]));
}

/** `{{ ... }}` printing a value as YAML: strings quoted, numbers and booleans bare. */
export function printValue(expr: GoExpr): string {
  switch (expr.type) {
    case 'string':
      // quote prints any value as a string itself; a toString before it adds nothing.
      return `{{ ${expr.text.replace(/ \| toString$/, '')} | quote }}`;
    case 'int':
    case 'number':
    case 'bool':
      return `{{ ${expr.text} }}`;
    case 'truthy':
      return `{{ ${asBool(expr).text} }}`;
    case 'any':
      return `{{ ${expr.text} | toJson }}`;
  }
}
