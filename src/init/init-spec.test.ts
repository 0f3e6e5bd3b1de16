import { posix } from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAppModel, resolveObjects } from '../model/resolve.ts';
import { classifyPinning, findEffectiveUser, lintDockerfile, parseDockerfile, parseImageReference } from '../policy-dockerfile/index.ts';
import { loadSpec } from '../spec/load.ts';
import * as fixtures from './fixtures/repositories.ts';
import { createMemoryRepository, detectRepository, initSpec, planInitWrites, type InitResult } from './index.ts';

type Any = Record<string, any>;
type FixtureName = keyof typeof fixtures;
const names = Object.keys(fixtures).sort() as FixtureName[];

function run(fixture: FixtureName, extra: Record<string, string> = {}): { result: InitResult; detection: ReturnType<typeof detectRepository>; files: Record<string, string> } {
  const files = { ...fixtures[fixture], ...extra };
  const detection = detectRepository(createMemoryRepository(files));
  return { result: initSpec(detection, { name: 'demo' }), detection, files };
}

function specOf(result: InitResult): string {
  return result.files.find((f) => f.path === 'berth.yaml')!.content;
}

function render(spec: string) {
  const loaded = loadSpec(spec, 'berth.yaml');
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.diagnostics, null, 1));
  return { objects: resolveObjects(buildAppModel(loaded.spec)) as Any[], warnings: loaded.warnings };
}

for (const fixture of names) {
  test(`${fixture}: berth.yaml loads and renders, with every detected service`, () => {
    const { result, detection } = run(fixture);
    const { objects, warnings } = render(specOf(result));
    assert.deepEqual(warnings, [], 'the spec loads without warnings');
    for (const service of detection.services) {
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === `demo-${service.name}`);
      assert.ok(deployment, `Deployment demo-${service.name}`);
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      assert.equal(container.image, `ghcr.io/demo/${service.name}:${detection.version?.value ?? '0.1.0'}`);
      // The spec says how CI builds the image: the Dockerfile init kept or wrote, in its context.
      const build = (loadSpec(specOf(result), 'berth.yaml') as Any).spec.base.components.find((c: Any) => c.name === service.name).build;
      const dockerfiles = [...(service.dockerfile ? [service.dockerfile.path] : []), ...result.files.map((f) => f.path).filter((p) => /(^|\/)Dockerfile/.test(p))];
      if (build) assert.ok(dockerfiles.includes(posix.join(build.context, build.dockerfile)), `${service.name}: ${JSON.stringify(build)} is one of ${dockerfiles.join(', ')}`);
      else assert.ok(!service.dockerfile, `${service.name} has a Dockerfile but no build`);
      assert.deepEqual(container.ports.map((p: Any) => p.containerPort), [service.port!.value]);
      const probe = container.readinessProbe;
      if (service.health) assert.equal(probe.httpGet.path, service.health.value);
      else assert.ok(probe.tcpSocket, 'a TCP check when no health route is known');
      for (const writable of service.writable) {
        assert.ok(container.volumeMounts.some((m: Any) => m.mountPath === writable.value), `${writable.value} is writable`);
      }
    }
  });

  test(`${fixture}: generated Dockerfiles are multi-stage, pinned, non-root, EXPOSE the port and lint clean`, () => {
    const { result, detection, files } = run(fixture);
    const { objects } = render(specOf(result));
    for (const service of detection.services) {
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === `demo-${service.name}`)!;
      const runAsUser = deployment.spec.template.spec.securityContext.runAsUser;
      if (service.dockerfile) {
        assert.ok(!result.files.some((f) => f.path === service.dockerfile!.path), 'an existing Dockerfile is never rewritten');
        if (service.dockerfile.user !== undefined) assert.equal(runAsUser, service.dockerfile.user, 'user: = the existing Dockerfile USER');
        continue;
      }
      const dockerfile = result.files.find((f) => /(^|\/)Dockerfile[^/]*$/.test(f.path) && f.content.startsWith(`# ${service.name}:`));
      assert.ok(dockerfile, `a Dockerfile for ${service.name}`);
      assert.ok(!(dockerfile.path in files), 'written where no file exists');
      assert.deepEqual(lintDockerfile(dockerfile.content, dockerfile.path, { expectedPort: service.port!.value }), []);
      const parsed = parseDockerfile(dockerfile.content);
      assert.ok(parsed.stages.length >= 2, 'multi-stage');
      for (const stage of parsed.stages) assert.equal(classifyPinning(parseImageReference(stage.image)), 'exact', stage.image);
      const user = findEffectiveUser(parsed)!.value!;
      assert.match(user, /^[1-9]\d*$/, 'numeric, non-root USER');
      assert.equal(runAsUser, Number(user), 'berth.yaml user: = the Dockerfile USER');
      assert.match(dockerfile.content, new RegExp(`^EXPOSE ${service.port!.value}$`, 'm'));
      const context = service.build.context;
      assert.ok(result.files.some((f) => f.path === (context ? `${context}/.dockerignore` : '.dockerignore')) || files[context ? `${context}/.dockerignore` : '.dockerignore'] !== undefined, 'a .dockerignore for the build context');
    }
  });

  test(`${fixture}: never overwrites, is deterministic, and warns once per TODO`, () => {
    const { result, files } = run(fixture);
    const plan = planInitWrites(result, createMemoryRepository(files));
    assert.deepEqual(plan.kept, []);
    assert.deepEqual(plan.write, result.files);
    assert.deepEqual(run(fixture).result, result, 'byte-identical on every run');
    const spec = specOf(result);
    const todoLines = spec.split('\n').flatMap((line, index) => (line.includes('# TODO:') ? [index + 1] : []));
    const warned = result.warnings.filter((w) => w.code === 'init-todo' && w.position?.file === 'berth.yaml').map((w) => w.position!.line);
    assert.deepEqual(warned, todoLines);
  });
}

