// The Pulumi program of every example and inline spec, run with the real Pulumi SDK under its mocks:
// each stack (config read from its Pulumi.<env>.yaml) registers exactly `berth render --env <env>`,
// with explicit names, migrations first and outputs; and a config key changes the objects exactly
// as the same parameter changes berth's own evaluation (one process per spec runs every case).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parameterNames, type Parameter } from '../../model/parameters.ts';
import { buildAppModel, evaluateObjects, resolveEnvironment, resolveObjects } from '../../model/resolve.ts';
import type { Json } from '../../model/template.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { targetEnvironments } from '../target.ts';
import { pulumiTarget } from './index.ts';
import { toKubernetesObjects, runUnderMocks, type CapturedResource, type MockHostRun, type StackRun } from './run-under-mocks.ts';
import { buildPulumiConfig, readStackConfig } from './stack-config.ts';
import { changeValue, loadExampleModels, loadInlineModels, classifyParameter, writeProject, type NamedModel } from './test-fixtures.ts';

interface ParityCase {
  readonly parameter: Parameter;
  readonly value: Json;
  readonly run: StackRun;
}

/** Every parameter of the small inline specs; one per kind of parameter on the examples. */
function selectParityParameters({ name, model }: NamedModel): Parameter[] {
  if (name.startsWith('inline')) return [...model.registry.parameters];
  const seen = new Set<string>();
  return model.registry.parameters.filter((p) => {
    const kind = classifyParameter(p);
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

function assertSame(expected: Parameters<typeof compareObjects>[0], actual: Parameters<typeof compareObjects>[1], what: string): void {
  const differences = compareObjects(expected, actual);
  assert.equal(differences.length, 0, `${what} differs from berth's objects:\n${formatDifferences(differences.slice(0, 30))}`);
}

interface Prepared {
  readonly directory: string;
  readonly engine: string;
  readonly runs: readonly MockHostRun[];
  readonly parity: readonly ParityCase[];
}

/** At most `limit` tasks at once: one mock process per core. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    while (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
const schedule = limiter(2);
/** Runs per child process: big programs are split so both cores share the work. */
const RUNS_PER_PROCESS = 12;

async function prepare(named: NamedModel): Promise<Prepared> {
  const { model } = named;
  const project = model.spec.base.name;
  const directory = await writeProject(pulumiTarget.emit(model));
  const stackRuns = targetEnvironments(model).map(({ name }): StackRun => {
    const read = readStackConfig(readFileSync(join(directory, `Pulumi.${name}.yaml`), 'utf8'), project);
    if (!read.ok) throw new Error(read.problem);
    return { stack: name, config: read.config };
  });
  const parity = selectParityParameters(named).map((parameter): ParityCase => {
    const value = changeValue(parameter);
    return { parameter, value, run: { stack: `${parameterNames(parameter).pulumi}-changed`, config: buildPulumiConfig(project, [{ parameter, value }]) } };
  });
  const all = [...stackRuns, ...parity.map((c) => c.run)];
  const chunks: StackRun[][] = [];
  for (let i = 0; i < all.length; i += RUNS_PER_PROCESS) chunks.push(all.slice(i, i + RUNS_PER_PROCESS));
  const results = await Promise.all(chunks.map((runs) => schedule(() => runUnderMocks({ directory, project, runs }))));
  const runs: MockHostRun[] = [];
  let engine = '';
  for (const result of results) {
    if (!result.ok) throw new Error('missing' in result ? result.missing : result.failure);
    runs.push(...result.runs);
    engine = result.engine;
  }
  return { directory, engine, runs, parity };
}

const specs = [...loadExampleModels(), ...loadInlineModels()];
// Every spec's processes start at once (two at a time); each suite waits for its own.
const preparations = specs.map((named) => {
  const promise = prepare(named);
  promise.catch(() => {});
  return promise;
});

specs.forEach((named, specIndex) => {
  const { model } = named;
  const stacks = targetEnvironments(model);

  describe(`pulumi target: ${named.name}`, () => {
    let directory = '';
    let runs: readonly MockHostRun[] = [];
    let parity: readonly ParityCase[] = [];
    let engine = '';

    before(async () => {
      ({ directory, runs, parity, engine } = await preparations[specIndex]);
    });
    after(() => rm(directory, { recursive: true, force: true }));

    test('emits byte-identical files on every run, from fresh models too', () => {
      const again = buildAppModel(model.spec);
      assert.deepEqual(pulumiTarget.emit(again), pulumiTarget.emit(model));
      const paths = pulumiTarget.emit(model).map((f) => f.path);
      for (const file of ['Pulumi.yaml', 'index.ts', 'package.json', 'tsconfig.json', 'README.md', ...stacks.map((s) => `Pulumi.${s.name}.yaml`)]) {
        assert.ok(paths.includes(file), `missing ${file}`);
      }
    });

    test('runs with the pinned SDK', () => {
      assert.match(engine, /Pulumi SDK 3\.248\.0 with @pulumi\/kubernetes 4\.34\.2/);
    });

    stacks.forEach(({ name, environment }, index) => {
      test(`stack ${name}: the resources equal berth render${environment ? ` --env ${environment}` : ''}`, () => {
        const run = runs[index];
        assert.ok(run.ok, run.ok ? '' : run.failure);
        assertSame(resolveObjects(model, environment), toKubernetesObjects(run.resources), `stack ${name}`);
      });

      test(`stack ${name}: explicit names, no random suffixes`, () => {
        const run = runs[index];
        assert.ok(run.ok);
        const canonical = resolveEnvironment(model, environment);
        const kubernetesResources = run.resources.filter((r) => r.type.startsWith('kubernetes:'));
        assert.deepEqual(kubernetesResources.map((r) => r.name).sort(), canonical.map((r) => r.template.id).sort(), 'logical names are the template ids');
        for (const resource of kubernetesResources) {
          const expected = canonical.find((r) => r.template.id === resource.name)!;
          assert.equal((resource.inputs.metadata as { name: string }).name, expected.object.metadata.name, `${resource.name} sets metadata.name`);
        }
      });

      test(`stack ${name}: workloads depend on the migration Jobs; Jobs on what their pod needs, with time to finish; claims kept on destroy`, () => {
        const run = runs[index];
        assert.ok(run.ok);
        const canonical = resolveEnvironment(model, environment);
        const jobs = canonical.filter((r) => r.template.kind === 'Job').map((r) => r.template.id);
        for (const { template } of canonical) {
          const resource: CapturedResource = run.resources.find((r) => r.name === template.id)!;
          if (template.ownerKind === 'component' && ['Deployment', 'StatefulSet'].includes(template.kind)) {
            for (const job of jobs) assert.ok(resource.dependencies.includes(job), `${template.id} depends on ${job}`);
          }
          if (template.kind === 'PersistentVolumeClaim' && template.ownerKind === 'component') {
            // Data survives `pulumi destroy` unless the environment says keepVolumes: false.
            const keep = model.registry.valuesFor(environment).get('keepVolumes') === true;
            assert.equal(resource.retainOnDelete === true, keep, `${template.id} retainOnDelete in ${name}`);
          }
          if (template.kind === 'Job') {
            const job = model.spec.base.jobs.find((j) => j.name === template.owner)!;
            assert.ok(resource.dependencies.includes(`${job.component}-serviceaccount`), `${template.id} waits for its ServiceAccount`);
            assert.ok(!resource.dependencies.some((d) => d.endsWith('-deployment')), `${template.id} does not wait for a workload`);
            // Pulumi waits for the Job to complete; not for less time than the Job may run.
            assert.ok(Number.parseInt(resource.timeouts?.create ?? '0', 10) > job.activeDeadlineSeconds, `${template.id} create timeout`);
            assert.equal(resource.timeouts?.update, resource.timeouts?.create);
          }
        }
      });

      test(`stack ${name}: outputs name the namespace, the workloads and the migration Jobs`, () => {
        const run = runs[index];
        assert.ok(run.ok);
        const objects = resolveObjects(model, environment);
        const names = (kinds: string[]) => objects.filter((o) => kinds.includes(o.kind)).map((o) => o.metadata.name).sort();
        assert.equal(run.outputs.namespace, model.registry.valuesFor(environment).get('namespace'));
        assert.deepEqual([...(run.outputs.workloads as string[])].sort(), names(['Deployment', 'Rollout', 'StatefulSet']));
        if (model.spec.base.jobs.length > 0) assert.deepEqual([...(run.outputs.migrationJobs as string[])].sort(), names(['Job']));
      });
    });

    test(`parameter parity: a config key changes the objects as the parameter does in berth (${selectParityParameters(named).length} cases)`, async (t) => {
      const base = model.registry.valuesFor(undefined);
      for (const [index, { parameter, value }] of parity.entries()) {
        await t.test(`${parameterNames(parameter).pulumi} = ${JSON.stringify(value)}`, () => {
          const run = runs[stacks.length + index];
          assert.ok(run.ok, run.ok ? '' : run.failure);
          const values = new Map(base);
          values.set(parameter.name, value);
          const expected = evaluateObjects(model.objects, values).map((r) => r.object);
          assertSame(expected, toKubernetesObjects(run.resources), `${parameterNames(parameter).pulumi} = ${JSON.stringify(value)}`);
        });
      }
    });
  });
});

test('parity cases change something: most overrides of the inline spec alter an object', () => {
  const { model } = loadInlineModels()[0];
  const base = JSON.stringify(evaluateObjects(model.objects, model.registry.valuesFor(undefined)).map((r) => r.object));
  const changing = model.registry.parameters.filter((parameter) => {
    const values = new Map(model.registry.valuesFor(undefined));
    values.set(parameter.name, changeValue(parameter));
    return JSON.stringify(evaluateObjects(model.objects, values).map((r) => r.object)) !== base;
  });
  // Only knobs that the base switches off (replicas under an HPA, the other side of a toggle) may be inert.
  assert.ok(changing.length >= model.registry.parameters.length * 0.7, `${changing.length} of ${model.registry.parameters.length} change something`);
});
