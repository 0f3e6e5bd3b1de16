// The compiler on its own: tricky values of the intermediate form, compiled into a template and
// rendered by the real Helm 3 and Helm 4 with several parameter sets, must equal `evaluate`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundledEngines, runEngine } from '../../engines/index.ts';
import type { Parameter, ParameterRegistry, ParameterType } from '../../model/parameters.ts';
import { and, checksum, concat, eq, evaluate, gt, hash, ne, not, or, param, toString, when, type Json, type Value } from '../../model/template.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import { compileObjectTemplate } from './compile-template.ts';
import { formatHelpersTemplate, describeLabelHelpers } from './helpers-template.ts';
import { mapLimit, scratchDirectory } from './test-helpers.ts';
import { nestValues } from './values-files.ts';

const { helm3, helm4 } = await bundledEngines();

function registry(parameters: { name: string; type: ParameterType }[]): ParameterRegistry {
  const full: Parameter[] = parameters.map((p) => ({ ...p, path: p.name.split('.'), description: p.name, base: null, values: new Map<string, Json>(), specPath: p.name, governs: [] }));
  return {
    parameters: full,
    environments: [],
    get: (name) => full.find((p) => p.name === name) ?? (() => { throw new Error(name); })(),
    valuesFor: () => new Map(),
    overridesFor: () => [],
  };
}

const REGISTRY = registry([
  { name: 'count', type: 'integer' },
  { name: 'flag', type: 'boolean' },
  { name: 's', type: 'string' },
  { name: 'q', type: 'quantity' },
  { name: 'odd-key.value', type: 'string' },
]);

const STRINGS = [
  '', 'plain', 'a\nb\n', 'a\nb', 'a\n\nb\n', 'trailing  \nspace\n', ' lead\nx\n', 'tab\tx\ny\n', 'x\n\n', '{{ .Values.s }}\n', '{{', '}}',
  'ñ unicode ✓\n', '#comment', '- dash', 'yes', 'no', 'on', 'y', 'null', '~', '1.0', '0x10', '1e3', '1:20', 'a: b', 'key #x', '"quoted"', "it's",
  '100%', '%s %d', 'back\\slash', '<>&', '\u2028sep', 'ctrl\u0001', '@at', '*star', '&anchor', '!tag', '|pipe', '>fold', '[x]', '{y}', ',comma',
];

/** Each case is the `value` field of one object. */
const CASES: Record<string, Value> = {
  literals: { strings: STRINGS, numbers: [0, -1, 2.5, 1e6], booleans: [true, false], nothing: null, emptyMap: {}, emptyList: [] },
  keys: Object.fromEntries(['yes', 'on', 'n', 'Y', '1', 'a b', '{{x}}', 'app.kubernetes.io/name', 'null', ''].map((k, i) => [k, i])),
  conditionalKeys: { kept: when(param('flag'), 'yes'), gone: when(not(param('flag')), 'no'), either: when(param('flag'), { a: 1 }, [1, 2]) },
  allConditionalList: [when(param('flag'), 'a'), when(gt(param('count'), 1), { b: param('count') })],
  allConditionalMap: { a: when(param('flag'), 1), b: when(gt(param('count'), 0), when(param('flag'), 2, 3)) },
  nested: [when(param('flag'), when(gt(param('count'), 2), 'both', 'flag only')), 'always', [when(param('flag'), 'inner')]],
  concat: concat('n=', param('count'), ' flag=', param('flag'), ' q=', param('q'), ' s=', param('s'), ' %'),
  strings: { s: param('s'), q: toString(param('q')), n: toString(param('count')), flag: toString(param('flag')), odd: param('odd-key.value') },
  typed: { n: param('count'), flag: param('flag'), q: param('q'), andValue: and(param('flag'), param('count')), orValue: or(param('count'), param('flag')) },
  comparisons: {
    gtQuantity: gt(param('q'), 1),
    gtInt: gt(param('count'), 1),
    eqString: eq(param('s'), 'plain'),
    neInt: ne(param('count'), 3),
    eqMixed: eq(param('count'), '3'),
  },
  digests: { hash: hash(concat(param('s'), ':', param('count')), 8), checksum: checksum([['s', toString(param('s'))], ['count', toString(param('count'))], ['literal', '<>&\u2028 "x"']]) },
};

const VALUE_SETS: Record<string, Json>[] = [
  { count: 0, flag: false, s: '', q: '250m', 'odd-key.value': 'x' },
  { count: 3, flag: true, s: 'plain', q: 2, 'odd-key.value': '{{ nope }}' },
  { count: 1, flag: true, s: 'a\nb: {{ c }}\n', q: 0.5, 'odd-key.value': 'yes' },
  { count: 2, flag: false, s: '<>&\u00e9', q: '1Gi', 'odd-key.value': '' },
];

function differencesOf(expected: unknown, actual: unknown, path: string): string[] {
  if (expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object' && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((k) => differencesOf((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return JSON.stringify(expected) === JSON.stringify(actual) ? [] : [`  ${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

test('compiled templates render in helm 3 and helm 4 exactly as evaluate computes', async () => {
  const chart = join(scratchDirectory('berth-helm-compile-'), 'check');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: check\nversion: 1.0.0\nappVersion: "1.0.0"\n');
  writeFileSync(join(chart, 'templates', '_helpers.tpl'), formatHelpersTemplate('check'));
  const context = { chart: 'check', registry: REGISTRY, labels: describeLabelHelpers('check', 'check', '1.0.0') };
  const bodies = Object.entries(CASES).map(([name, value]) => ({ apiVersion: 'v1', kind: 'Check', metadata: { name }, value }) as Value);
  bodies.forEach((body, i) => writeFileSync(join(chart, 'templates', `case-${i}.yaml`), compileObjectTemplate(body, undefined, context)));
  // A conditional object: present only when the flag is on.
  writeFileSync(join(chart, 'templates', 'conditional.yaml'), compileObjectTemplate({ apiVersion: 'v1', kind: 'Check', metadata: { name: 'conditional' } }, param('flag'), context));

  const runs = VALUE_SETS.flatMap((values) => [helm3, helm4].map((helm) => ({ values, helm })));
  const failures = await mapLimit(runs, 2, async ({ values, helm }) => {
    // JSON, not YAML: Helm reads YAML 1.1, where a plain `yes` or `n` is a boolean.
    const input = JSON.stringify(nestValues(Object.entries(values).map(([name, value]) => [name.split('.'), value])));
    const run = await runEngine(helm, ['template', 'check', chart, '-f', '-'], { input });
    if (run.code !== 0) return `${helm.origin} ${JSON.stringify(values)}: ${run.stderr}`;
    const parameters = new Map(Object.entries(values));
    const expected = [...bodies.map((b) => evaluate(b, parameters)), ...(values.flag ? [{ apiVersion: 'v1', kind: 'Check', metadata: { name: 'conditional' } }] : [])];
    const byName = (list: Json[]) => Object.fromEntries(list.map((o) => [(o as { metadata: { name: string } }).metadata.name, o]));
    const differences = differencesOf(byName(expected), byName(parseObjects(run.stdout) as unknown as Json[]), '');
    return differences.length === 0 ? '' : `${helm.origin} ${JSON.stringify(values)}:\n${differences.join('\n')}`;
  });
  assert.deepEqual(failures.filter(Boolean), []);
});
