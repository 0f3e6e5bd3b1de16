// Every kompose fixture under ../shared/corpus/kompose imports without crashing, loads as a valid
// spec, resolves to schema-valid objects, and keeps the intent of kompose's expected output:
// the same services, container ports, env names, mounts and probes (each either carried over or
// named by a warning).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { InputError, type Diagnostic } from '../../diagnostics.ts';
import { buildAppModel, resolveObjects } from '../../model/resolve.ts';
import { checkObjects } from '../../policy/check-objects.ts';
import { loadSpec } from '../../spec/load.ts';
import { importCompose } from './index.ts';
import { toDnsLabel } from './names.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'kompose');

type Json = Record<string, any>;

interface ExpectedContainer {
  readonly name: string;
  readonly service?: string;
  readonly image?: string;
  readonly ports: number[];
  readonly env: string[];
  readonly mounts: string[];
  readonly liveness?: Json;
  readonly replicas?: number;
}

/** The compose inputs of a fixture, in order: from CASE.md's "Inputs:" line, else compose*.y*ml. */
function fixtureInputs(directory: string): string[] {
  const casePath = join(directory, 'CASE.md');
  if (existsSync(casePath)) {
    const line = readFileSync(casePath, 'utf8').split('\n').find((l) => l.startsWith('Inputs:'));
    const targets = [...(line ?? '').matchAll(/→ `([^`]+)`/g)].map((m) => m[1]);
    if (targets.length > 0) return targets;
  }
  return readdirSync(directory).filter((f) => /^(docker-)?compose.*\.ya?ml$/.test(f)).sort();
}

function readFixtureFile(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function expectedObjects(directory: string): Json[] {
  const folder = join(directory, 'expected');
  if (!existsSync(folder)) return [];
  const objects: Json[] = [];
  for (const name of readdirSync(folder).sort()) {
    const text = readFileSync(join(folder, name), 'utf8');
    const documents = name.endsWith('.json') ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => d.toJS());
    for (const document of documents) {
      if (!document) continue;
      if (document.kind === 'List') objects.push(...document.items);
      else objects.push(document);
    }
  }
  return objects;
}

function expectedContainers(objects: readonly Json[]): ExpectedContainer[] {
  const containers: ExpectedContainer[] = [];
  for (const object of objects) {
    const podSpec = object.kind === 'Pod' ? object.spec : object.kind === 'CronJob' ? object.spec?.jobTemplate?.spec?.template?.spec : object.spec?.template?.spec;
    if (!podSpec?.containers) continue;
    for (const container of podSpec.containers as Json[]) {
      containers.push({
        name: container.name,
        service: podSpec.containers.length === 1 ? object.metadata?.labels?.['io.kompose.service'] : undefined,
        image: container.image,
        ports: (container.ports ?? []).map((p: Json) => p.containerPort),
        env: (container.env ?? []).map((e: Json) => e.name),
        mounts: (container.volumeMounts ?? []).map((m: Json) => m.mountPath),
        liveness: container.livenessProbe,
        replicas: ['Deployment', 'StatefulSet', 'DeploymentConfig'].includes(object.kind) ? object.spec?.replicas : undefined,
      });
    }
  }
  return containers;
}

/** Compose service names by container_name, for kompose containers named after container_name. */
function composeServices(directory: string, inputs: readonly string[]): Map<string, Json> {
  const services = new Map<string, Json>();
  for (const input of inputs) {
    const document = parse(readFileSync(join(directory, input), 'utf8')) ?? {};
    const section = document.services ?? document;
    for (const [name, service] of Object.entries(section as Json)) if (service && typeof service === 'object') services.set(name, service as Json);
  }
  return services;
}

function mentioned(warnings: readonly Diagnostic[], ...texts: string[]): boolean {
  return warnings.some((w) => texts.some((t) => w.message.includes(t) || (w.path ?? '').includes(t)));
}

function importFixture(directory: string, profiles: string[] = []) {
  const inputs = fixtureInputs(directory);
  const files = inputs.map((name) => ({ path: join(directory, name), text: readFileSync(join(directory, name), 'utf8') }));
  return importCompose(files, { envFiles: [], profiles, environ: {}, readFile: readFixtureFile });
}

const fixtures = existsSync(CORPUS) ? readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory()).sort() : [];

describe('kompose corpus', { skip: existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}` }, () => {
  test('has fixtures', () => assert.ok(fixtures.length > 0));

  for (const fixture of fixtures) {
    test(fixture, () => {
      const directory = join(CORPUS, fixture);
      let result: ReturnType<typeof importFixture>;
      let profiles: string[] = [];
      try {
        result = importFixture(directory);
      } catch (error) {
        // The only refusal docker compose shares: every service is in an inactive profile.
        assert.ok(error instanceof InputError, `not a clear refusal: ${error}`);
        assert.equal(error.diagnostics[0]?.code, 'compose-no-service', error.message);
        assert.ok(error.diagnostics[0]?.position?.line, 'the refusal names a line');
        profiles = ['*'];
        result = importFixture(directory, profiles);
      }
      const { specYaml, warnings } = result;
      const loaded = loadSpec(specYaml, 'berth.yaml');
      assert.ok(loaded.ok, `spec does not load: ${!loaded.ok && loaded.diagnostics.map((d) => d.message).join('; ')}`);
      const model = buildAppModel(loaded.spec);
      const objects = resolveObjects(model);
      assert.ok(objects.length > 0);
      assert.ok(warnings.every((w) => w.position && w.position.line >= 1 && w.code.startsWith('compose-')), 'every warning names a position');
      assert.equal(importFixture(directory, profiles).specYaml, specYaml, 'byte-identical on a second run');

      const spec = parse(specYaml) as Json;
      const components = (spec.components ?? {}) as Record<string, Json>;

      // berth check: the only errors are unpinned images, and only where Compose gave no tag (or latest).
      for (const finding of checkObjects(objects).filter((f) => f.severity === 'error' && f.excepted === undefined)) {
        assert.equal(finding.rule, 'image-tag-pinned', `${finding.object}: ${finding.message}`);
        const owner = Object.entries(components).find(([name]) => finding.object.endsWith(`/${spec.name}-${name}`));
        assert.ok(owner, `finding on ${finding.object} belongs to no component`);
        const image = owner[1].image;
        assert.ok((typeof image === 'string' ? image : image.tag).endsWith('latest'), `${finding.object}: image ${JSON.stringify(image)} is pinned`);
        assert.ok(mentioned(warnings, 'latest'), 'the import warned about the latest tag');
      }
      const dependencies = (spec.dependencies ?? {}) as Record<string, Json>;
      const jobs = (spec.jobs ?? {}) as Record<string, Json>;
      const services = composeServices(directory, fixtureInputs(directory));
      const serviceOf = (container: ExpectedContainer): string | undefined => {
        if (container.service && services.has(container.service)) return container.service;
        if (services.has(container.name)) return container.name;
        return [...services].find(([, s]) => s.container_name === container.name)?.[0] ?? [...services.keys()].find((s) => toDnsLabel(s) === container.name);
      };

      for (const container of expectedContainers(expectedObjects(directory))) {
        const service = serviceOf(container);
        assert.ok(service, `expected container ${container.name} matches no Compose service`);
        const name = toDnsLabel(service);
        const component = components[name];
        const dependency = dependencies[name];
        assert.ok(component || dependency || jobs[name], `service ${service} is neither a component, a dependency nor a job`);
        if (dependency) {
          const port = dependency.kind === 'redis' ? 6379 : 5432;
          for (const p of container.ports) assert.ok(p === port || mentioned(warnings, `port ${p}`), `dependency ${name}: port ${p} neither kept nor warned`);
          for (const env of container.env) assert.ok(mentioned(warnings, `.${env}`), `dependency ${name}: env ${env} not warned`);
          continue;
        }
        if (!component) continue;
        const ports = [component.port, ...(component.ports ?? []).map((p: Json) => p.port)].filter((p) => p !== undefined);
        for (const p of container.ports) assert.ok(ports.includes(p) || mentioned(warnings, `port ${p}/`), `${name}: container port ${p} neither carried nor warned (have ${ports})`);
        const envNames = [...Object.keys(component.env ?? {}), ...(component.uses ?? []).map((u: Json) => (typeof u === 'string' ? '' : u.env))];
        for (const env of container.env) assert.ok(envNames.includes(env) || mentioned(warnings, `.${env}`), `${name}: env ${env} neither carried nor warned`);
        const mounts = ['/tmp', ...Object.values((component.volumes ?? {}) as Record<string, Json>).map((v) => v.path), ...Object.keys(component.files ?? {}), ...(component.writable ?? [])];
        for (const mount of container.mounts) {
          assert.ok(mounts.includes(mount) || mounts.includes(mount.replace(/\/$/, '')) || mentioned(warnings, mount, mount.replace(/\/$/, ''), ` ${basename(mount)} `), `${name}: mount ${mount} neither carried nor warned`);
        }
        if (container.liveness) {
          const deployment = objects.find((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === `${spec.name}-${name}`) as Json | undefined;
          const probe = deployment?.spec.template.spec.containers[0].livenessProbe;
          assert.ok(probe, `${name}: kompose has a liveness probe, berth has none`);
          if (container.liveness.httpGet) assert.deepEqual(probe.httpGet?.path, container.liveness.httpGet.path, `${name}: HTTP probe path`);
          if (container.liveness.tcpSocket && component.health?.tcp !== undefined) {
            const port = component.health.tcp === true ? component.port : component.health.tcp;
            assert.equal(port, container.liveness.tcpSocket.port, `${name}: TCP probe port`);
          }
          if (container.liveness.exec) assert.ok(component.health?.exec, `${name}: exec probe`);
          if (container.liveness.periodSeconds) assert.equal(probe.periodSeconds, container.liveness.periodSeconds, `${name}: probe period`);
        }
        if (container.replicas !== undefined && container.replicas !== 1 && component.autoscale === undefined) {
          assert.equal(component.replicas, container.replicas, `${name}: replicas`);
        }
        const image = container.image && !container.image.includes('%');
        if (image && !services.get(service)?.build) {
          const withTag = /:[^/]+$/.test(container.image!) ? container.image : `${container.image}:latest`;
          const ours = typeof component.image === 'string' ? component.image : `${component.image.repository}:${component.image.tag}`;
          assert.equal(ours, withTag, `${name}: image`);
        }
      }
    });
  }
});
