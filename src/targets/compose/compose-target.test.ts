// The Compose target on every example and on small inline specs: compose.yaml parses, carries the
// base's services, images, env names and ports, writes no secret value, is byte-identical on every
// run; render (the structure check) accepts it and reports edits.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { buildAppModel, resolveObjects, type AppModel } from '../../model/resolve.ts';
import { passwordVariable } from '../../model/resources/pod.ts';
import { loadSpec } from '../../spec/load.ts';
import { checkComposeFile } from './check-compose-file.ts';
import { composeTarget, emitCompose, ENGINE } from './index.ts';

type Json = Record<string, any>;
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

function loadModel(text: string, file = 'berth.yaml'): AppModel {
  const result = loadSpec(text, file);
  assert.ok(result.ok, `spec does not load: ${!result.ok && result.diagnostics.map((d) => d.message).join('; ')}`);
  return buildAppModel(result.spec);
}

const INLINE: Record<string, string> = {
  'auth-service with a redis, a job, files and a UDP port': `name: shop
version: 2.0.0
components:
  auth-service:
    image: ghcr.io/acme/auth
    port: 8080
    ports: [{ name: metrics, port: 9090 }, { name: dns, port: 5353, protocol: UDP }]
    env:
      GREETING: "cost $5 {{ not a template }}"
      SESSION_KEY: { secret: shop-auth, key: session-key }
      POD: { field: metadata.name }
    files:
      /etc/auth/config.yaml: "listen: 8080\\n"
    health: { http: /healthz }
    writable: [/var/cache/auth]
    volumes:
      data: { path: /data, size: 2Gi }
    uses: [cache]
  web:
    image: ghcr.io/acme/web:1.0
    port: 8080
    health: { exec: [/bin/check, "--level=$HOME"] }
    command: [/app/web]
    args: [--verbose]
dependencies:
  cache: { kind: redis }
jobs:
  seed: { component: auth-service, command: [/app/seed], args: [--once, "--greeting=$(GREETING)", "--url=$(REDIS_URL)", "$$(KEPT)", "$(UNKNOWN)"] }
`,
  'no environments, no dependencies': `name: tiny
version: 0.1.0
components:
  worker:
    image: busybox:1.36
    command: [sleep, infinity]
`,
};

function examples(): [string, string][] {
  const directory = join(REPO_ROOT, 'examples');
  return readdirSync(directory)
    .filter((name) => existsSync(join(directory, name, 'berth.yaml')))
    .sort()
    .map((name) => [`example ${name}`, readFileSync(join(directory, name, 'berth.yaml'), 'utf8')]);
}

const SPECS: [string, string][] = [...examples(), ...Object.entries(INLINE)];

