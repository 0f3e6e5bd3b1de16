// The expression subset berth's evaluation reads, table-driven: hcl2json's template strings,
// operators with Terraform's typing, the functions the module uses (jsonencode must match Go's
// encoding/json as the intermediate form's checksum does), splats, for expressions, and errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goJson, sha256 } from '../../../model/template.ts';
import { evaluateNode, type Scope } from './evaluate-expression.ts';
import { parseExpression, parseTemplateString } from './parse-expression.ts';
import { EvaluationError, type TfValue } from './values.ts';

const variables: Record<string, TfValue> = {
  on: true,
  off: false,
  n: 3,
  s: 'a<b>&c',
  empty: '',
  list: ['x', 'y'],
  map: { b: 2, a: 1 },
};
const resources: Record<string, TfValue> = {
  'kubernetes_service_v1.web': { metadata: [{ name: 'app-web' }], spec: [{ port: [{ port: 80 }, { port: 443 }] }] },
  'kubernetes_ingress_v1.main': [{ spec: [{ rule: [{ host: 'a.example' }, { host: 'b.example' }] }] }],
};
const scope: Scope = {
  variable: (name) => {
    if (!(name in variables)) throw new EvaluationError(`no variable ${name}`);
    return variables[name];
  },
  local: (name) => {
    if (name === 'config') return { 'env:B': 'two', 'env:A': '<one>' };
    throw new EvaluationError(`no local ${name}`);
  },
  resource: (type, name) => {
    const value = resources[`${type}.${name}`];
    if (value === undefined) throw new EvaluationError(`no resource ${type}.${name}`);
    return value;
  },
};

/** [hcl2json string, expected value] */
const TEMPLATES: [string, TfValue][] = [
  ['plain text', 'plain text'],
  ['$${not} %%{interpolated}', '${not} %{interpolated}'],
  ['${var.n}', 3],
  ['${var.on}', true],
  ['n=${var.n} on=${var.on}', 'n=3 on=true'],
  ['${var.on ? [1] : []}', [1]],
  ['${var.off ? [1] : []}', []],
  ['${!var.on ? null : var.n}', 3],
  ['${var.off ? null : "x${var.s}"}', 'xa<b>&c'],
  ['${var.n > 1 && (var.s != "" || var.off)}', true],
  ['${var.empty != "" ? var.empty : null}', null],
  ['${tostring(var.n) == "3"}', true],
  ['${var.n == "3"}', false],
  ['${var.n + 1 * 2}', 5],
  ['${-var.n}', -3],
  ['${"${var.s}-${var.n}"}', 'a<b>&c-3'],
  ['${"esc \\" \\\\ \\n \\u00e9"}', 'esc " \\ \n é'],
  ['${substr(sha256("abc"), 0, 8)}', sha256('abc').slice(0, 8)],
  ['${sha256(jsonencode(local.config))}', sha256(goJson({ 'env:B': 'two', 'env:A': '<one>' }))],
  ['${jsonencode({ "b" = var.s, a = [1, true, null] })}', '{"a":[1,true,null],"b":"a\\u003cb\\u003e\\u0026c"}'],
  ['${jsonencode("\u2028")}', '"\\u2028"'],
  ['${tostring(1.5)}', '1.5'],
  ['${tonumber("42")}', 42],
  ['${length(var.list) + length("héllo") + length(var.map)}', 9],
  ['${concat(var.list, ["z"])}', ['x', 'y', 'z']],
  ['${merge(var.map, { c = 3 })}', { a: 1, b: 2, c: 3 }],
  ['${contains(["Always", "Never"], "Never")}', true],
  ['${can(regex("^[0-9]+m$", "250m"))}', true],
  ['${can(regex("^[0-9]+m$", "250Mi"))}', false],
  ['${floor(var.n) == var.n}', true],
  ['${try(var.missing, "fallback")}', 'fallback'],
  ['${one([])}', null],
  ['${kubernetes_service_v1.web.metadata[0].name}', 'app-web'],
  ['${kubernetes_service_v1.web.spec[0].port[*].port}', [80, 443]],
  ['${var.on ? kubernetes_ingress_v1.main[0].spec[0].rule[*].host : []}', ['a.example', 'b.example']],
  ['${[for v in var.list : upper(v)]}', ['X', 'Y']],
  ['${{ for k, v in var.map : k => v * 10 if v > 1 }}', { b: 20 }],
  ['${{\n  a = 1\n  "b:c" = var.n\n}}', { a: 1, 'b:c': 3 }],
  ['${keys(var.map)}', ['a', 'b']],
  ['${var.map["b"]}', 2],
  ['${var.list[1]}', 'y'],
];

describe('HCL expressions as berth evaluates them', () => {
  for (const [source, expected] of TEMPLATES) {
    test(JSON.stringify(source), () => {
      assert.deepEqual(evaluateNode(parseTemplateString(source), scope), expected);
    });
  }

  const ERRORS: [string, RegExp][] = [
    ['${var.n ? 1 : 0}', /condition of a conditional must be a bool/],
    ['${var.missing}', /no variable missing/],
    ['${nosuchfunction(1)}', /does not know the function nosuchfunction/],
    ['${var.list[5]}', /out of range/],
    ['${"a" && true}', /needs bool operands/],
    ['x${var.list}', /cannot include a list in a string/],
    ['${null}-x', /the value is null/],
  ];
  for (const [source, message] of ERRORS) {
    test(`${JSON.stringify(source)} fails like Terraform`, () => {
      assert.throws(() => evaluateNode(parseTemplateString(source), scope), message);
    });
  }

  test('template directives are refused rather than misread', () => {
    assert.throws(() => parseTemplateString('%{ if var.on }x%{ endif }'), /template directives/);
  });

  test('a bare expression must be complete', () => {
    assert.throws(() => parseExpression('var.n )'), /unexpected text/);
  });
});