test('berth.yaml cites where each value was read', () => {
  const spec = specOf(run('fastapi').result);
  assert.match(spec, /port: 8000 # scripts\/start\.sh:2: uvicorn main:app --port 8000/);
  assert.match(spec, /health: \{ http: \/health \} # main\.py:11: @app\.get\('\/health'\)/);
  assert.match(spec, /OPENAI_API_KEY: \{ secret: demo-api, key: openai-api-key \} # main\.py:6/);
  assert.match(spec, /kubectl create secret generic demo-api --from-literal=openai-api-key=\.\.\./);
  assert.match(spec, /uses: \[ \{ dependency: postgres, env: DATABASE_URL \} \]/);
  assert.match(spec, /uvicorn binds 127\.0\.0\.1 by default: only reachable from inside the container; the Dockerfile's command binds 0\.0\.0\.0/);
  assert.match(spec, /LOG_LEVEL: info # main\.py:8: the code's default/);
  assert.match(spec, /^environments:$/m, 'writes dev and prod');
  assert.match(spec, /^ {2}dev:$/m);
});

test('a process that binds 127.0.0.1 unless HOST says otherwise gets HOST=0.0.0.0', () => {
  const { result } = run('rustWorkspace');
  const { objects } = render(specOf(result));
  const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'demo-svg-server')!;
  assert.equal(config.data.HOST, '0.0.0.0');
  assert.equal(config.data.PORT, '3000');
  assert.match(result.files.find((f) => f.path === 'crates/server/Dockerfile')!.content, /^ENV HOST=0\.0\.0\.0$/m);
});

test('Flask app.run(host="127.0.0.1") is noted, and the image serves on 0.0.0.0 with gunicorn', () => {
  const { result } = run('flask');
  assert.match(specOf(result), /# app\.py:16: app\.run\(host='127\.0\.0\.1'\): only reachable from inside the container/);
  assert.match(result.files.find((f) => f.path === 'Dockerfile')!.content, /CMD \["gunicorn", "--bind", "0\.0\.0\.0:5000", "app:app"\]/);
});

test('a secret variable becomes a secretKeyRef, never a value', () => {
  const { objects } = render(specOf(run('express').result));
  const container = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
  const secret = container.env.find((e: Any) => e.name === 'WEBHOOK_SECRET');
  assert.deepEqual(secret.valueFrom.secretKeyRef, { key: 'webhook-secret', name: 'demo-orders-api' });
});

test('runtime images meet the seed size targets by construction', () => {
  const finalImage = (fixture: FixtureName, path: string) => {
    const parsed = parseDockerfile(run(fixture).result.files.find((f) => f.path === path)!.content);
    return parsed.stages[parsed.stages.length - 1].image;
  };
  assert.equal(finalImage('goService', 'Dockerfile'), 'gcr.io/distroless/static-debian12:nonroot', 'Go < 30 MB: distroless static');
  assert.equal(finalImage('fastapi', 'Dockerfile'), 'python:3.12.8-slim-bookworm', 'Python backend < 150 MB: slim');
  assert.equal(finalImage('nextjsStandalone', 'Dockerfile'), 'node:22.12.0-alpine3.21', 'Next.js < 200 MB: alpine + standalone output');
  assert.match(run('nextjsStandalone').result.files.find((f) => f.path === 'Dockerfile')!.content, /COPY --from=build \/app\/\.next\/standalone \.\//);
  assert.equal(finalImage('viteStatic', 'Dockerfile'), 'nginxinc/nginx-unprivileged:1.27.3-alpine3.20');
});

test('an existing Dockerfile is kept and its findings are reported', () => {
  const { result } = run('existingDockerfile');
  assert.deepEqual(result.files.map((f) => f.path), ['berth.yaml']);
  assert.deepEqual(
    result.warnings.filter((w) => w.code.startsWith('dockerfile-')).map((w) => `${w.position!.file}:${w.position!.line} ${w.code}`),
    ['Dockerfile:1 dockerfile-unpinned-base', 'Dockerfile:4 dockerfile-single-stage', 'Dockerfile:6 dockerfile-user-not-numeric'],
  );
  assert.match(specOf(result), /user: 1000 # = USER in Dockerfile/);
});

test('an existing .dockerignore, Dockerfile or berth.yaml is never overwritten', () => {
  const { result, files } = run('express', {
    '.dockerignore': 'node_modules\n',
    'berth.yaml': 'name: old\n',
  });
  assert.ok(!result.files.some((f) => f.path === '.dockerignore'));
  assert.ok(result.warnings.some((w) => w.code === 'init-spec-exists'));
  const plan = planInitWrites(result, createMemoryRepository(files));
  assert.deepEqual(plan.kept, ['berth.yaml']);
  assert.deepEqual(plan.write.map((f) => f.path), ['Dockerfile']);
});

test('a Dockerfile path that is taken by another service gets a service-specific name', () => {
  const { result } = run('goMultiBinary', {
    'cmd/worker/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":7070", nil)\n}\n',
    'cmd/worker/Dockerfile.dev': 'FROM golang:1.23.4-alpine3.21\nCMD ["go", "run", "."]\n',
  });
  assert.deepEqual(result.files.map((f) => f.path), ['.dockerignore', 'berth.yaml', 'cmd/gateway/Dockerfile', 'cmd/worker/Dockerfile']);
  assert.match(result.files.find((f) => f.path === 'cmd/worker/Dockerfile')!.content, /go build .* \.\/cmd\/worker$/m);
});

test('a compose file is reported so the command can import it', () => {
  const { result, detection } = run('withCompose');
  assert.deepEqual(detection.composeFiles, ['compose.yaml']);
  assert.ok(result.warnings.some((w) => w.code === 'init-compose-found' && /berth import compose compose\.yaml/.test(w.hint ?? '')));
});

test('an explicit registry names the images and drops the registry TODO', () => {
  const detection = detectRepository(createMemoryRepository(fixtures.goService));
  const spec = specOf(initSpec(detection, { name: 'shop', registry: 'registry.example.com/team/' }));
  assert.match(spec, /image: registry\.example\.com\/team\/inventory /);
  assert.doesNotMatch(spec, /images are pushed to/);
  assert.ok(render(spec).objects.length > 0);
});

test('with no service found, init writes nothing and says why', () => {
  const detection = detectRepository(createMemoryRepository({ 'README.md': '# notes\n' }));
  const result = initSpec(detection, { name: 'notes' });
  assert.deepEqual(result.files, []);
  assert.match(result.warnings.find((w) => w.code === 'init-todo')?.message ?? '', /no service found/);
});

test('notes about the generated Dockerfile are not raised when the repository has its own', () => {
  const withoutLock = { ...fixtures.express };
  delete withoutLock['package-lock.json'];
  const generated = initSpec(detectRepository(createMemoryRepository(withoutLock)), { name: 'demo' });
  assert.ok(generated.warnings.some((w) => /no lock file/.test(w.message)));
  const kept = initSpec(detectRepository(createMemoryRepository({ ...withoutLock, Dockerfile: fixtures.existingDockerfile.Dockerfile })), { name: 'demo' });
  assert.ok(!kept.warnings.some((w) => /no lock file/.test(w.message)));
});

test('Spring Boot: a separate management port moves the health check; a multi-module build runs from its root', () => {
  const parentPom = '<project>\n  <artifactId>shop-parent</artifactId>\n  <packaging>pom</packaging>\n  <modules>\n    <module>orders</module>\n  </modules>\n</project>\n';
  const modulePom = fixtures.springBoot['pom.xml'].replace('catalog-service', 'orders');
  const repository: Record<string, string> = {
    'pom.xml': parentPom,
    mvnw: '#!/bin/sh\n',
    'orders/pom.xml': modulePom,
    'orders/src/main/resources/application.yml': 'server:\n  port: 8080\nmanagement:\n  server:\n    port: 9001\n',
  };
  const detection = detectRepository(createMemoryRepository(repository));
  assert.deepEqual(detection.services.map((s) => [s.name, s.directory, s.health?.value, s.healthPort?.value]), [['orders', 'orders', '/actuator/health', 9001]]);
  const result = initSpec(detection, { name: 'shop' });
  const dockerfile = result.files.find((f) => f.path === 'orders/Dockerfile')!.content;
  assert.match(dockerfile, /sh \.\/mvnw -B -DskipTests -pl orders -am package/);
  assert.match(dockerfile, /# Build: docker build -f orders\/Dockerfile -t ghcr\.io\/shop\/orders:<version> \.$/m);
  const { objects } = render(specOf(result));
  const probe = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].livenessProbe;
  // The management port is declared, so the probe names it.
  assert.deepEqual([probe.httpGet.path, probe.httpGet.port], ['/actuator/health', 'management']);
});
