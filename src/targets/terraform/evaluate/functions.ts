// The Terraform built-in functions berth's evaluation knows, with Terraform's semantics (graphemes
// for substr and length, sorted keys in jsonencode, RE2-style regex). An unknown function is an
// error, never a guess.
import { createHash } from 'node:crypto';
import {
  compareKeys,
  convert,
  deepEqual,
  describe,
  EvaluationError,
  isObjectValue,
  jsonEncode,
  toBoolValue,
  toNumberValue,
  toStringValue,
  type TfValue,
} from './values.ts';

type Fn = (args: TfValue[]) => TfValue;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

function str(value: TfValue, fn: string): string {
  const s = toStringValue(value, fn);
  if (s === null) throw new EvaluationError(`${fn}: argument must not be null`);
  return s;
}

function num(value: TfValue, fn: string): number {
  const n = toNumberValue(value, fn);
  if (n === null) throw new EvaluationError(`${fn}: argument must not be null`);
  return n;
}

function listOf(value: TfValue, fn: string): TfValue[] {
  if (!Array.isArray(value)) throw new EvaluationError(`${fn}: a list is required, got ${describe(value)}`);
  return value;
}

function objectOf(value: TfValue, fn: string): { [key: string]: TfValue } {
  if (!isObjectValue(value)) throw new EvaluationError(`${fn}: a map is required, got ${describe(value)}`);
  return value;
}

function arity(fn: string, args: TfValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new EvaluationError(`${fn}: takes ${min === max ? min : `${min}-${max}`} arguments, got ${args.length}`);
}

/** RE2 syntax as JavaScript: named groups are spelt `(?P<name>...)` in RE2. */
function compileRegex(pattern: string): RegExp {
  return new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'u');
}

export const FUNCTIONS: Readonly<Record<string, Fn>> = {
  abs: (a) => (arity('abs', a, 1), Math.abs(num(a[0], 'abs'))),
  ceil: (a) => (arity('ceil', a, 1), Math.ceil(num(a[0], 'ceil'))),
  floor: (a) => (arity('floor', a, 1), Math.floor(num(a[0], 'floor'))),
  max: (a) => Math.max(...a.map((v) => num(v, 'max'))),
  min: (a) => Math.min(...a.map((v) => num(v, 'min'))),
  coalesce: (a) => a.find((v) => v !== null && v !== '') ?? null,
  compact: (a) => (arity('compact', a, 1), listOf(a[0], 'compact').filter((v) => v !== null && v !== '')),
  concat: (a) => a.flatMap((v) => listOf(v, 'concat')),
  contains: (a) => (arity('contains', a, 2), listOf(a[0], 'contains').some((v) => deepEqual(v, a[1]))),
  distinct: (a) => (arity('distinct', a, 1), [...new Map(listOf(a[0], 'distinct').map((v) => [JSON.stringify(v), v])).values()]),
  element: (a) => {
    arity('element', a, 2);
    const items = listOf(a[0], 'element');
    if (items.length === 0) throw new EvaluationError('element: cannot use element function with an empty list');
    return items[num(a[1], 'element') % items.length];
  },
  flatten: (a) => {
    arity('flatten', a, 1);
    const flat = (v: TfValue): TfValue[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
    return flat(listOf(a[0], 'flatten'));
  },
  join: (a) => (arity('join', a, 2), listOf(a[1], 'join').map((v) => str(v, 'join')).join(str(a[0], 'join'))),
  jsonencode: (a) => (arity('jsonencode', a, 1), jsonEncode(a[0])),
  keys: (a) => (arity('keys', a, 1), Object.keys(objectOf(a[0], 'keys')).sort(compareKeys)),
  length: (a) => {
    arity('length', a, 1);
    const v = a[0];
    if (typeof v === 'string') return graphemes(v).length;
    if (Array.isArray(v)) return v.length;
    if (isObjectValue(v)) return Object.keys(v).length;
    throw new EvaluationError(`length: cannot take the length of ${describe(v)}`);
  },
  lookup: (a) => {
    arity('lookup', a, 2, 3);
    const map = objectOf(a[0], 'lookup');
    const key = str(a[1], 'lookup');
    if (key in map) return map[key];
    if (a.length === 3) return a[2];
    throw new EvaluationError(`lookup: the map has no key ${JSON.stringify(key)}`);
  },
  lower: (a) => (arity('lower', a, 1), str(a[0], 'lower').toLowerCase()),
  merge: (a) => Object.assign({}, ...a.filter((v) => v !== null).map((v) => objectOf(v, 'merge'))),
  one: (a) => {
    arity('one', a, 1);
    if (a[0] === null) return null;
    const items = listOf(a[0], 'one');
    if (items.length > 1) throw new EvaluationError(`one: the list has ${items.length} elements`);
    return items[0] ?? null;
  },
  range: (a) => {
    arity('range', a, 1, 3);
    const [start, end, step] = a.length === 1 ? [0, num(a[0], 'range'), 1] : [num(a[0], 'range'), num(a[1], 'range'), a[2] === undefined ? 1 : num(a[2], 'range')];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  regex: (a) => {
    arity('regex', a, 2);
    const match = compileRegex(str(a[0], 'regex')).exec(str(a[1], 'regex'));
    if (!match) throw new EvaluationError('regex: pattern did not match any part of the given string');
    if (match.groups) return { ...match.groups } as TfValue;
    return match.length > 1 ? match.slice(1).map((g) => g ?? null) : match[0];
  },
  replace: (a) => (arity('replace', a, 3), str(a[0], 'replace').split(str(a[1], 'replace')).join(str(a[2], 'replace'))),
  sha256: (a) => (arity('sha256', a, 1), createHash('sha256').update(str(a[0], 'sha256'), 'utf8').digest('hex')),
  split: (a) => (arity('split', a, 2), str(a[1], 'split').split(str(a[0], 'split'))),
  substr: (a) => {
    arity('substr', a, 3);
    const chars = graphemes(str(a[0], 'substr'));
    let offset = num(a[1], 'substr');
    const length = num(a[2], 'substr');
    if (offset < 0) offset = Math.max(0, chars.length + offset);
    return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
  },
  tobool: (a) => (arity('tobool', a, 1), toBoolValue(a[0], 'tobool')),
  tolist: (a) => (arity('tolist', a, 1), convert(a[0], ['list', 'any'], 'tolist')),
  tomap: (a) => (arity('tomap', a, 1), convert(a[0], ['map', 'any'], 'tomap')),
  tonumber: (a) => (arity('tonumber', a, 1), toNumberValue(a[0], 'tonumber')),
  toset: (a) => (arity('toset', a, 1), convert(a[0], ['set', 'any'], 'toset')),
  tostring: (a) => (arity('tostring', a, 1), toStringValue(a[0], 'tostring')),
  trimspace: (a) => (arity('trimspace', a, 1), str(a[0], 'trimspace').trim()),
  upper: (a) => (arity('upper', a, 1), str(a[0], 'upper').toUpperCase()),
  values: (a) => {
    arity('values', a, 1);
    const map = objectOf(a[0], 'values');
    return Object.keys(map).sort(compareKeys).map((k) => map[k]);
  },
};
