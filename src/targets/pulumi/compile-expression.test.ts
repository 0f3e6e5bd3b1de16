// Each operation of the intermediate form, compiled to TypeScript and run with the generated helper
// module, gives what berth's own `evaluate` gives: as a value, inside an object (where an `if`
// without else drops the key), inside a list (where it drops the item) and as a condition.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  and,
  checksum,
  concat,
  eq,
  evaluate,
  gt,
  hash,
  ne,
  not,
  or,
  param,
  toString,
  truthy,
  when,
  type Json,
  type Value,
} from '../../model/template.ts';
import { compileCondition, compileValue, type CodeType, type CompileScope } from './compile-expression.ts';
import { HELPERS_SOURCE, type HelperName } from './helpers-module.ts';

const PARAMETERS: Record<string, Json> = {
  name: 'todo',
  empty: '',
  replicas: 3,
  zero: 0,
  on: true,
  off: false,
  nothing: null,
  'auth-service.image.tag': '1.4.0',
  tricky: "a `tick` ${x} 'q' \\ \n\u2028 <&> é",
  numeric: '3',
};

interface Case {
  readonly name: string;
  readonly value: Value;
}

const CASES: Case[] = [
  { name: 'string parameter', value: param('name') },
  { name: 'number parameter', value: param('replicas') },
  { name: 'boolean parameter', value: param('off') },
  { name: 'parameter with a dotted, dashed name', value: param('auth-service.image.tag') },
  { name: 'concat of literals and parameters', value: concat(param('name'), '-', param('replicas'), '-', param('on')) },
  { name: 'concat with template-literal syntax in literals', value: concat('`${not}`\\', param('name'), '${', param('tricky')) },
  { name: 'concat of only literals', value: concat('a', 1, true, null) },
  { name: 'concat of null', value: concat('x', param('nothing'), 'y') },
  { name: 'if with else, true', value: when(param('on'), 'yes', 'no') },
  { name: 'if with else, false by empty string', value: when(param('empty'), 'yes', 'no') },
  { name: 'if without else, true', value: when(param('replicas'), param('replicas')) },
  { name: 'if without else, false by zero', value: when(param('zero'), 'kept') },
  { name: 'if without else, false by null', value: when(param('nothing'), 'kept') },
  { name: 'nested if without else', value: when(param('on'), when(param('off'), 'inner')) },
  { name: 'if without else inside if with else', value: when(param('off'), 'a', when(param('on'), { deep: when(param('off'), 1) })) },
  { name: 'if without else yielding an object', value: when(ne(param('name'), ''), [{ hosts: [param('name')], secretName: param('name') }]) },
  { name: 'not of a string', value: not(param('empty')) },
  { name: 'not of a number', value: not(param('replicas')) },
  { name: 'and / or', value: or(and(param('on'), gt(param('replicas'), 1)), and(not(param('on')), param('off'))) },
  { name: 'and of nothing', value: and() },
  { name: 'gt of numbers', value: gt(param('replicas'), 2) },
  { name: 'gt of a numeric string', value: gt(param('numeric'), 2) },
  { name: 'eq of strings', value: eq(param('name'), 'todo') },
  { name: 'eq compares printed forms ("3" = 3)', value: eq(param('numeric'), param('replicas')) },
  { name: 'ne of booleans', value: ne(param('on'), param('off')) },
  { name: 'ne of null and ""', value: ne(param('nothing'), param('empty')) },
  { name: 'hash of a concat', value: hash(concat(param('name'), ':', param('auth-service.image.tag'), ' ["migrate"]'), 8) },
  { name: 'checksum with HTML-sensitive and line-separator characters', value: checksum([['env:B', param('tricky')], ['env:A', toString(param('replicas'))], ['file:/x', '<a>&b']]) },
  { name: 'toString of a number, a boolean, null', value: [toString(param('replicas')), toString(param('on')), toString(param('nothing'))] },
  { name: 'literal object with keys that are not identifiers', value: { 'app.kubernetes.io/name': 'x', '1x': 1, null: null, true: true, name: param('name') } },
  { name: 'list with items that come and go', value: [1, when(param('off'), 2), when(param('on'), 3), when(param('off'), 4, 5)] },
  { name: 'negative numbers and nested lists', value: { a: -1, b: [[-2], []], c: {} } },
];

function inferCodeType(value: Json): CodeType {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return typeof value as CodeType;
  return 'unknown';
}

describe('compiled expressions equal evaluate', () => {
  let helpers: Record<HelperName, unknown>;
  let directory = '';
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'berth-helpers-'));
    const file = join(directory, 'berth-helpers.ts');
    await writeFile(file, HELPERS_SOURCE);
    helpers = (await import(pathToFileURL(file).href)) as Record<HelperName, unknown>;
  });
  after(() => rm(directory, { recursive: true, force: true }));

  const identifiers = Object.keys(PARAMETERS).map((name, i) => [name, `p${i}`] as const);
  const scope: CompileScope = {
    parameter: (name) => ({ identifier: identifiers.find(([n]) => n === name)![1], type: inferCodeType(PARAMETERS[name]) }),
    useHelper: () => {},
  };
  const run = (code: string): unknown => {
    const names = ['truthy', 'str', 'hash', 'checksum', 'present', ...identifiers.map(([, id]) => id)];
    const args = [helpers.truthy, helpers.str, helpers.hash, helpers.checksum, helpers.present, ...Object.values(PARAMETERS)];
    return new Function(...names, `return (${code});`)(...args);
  };
  const values = new Map(Object.entries(PARAMETERS));

  for (const { name, value } of CASES) {
    test(name, () => {
      const inObject = { key: value, other: 'kept' };
      assert.deepEqual(run(compileValue(inObject, scope).text), evaluate(inObject, values), 'in an object');
      const inList: Value = ['first', value, 'last'];
      assert.deepEqual(run(compileValue(inList, scope).text), evaluate(inList, values), 'in a list');
      assert.equal(run(compileCondition(value, scope).text), truthy(evaluate(value, values)), 'as a condition');
      assert.deepEqual(run(compileValue(value, scope).text), evaluate(value, values), 'as a value');
    });
  }
});
