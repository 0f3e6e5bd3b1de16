// Parameters do what they say: for each parameter and another valid value of it, `helm template
// --set` gives exactly what berth computes with that value (derived fields included), with the
// real Helm 3 and Helm 4, and changes only the objects and fields the registry says it governs. Also random valid value sets, and explicit checks of the derived values.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { bundledEngines, type EngineLocation } from '../../engines/index.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import type { Parameter } from '../../model/parameters.ts';
import { evaluateObjects, type AppModel } from '../../model/resolve.ts';
import type { Json } from '../../model/template.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { renderWithHelm } from './render-chart.ts';
import { decisiveParameters, exampleSpecs, ungovernedChanges, mapLimit, modelFromFile, modelFromText, otherValues, setArgument, SMALL_SPEC, valuesWith, writeChart, type Override } from './test-helpers.ts';
import { nestValues, valueParameters } from './values-files.ts';

const { helm3, helm4 } = await bundledEngines();

interface Case {
  readonly parameter: Parameter;
  readonly override: Override;
  readonly environment: string | undefined;
  readonly helm: EngineLocation;
}

const canonicalJson = (objects: readonly KubernetesObject[]) => JSON.stringify(objects);

/** Renders every case and returns a description of each mismatch (empty when all agree). */
async function runCases(model: AppModel, chart: string, cases: readonly Case[]): Promise<string[]> {
  const failures = await mapLimit(cases, 2, async ({ parameter, override, environment, helm }) => {
    const expected = evaluateObjects(model.objects, valuesWith(model, environment, parameter.name, override.value)).map((r) => r.object);
    const flag = setArgument(parameter, override);
    // What it changes must be what the registry says it controls.
    const ungoverned = ungovernedChanges(model, environment, parameter, override.value);
    if (ungoverned.length > 0) return `${flag.join(' ')} changes what ${parameter.name}'s governs does not list: ${ungoverned.join(', ')}`;
    const result = await renderWithHelm(helm, model, chart, environment, flag);
    const name = `${flag.join(' ')} (${environment ?? 'base'}, ${helm.origin})`;
    if (!result.ok) return `${name}: ${'failure' in result ? result.failure : result.missing}`;
    const differences = compareObjects(expected, result.objects);
    return differences.length === 0 ? '' : `${name}:\n${formatDifferences(differences)}`;
  });
  return failures.filter(Boolean);
}

/** Every other value of every parameter, the engines taking turns (each case renders once). */
function casesFor(
  parameters: readonly Parameter[],
  model: AppModel,
  environment: string | undefined,
  options: { readonly firstOnly?: boolean; readonly start?: number } = {},
): Case[] {
  const values = model.registry.valuesFor(environment);
  const decisive = decisiveParameters(model);
  const helms = [helm4, helm3];
  let turn = options.start ?? 0;
  return parameters.flatMap((parameter) =>
    otherValues(parameter, values.get(parameter.name) as Json, decisive.has(parameter.name))
      .slice(0, options.firstOnly ? 1 : undefined)
      .map((override) => ({ parameter, override, environment, helm: helms[turn++ % helms.length] })),
  );
}

/**
 * One parameter per kind (`*.replicas`, `*.env.*`, `secretNames.*`...), preferring one whose change
 * is visible in the objects, so large examples stay quick while every kind is exercised.
 */
function onePerKind(model: AppModel): Parameter[] {
  const keyOf = (p: Parameter) =>
    p.path.map((s, i) => (i === 0 && !['ingress', 'secretNames'].includes(s) ? '*' : ['env', 'secretNames'].includes(p.path[i - 1]) ? '*' : s)).join('.');
  const base = canonicalJson(evaluateObjects(model.objects, model.registry.valuesFor(undefined)).map((r) => r.object));
  const visible = (p: Parameter) =>
    otherValues(p, p.base).some((o) => canonicalJson(evaluateObjects(model.objects, valuesWith(model, undefined, p.name, o.value)).map((r) => r.object)) !== base);
  const chosen = new Map<string, { parameter: Parameter; visible: boolean }>();
  for (const p of valueParameters(model.registry)) {
    const key = keyOf(p);
    const current = chosen.get(key);
    if (current?.visible) continue;
    const seen = visible(p);
    if (!current || seen) chosen.set(key, { parameter: p, visible: seen });
  }
  return [...chosen.values()].map((c) => c.parameter);
}

