// Every example chart, with the real Helm 3 and Helm 4: `helm template` equals the canonical objects
// for the base and every environment, lint --strict, package and install --dry-run pass, and the
// helm test pod passes berth's own security rules.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { bundledEngines, runEngine, type EngineLocation } from '../../engines/index.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { resolveObjects, type AppModel } from '../../model/resolve.ts';
import { checkObjects } from '../../policy/check-objects.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { helmTarget } from './index.ts';
import { renderWithHelm, templateArguments } from './render-chart.ts';
import { exampleSpecs, mapLimit, modelFromFile, scratchDirectory, writeChart } from './test-helpers.ts';

const { helm3, helm4 } = await bundledEngines();
const HELMS: readonly [string, EngineLocation][] = [
  ['helm 3', helm3],
  ['helm 4', helm4],
];

/** Rules about serving workloads (probes) say nothing about a pod that runs one check and exits. */
function environments(model: AppModel): (string | undefined)[] {
  return [undefined, ...model.registry.environments];
}

const label = (env: string | undefined) => env ?? 'base';

for (const example of exampleSpecs()) {
  describe(`helm chart of example ${example.name}`, () => {
    let model: AppModel;
    let chart: string;
    const canonical = new Map<string | undefined, KubernetesObject[]>();
    before(() => {
      model = modelFromFile(example.path);
      chart = writeChart(model);
      for (const env of environments(model)) canonical.set(env, resolveObjects(model, env));
    });

    test('helm template equals berth render for the base and every environment, with helm 3 and helm 4', async () => {
      const cases = environments(model).flatMap((env) => HELMS.map(([name, helm]) => ({ env, name, helm })));
      const failures = await mapLimit(cases, 2, async ({ env, name, helm }) => {
        const result = await renderWithHelm(helm, model, chart, env);
        if (!result.ok) return `${name} ${label(env)}: ${'failure' in result ? result.failure : result.missing}`;
        const differences = compareObjects(canonical.get(env)!, result.objects);
        return differences.length === 0 ? '' : `${name} ${label(env)}:\n${formatDifferences(differences)}`;
      });
      assert.deepEqual(failures.filter(Boolean), []);
      assert.ok(cases.length >= 2);
    });

    test('helm lint --strict passes with helm 3 and helm 4 for values.yaml and every values-<env>.yaml', async () => {
      const cases = environments(model).flatMap((env) => HELMS.map(([name, helm]) => ({ env, name, helm })));
      const failures = await mapLimit(cases, 2, async ({ env, name, helm }) => {
        const files = env === undefined ? [] : ['-f', join(chart, `values-${env}.yaml`)];
        const run = await runEngine(helm, ['lint', '--strict', chart, ...files]);
        return run.code === 0 ? '' : `${name} ${label(env)}: ${run.stdout}${run.stderr}`;
      });
      assert.deepEqual(failures.filter(Boolean), []);
    });

    test('helm package works with helm 3 and helm 4', async () => {
      for (const [name, helm] of HELMS) {
        const out = scratchDirectory('berth-helm-package-');
        const run = await runEngine(helm, ['package', chart, '--destination', out]);
        assert.equal(run.code, 0, `${name}: ${run.stderr}`);
        assert.match(run.stdout, new RegExp(`${model.spec.base.name}-.+\\.tgz`));
      }
    });

    test('helm 4 install --dry-run=client succeeds for every environment and prints the NOTES', async () => {
      const failures = await mapLimit(environments(model), 2, async (env) => {
        const [, , ...rest] = templateArguments(model, chart, env);
        const run = await runEngine(helm4, ['install', model.spec.base.name, ...rest, '--dry-run=client']);
        if (run.code !== 0) return `${label(env)}: ${run.stderr}`;
        return run.stdout.includes(`is installed as release ${model.spec.base.name}`) ? '' : `${label(env)}: no NOTES in\n${run.stdout.slice(0, 400)}`;
      });
      assert.deepEqual(failures.filter(Boolean), []);
    });

    test('the helm test pod checks every Service and passes berth\'s security rules', async () => {
      const run = await runEngine(helm4, templateArguments(model, chart, undefined));
      assert.equal(run.code, 0, run.stderr);
      const objects = parseObjects(run.stdout);
      const hooks = objects.filter((o) => o.metadata.annotations?.['helm.sh/hook'] === 'test');
      const pods = hooks.filter((o) => o.kind === 'Pod');
      const policies = hooks.filter((o) => o.kind === 'NetworkPolicy');
      const services = canonical.get(undefined)!.filter((o) => o.kind === 'Service' && o.metadata.labels?.['app.kubernetes.io/component'] !== undefined);
      const components = model.spec.base.components.filter((c) => c.ports.length > 0);
      if (components.length === 0) {
        assert.equal(pods.length, 0);
        return;
      }
      assert.equal(pods.length, 1);
      assert.equal(policies.length, 1, 'the test pod brings its own egress through the default-deny policy');
      assert.deepEqual((policies[0].spec as { policyTypes: string[] }).policyTypes, ['Ingress', 'Egress']);
      const containers = (pods[0].spec as { containers: { name: string; args: string[] }[] }).containers;
      assert.deepEqual(containers.map((c) => c.name), components.map((c) => `test-${c.name}`));
      for (const c of components) {
        const service = services.find((s) => s.metadata.name === `${model.spec.base.name}-${c.name}`);
        assert.ok(service, `Service of ${c.name}`);
        assert.ok(containers.find((x) => x.name === `test-${c.name}`)!.args.join(' ').includes(service.metadata.name));
      }
      // Checked within the release, as `berth check` would: the default-deny policy covers the pod.
      const findings = checkObjects([...canonical.get(undefined)!, pods[0], policies[0]]).filter(
        (f) => f.object.startsWith('Pod/'),
      );
      assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), []);
    });

    test('helmTarget.render (what berth verify runs) renders the chart on disk', async () => {
      const env = model.registry.environments[0];
      const result = await helmTarget.render!(model, env, { directory: dirname(chart), env: process.env });
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(compareObjects(canonical.get(env)!, result.objects), []);
    });
  });
}

test('helmTarget.render says helm is missing instead of failing', async () => {
  const model = modelFromFile(exampleSpecs()[0].path);
  const result = await helmTarget.render!(model, undefined, { directory: tmpdir(), env: { BERTH_HELM: join(tmpdir(), 'no-such-helm') } });
  assert.equal(result.ok, false);
  assert.ok('missing' in result && /BERTH_HELM/.test(result.missing));
});