describe('compose target', () => {
  for (const [name, text] of SPECS) {
    describe(name, () => {
      const model = loadModel(text);
      const spec = model.spec.base;
      const files = emitCompose(model);
      const compose = parse(files.find((f) => f.path === 'compose.yaml')!.content) as Json;

      test('compose.yaml has the base services, images, env names and ports', () => {
        const expected = [...spec.components, ...spec.dependencies, ...spec.jobs].map((x) => x.name).sort();
        assert.deepEqual(Object.keys(compose.services).sort(), expected);
        for (const component of spec.components) {
          const service = compose.services[component.name];
          assert.equal(service.image, `${component.image.repository}:${component.image.tag}`);
          const envNames = new Set([...component.env.map((v) => v.name), ...component.uses.map((u) => u.env)]);
          for (const use of component.uses) envNames.add(passwordVariable(spec.dependencies.find((d) => d.name === use.dependency)!));
          assert.deepEqual(Object.keys(service.environment ?? {}).sort(), [...envNames].sort());
          assert.deepEqual((service.ports ?? []).map((p: string) => Number(p.split('/')[0].split(':').pop())).sort(), component.ports.map((p) => p.port).sort());
          for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:\d+:\d+(\/udp|\/sctp)?$/);
          assert.equal(service.read_only, true);
          assert.deepEqual(service.tmpfs, component.writable);
          assert.equal(service.user, `${component.user}:${component.group}`);
          if (component.health) assert.ok(service.healthcheck.test.length > 1);
          for (const use of component.uses) assert.deepEqual(service.depends_on[use.dependency], { condition: 'service_healthy' });
          for (const job of spec.jobs) assert.deepEqual(service.depends_on[job.name], { condition: 'service_completed_successfully' });
        }
        for (const job of spec.jobs) {
          assert.equal(compose.services[job.name].restart, 'no');
          const plain = job.command.every((w) => !w.includes('$'));
          if (plain) assert.deepEqual(compose.services[job.name].entrypoint, job.command);
        }
        for (const dependency of spec.dependencies) {
          assert.equal(compose.services[dependency.name].image, dependency.image);
          assert.ok(compose.volumes[`${dependency.name}-data`], 'a named volume for the dependency data');
        }
      });

      test('no secret value: secrets and passwords come from .env', () => {
        for (const service of Object.values(compose.services) as Json[]) {
          for (const [key, value] of Object.entries((service.environment ?? {}) as Record<string, string>)) {
            const secret = spec.components.some((c) => c.env.some((v) => v.name === key && v.kind === 'secret')) || /PASSWORD$/.test(key);
            if (secret) assert.match(value, /^\$\{[A-Z0-9_]+:\?/, `${key} must be interpolated from .env`);
          }
        }
        assert.ok(!files.some((f) => f.path === '.env'), 'no .env is written');
        const example = files.find((f) => f.path === '.env.example')!.content;
        for (const line of example.split('\n').filter((l) => l && !l.startsWith('#'))) assert.match(line, /^[A-Z0-9_]+=$/);
        assert.equal(files.find((f) => f.path === '.gitignore')?.content, '.env\n');
      });

      test('literal values keep their dollars literal', () => {
        for (const component of spec.components) {
          for (const variable of component.env) {
            if (variable.kind === 'literal') assert.equal(compose.services[component.name].environment[variable.name], variable.value.replace(/\$/g, '$$$$'));
          }
        }
      });

      test('byte-identical on every run, sorted paths', () => {
        assert.deepEqual(emitCompose(loadModel(text)), files);
        assert.deepEqual(files.map((f) => f.path), [...files.map((f) => f.path)].sort());
      });

      test('the structure check accepts what was emitted', () => {
        assert.deepEqual(checkComposeFile(files.find((f) => f.path === 'compose.yaml')!.content, spec), []);
      });
    });
  }

  test('files are mounted read-only from files/<component>/', () => {
    const model = loadModel(INLINE['auth-service with a redis, a job, files and a UDP port']);
    const files = emitCompose(model);
    const compose = parse(files.find((f) => f.path === 'compose.yaml')!.content) as Json;
    assert.equal(files.find((f) => f.path === 'files/auth-service/etc/auth/config.yaml')?.content, 'listen: 8080\n');
    assert.ok(compose.services['auth-service'].volumes.includes('./files/auth-service/etc/auth/config.yaml:/etc/auth/config.yaml:ro'));
    assert.ok(compose.services['auth-service'].volumes.includes('auth-service-data:/data'));
    assert.ok(compose.services['auth-service'].ports.includes('127.0.0.1:5353:5353/udp'));
    assert.equal(compose.services['auth-service'].environment.POD, 'shop-auth-service');
    assert.match(compose.services['auth-service'].environment.CACHE_URL ?? compose.services['auth-service'].environment.REDIS_URL, /^redis:\/\/:\$\{SHOP_CACHE_PASSWORD\}@shop-cache:6379\/0$/);
    // web and auth-service both listen on 8080: the second takes the next free host port.
    assert.deepEqual([compose.services['auth-service'].ports[0], compose.services.web.ports[0]], ['127.0.0.1:8080:8080', '127.0.0.1:8081:8080']);
    assert.deepEqual(compose.services.web.healthcheck.test, ['CMD', '/bin/check', '--level=$$HOME']);
    // Kubernetes expands $(VAR) in args from the env; Compose gets the variable's value instead.
    assert.deepEqual(compose.services.seed.command, ['--once', '--greeting=cost $$5 {{ not a template }}', '--url=redis://:${SHOP_CACHE_PASSWORD}@shop-cache:6379/0', '$$(KEPT)', '$$(UNKNOWN)']);
  });

  test('render: consistent files give the canonical objects and say what was checked', async () => {
    const text = readFileSync(join(REPO_ROOT, 'examples', 'todo-chatbot', 'berth.yaml'), 'utf8');
    const model = loadModel(text);
    const directory = mkdtempSync(join(tmpdir(), 'berth-compose-'));
    try {
      for (const file of emitCompose(model)) {
        mkdirSync(dirname(join(directory, file.path)), { recursive: true });
        writeFileSync(join(directory, file.path), file.content);
      }
      for (const environment of [undefined, ...model.registry.environments]) {
        const result = await composeTarget.render!(model, environment, { directory, env: {} });
        assert.ok(result.ok, JSON.stringify(result));
        assert.equal(result.engine, ENGINE);
        assert.deepEqual(result.objects, resolveObjects(model, environment));
      }
      const path = join(directory, 'compose.yaml');
      writeFileSync(path, readFileSync(path, 'utf8').replace('ghcr.io/acme/todo-backend:1.4.0', 'ghcr.io/acme/todo-backend:9.9.9').replace('LOG_LEVEL: info', 'LOG_LEVL: info').replace('OPENAI_API_KEY: ${TODO_OPENAI_API_KEY', 'OPENAI_API_KEY: sk-leaked${TODO_OPENAI_API_KEY'));
      const drift = await composeTarget.render!(model, undefined, { directory, env: {} });
      assert.ok(!drift.ok && 'failure' in drift);
      assert.match(drift.failure, /services\.backend\.image/);
      assert.match(drift.failure, /lacks LOG_LEVEL/);
      assert.match(drift.failure, /OPENAI_API_KEY must come from \.env/);
      rmSync(path);
      const missing = await composeTarget.render!(model, undefined, { directory, env: {} });
      assert.ok(!missing.ok && 'failure' in missing && /missing/.test(missing.failure));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