describe('every parameter of a small spec follows --set exactly as berth computes it', () => {
  let model: AppModel;
  let chart: string;
  before(() => {
    model = modelFromText(SMALL_SPEC);
    chart = writeChart(model);
  });

  test('from the base values (helm 3 and helm 4 in turn)', async () => {
    const parameters = valueParameters(model.registry);
    assert.ok(parameters.length > 60, `the small spec declares ${parameters.length} parameters`);
    assert.deepEqual(await runCases(model, chart, casesFor(parameters, model, undefined)), []);
  });

  test('on top of values-dev.yaml: the integer and boolean knobs behind derived values (helm 3 and helm 4 in turn)', async () => {
    const parameters = valueParameters(model.registry).filter((p) => p.type === 'integer' || p.type === 'boolean');
    const cases = casesFor(parameters, model, 'dev', { firstOnly: true, start: 1 });
    assert.deepEqual(await runCases(model, chart, cases), []);
  });

  test('the governs check is not vacuous: a change the registry does not list is caught', () => {
    const replicas = model.registry.get('worker.replicas');
    assert.deepEqual(ungovernedChanges(model, undefined, replicas, 2), []);
    const problems = ungovernedChanges(model, undefined, { ...replicas, governs: [] }, 2);
    assert.ok(problems.includes('worker-deployment spec.replicas') && problems.includes('worker-pdb appears'), problems.join(', '));
  });

  test('most parameters visibly change the objects (the table is not testing no-ops)', () => {
    const base = canonicalJson(evaluateObjects(model.objects, model.registry.valuesFor(undefined)).map((r) => r.object));
    const dormant = valueParameters(model.registry).filter((p) =>
      otherValues(p, p.base).every((o) => canonicalJson(evaluateObjects(model.objects, valuesWith(model, undefined, p.name, o.value)).map((r) => r.object)) === base),
    );
    // Only knobs that are off in the base may be dormant: replicas under an autoscaler, the
    // autoscaler settings of a component without one, and the in-cluster settings of an external dependency.
    assert.deepEqual(
      dormant.map((p) => p.name).filter((n) => !/^(authService\.replicas|(worker|web)\.autoscaling\.(?!enabled).*|db\.(credentialsSecret|image|storage\.size)|cache\.external\.secret(Name|Key))$/.test(n)),
      [],
    );
  });
});

for (const example of exampleSpecs()) {
  test(`example ${example.name}: one parameter of each kind follows --set (helm 3 and helm 4 in turn)`, async () => {
    const model = modelFromFile(example.path);
    const chart = writeChart(model);
    const parameters = onePerKind(model);
    assert.ok(parameters.length >= 10);
    const cases = casesFor(parameters, model, undefined);
    assert.deepEqual(await runCases(model, chart, cases), []);
  });
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomValue(parameter: Parameter, next: () => number): Json {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  switch (parameter.type) {
    case 'integer': {
      const low = parameter.minimum ?? 0;
      const high = Math.min(parameter.maximum ?? low + 6, low + 6);
      return low + Math.floor(next() * (high - low + 1));
    }
    case 'boolean':
      return next() < 0.5;
    case 'string':
      return parameter.enum ? pick(parameter.enum) : pick([parameter.base as string, '', 'a,b', '1.10', 'x: {{ y }}', 'true', 'yes', 'multi\nline\n', `${String(parameter.base)}-${Math.floor(next() * 100)}`]);
    case 'quantity':
      return pick(['100m', '1', '0.5', '2Gi', 3, 0.25, parameter.base as string]);
  }
}

test('random valid value sets render the same in helm 3, helm 4 and berth', async () => {
  const models = [modelFromText(SMALL_SPEC), ...exampleSpecs().map((e) => modelFromFile(e.path))];
  const runs = models.flatMap((model, m) => {
    const chart = writeChart(model);
    return [1, 2, 3].map((seed) => ({ model, chart, seed: seed + 10 * m }));
  });
  const failures = await mapLimit(runs, 2, async ({ model, chart, seed }) => {
    const next = random(seed);
    const values = new Map(model.registry.valuesFor(undefined));
    for (const p of valueParameters(model.registry)) values.set(p.name, randomValue(p, next));
    // JSON, not YAML: Helm reads YAML 1.1, where a plain `yes` is a boolean.
    const file = JSON.stringify(nestValues(valueParameters(model.registry).map((p) => [p.path, values.get(p.name) as Json])));
    const expected = evaluateObjects(model.objects, values).map((r) => r.object);
    const problems: string[] = [];
    for (const helm of [helm3, helm4]) {
      const rendered = await renderWithHelm(helm, model, chart, undefined, ['-f', '-'], file);
      if (!rendered.ok) {
        problems.push(`${model.spec.base.name} seed ${seed} ${helm.origin}: ${'failure' in rendered ? rendered.failure : rendered.missing}`);
        continue;
      }
      const differences = compareObjects(expected, rendered.objects);
      if (differences.length > 0) problems.push(`${model.spec.base.name} seed ${seed} ${helm.origin}:\n${formatDifferences(differences)}`);
    }
    return problems.join('\n');
  });
  assert.deepEqual(failures.filter(Boolean), []);
});
