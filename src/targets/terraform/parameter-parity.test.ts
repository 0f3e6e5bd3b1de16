// Parameters do what they say in Terraform: overriding one variable (`-var`) changes berth's
// evaluation of the module exactly as evaluating the intermediate form with that parameter changed
// does. Every parameter of the inline specs; one parameter of each kind on every example.
// (Helm and Pulumi are held to the same evaluation by their own suites.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { camelKey, parameterNames, type Parameter } from '../../model/parameters.ts';
import { evaluateObjects, type AppModel } from '../../model/resolve.ts';
import type { Json } from '../../model/template.ts';
import { compareObjects, formatDifferences, withoutFields } from '../../verify/compare.ts';
import { terraformTarget } from './index.ts';
import { targetEnvironments } from '../target.ts';
import { emitTerraformModule } from './emit/emit-module.ts';
import { EvaluationError } from './evaluate/values.ts';
import { parseTerraformFiles, renderParsed, type ParsedModule } from './evaluate/render-module.ts';
import { canonicalizeQuantities, exampleSpecs, inlineSpecs } from './test-support.ts';

/** A different value the variable's validation accepts. */
function alternative(parameter: Parameter, current: Json): Json {
  switch (parameter.type) {
    case 'boolean':
      return !current;
    case 'integer': {
      const n = Number(current);
      return parameter.maximum === undefined || n + 1 <= parameter.maximum ? n + 1 : n - 1;
    }
    case 'quantity':
      return /i$/.test(String(current)) ? (current === '333Mi' ? '444Mi' : '333Mi') : current === '321m' ? '123m' : '321m';
    case 'string':
      if (parameter.enum) return parameter.enum.find((v) => v !== current)!;
      return current === '' ? 'alt' : `${String(current)}-alt`;
  }
}

/** The kind of a parameter: its path with component, dependency and variable names left out. */
function kindOf(parameter: Parameter, model: AppModel): string {
  const owners = new Set([...model.spec.base.components, ...model.spec.base.dependencies].map((o) => camelKey(o.name)));
  const [first, ...rest] = parameter.path;
  if (first === 'secretNames') return 'secretNames.*';
  if (!owners.has(first)) return parameter.name;
  const kind = model.spec.base.components.some((c) => camelKey(c.name) === first) ? 'component' : 'dependency';
  return [kind, ...(rest[0] === 'env' ? ['env', '*'] : rest)].join('.');
}

function casesFor(model: AppModel, everyParameter: boolean): Parameter[] {
  if (everyParameter) return [...model.registry.parameters];
  const seen = new Set<string>();
  return model.registry.parameters.filter((p) => {
    const kind = kindOf(p, model);
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

const specs = [...inlineSpecs().map((s) => ({ ...s, every: true })), ...exampleSpecs().map((s) => ({ ...s, every: false }))];

for (const spec of specs) {
  const { name: envName, environment } = targetEnvironments(spec.model)[0];
  describe(`parameter parity on ${spec.name} (${spec.every ? 'every parameter' : 'one per kind'}, envs/${envName}.tfvars)`, () => {
    const files = emitTerraformModule(spec.model);
    let parsed: Promise<ParsedModule> | undefined;
    const base = spec.model.registry.valuesFor(environment);

    for (const parameter of casesFor(spec.model, spec.every)) {
      const variable = parameterNames(parameter).terraform;
      const value = alternative(parameter, base.get(parameter.name) as Json);
      test(`-var ${variable}=${JSON.stringify(value)} does what ${parameter.name} does`, async () => {
        const values = new Map(base);
        values.set(parameter.name, value);
        const evaluated = evaluateObjects(spec.model.objects, values).map((r) => r.object);
        const expected = withoutFields(canonicalizeQuantities(evaluated), terraformTarget.omittedFields ?? []);
        const actual = renderParsed(await (parsed ??= parseTerraformFiles(files)), envName, { [variable]: value }).objects;
        const differences = compareObjects(expected, actual);
        assert.equal(differences.length, 0, formatDifferences(differences));
      });
    }

    const bounded = spec.model.registry.parameters.find((p) => p.type === 'integer' && p.maximum !== undefined);
    if (bounded) {
      test(`a value outside the registry's bounds fails the variable's validation (${parameterNames(bounded).terraform})`, async () => {
        const module = await (parsed ??= parseTerraformFiles(files));
        assert.throws(() => renderParsed(module, envName, { [parameterNames(bounded).terraform]: bounded.maximum! + 1 }), (error: unknown) => {
          assert.ok(error instanceof EvaluationError);
          assert.match(error.message, /Invalid value for variable/);
          return true;
        });
      });
    }
  });
}
