import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fixtures from './fixtures/repositories.ts';
import { lintDockerfile } from '../policy-dockerfile/index.ts';
import { createMemoryRepository, detectRepository, formatEvidence, initSpec, type DetectedService, type Detection } from './index.ts';

interface Expected {
  readonly name: string;
  readonly language: DetectedService['language'];
  readonly framework: string;
  readonly port?: number;
  /** file:line the port is read from. */
  readonly portFrom?: string;
  readonly health?: string;
  readonly healthFrom?: string;
  readonly bindHost?: string;
  readonly hostVariable?: string;
  /** Variables berth.yaml sets to a value init knows. */
  readonly values?: Record<string, string>;
  readonly secrets?: string[];
  readonly others?: string[];
  readonly uses?: string[];
  readonly writable?: string[];
  readonly dockerfile?: string;
  readonly todo?: RegExp[];
}

interface Case {
  readonly fixture: keyof typeof fixtures;
  readonly services: Expected[];
  readonly skipped?: string[];
  readonly composeFiles?: string[];
}

const cases: Case[] = [
  {
    fixture: 'nextjsStandalone',
    services: [
      {
        name: 'storefront',
        language: 'node',
        framework: 'nextjs',
        port: 3000,
        portFrom: 'package.json:10',
        health: '/api/health',
        healthFrom: 'app/api/health/route.ts',
        bindHost: '$HOSTNAME',
        hostVariable: 'HOSTNAME',
        values: { HOSTNAME: '0.0.0.0', PORT: '3000' },
        others: ['CATALOG_API_URL'],
        writable: ['/app/.next/cache'],
        todo: [/NEXT_PUBLIC_SHOP_NAME: inlined at build time/],
      },
    ],
  },
  {
    fixture: 'express',
    services: [
      {
        name: 'orders-api',
        language: 'node',
        framework: 'express',
        port: 4000,
        portFrom: 'server.js:12',
        health: '/healthz',
        healthFrom: 'server.js:8',
        values: { PORT: '4000' },
        secrets: ['WEBHOOK_SECRET'],
        others: ['LOG_LEVEL'],
        uses: ['postgres:DATABASE_URL'],
      },
    ],
  },
  {
    fixture: 'nestjs',
    services: [
      {
        name: 'billing',
        language: 'node',
        framework: 'nestjs',
        port: 3000,
        portFrom: 'src/main.ts:7',
        health: '/api/health',
        healthFrom: 'src/health/health.controller.ts:5',
        values: { PORT: '3000' },
        secrets: ['STRIPE_API_KEY'],
      },
    ],
  },
  {
    fixture: 'viteStatic',
    services: [{ name: 'dashboard', language: 'node', framework: 'vite-static', port: 8080, health: '/', todo: [/VITE_API_URL/] }],
  },
  {
    fixture: 'fastapi',
    services: [
      {
        name: 'api',
        language: 'python',
        framework: 'fastapi',
        port: 8000,
        portFrom: 'scripts/start.sh:2',
        health: '/health',
        healthFrom: 'main.py:11',
        bindHost: '127.0.0.1',
        secrets: ['OPENAI_API_KEY'],
        others: ['FRONTEND_URL', 'LOG_LEVEL'],
        uses: ['postgres:DATABASE_URL'],
      },
    ],
  },
  {
    fixture: 'django',
    services: [
      {
        name: 'mysite',
        language: 'python',
        framework: 'django',
        port: 8000,
        health: '/healthz/',
        healthFrom: 'mysite/urls.py:5',
        bindHost: '127.0.0.1',
        secrets: ['DJANGO_SECRET_KEY'],
        others: ['ALLOWED_HOSTS', 'DJANGO_DEBUG'],
        todo: [/ALLOWED_HOSTS accepts the pod IP/],
      },
    ],
  },
  {
    fixture: 'flask',
    services: [
      {
        name: 'api',
        language: 'python',
        framework: 'flask',
        port: 5000,
        portFrom: 'app.py:16',
        health: '/health',
        healthFrom: 'app.py:10',
        bindHost: '127.0.0.1',
        uses: ['redis:REDIS_URL'],
      },
    ],
  },
  {
    fixture: 'goService',
    services: [
      {
        name: 'inventory',
        language: 'go',
        framework: 'go-http',
        port: 8080,
        portFrom: 'main.go:14',
        health: '/healthz',
        healthFrom: 'main.go:12',
        uses: ['postgres:DATABASE_URL'],
      },
    ],
  },
  {
    fixture: 'goMultiBinary',
    services: [
      {
        name: 'gateway',
        language: 'go',
        framework: 'go-http',
        port: 9090,
        portFrom: 'internal/server/server.go:9',
        health: '/readyz',
        healthFrom: 'internal/server/server.go:14',
        values: { PORT: '9090' },
      },
    ],
    skipped: ['migrate'],
  },
  {
    fixture: 'rustWorkspace',
    services: [
      {
        name: 'svg-server',
        language: 'rust',
        framework: 'axum',
        port: 3000,
        portFrom: 'crates/server/src/main.rs:7',
        health: '/health',
        healthFrom: 'crates/server/src/main.rs:11',
        bindHost: '127.0.0.1',
        hostVariable: 'HOST',
        values: { HOST: '0.0.0.0', PORT: '3000' },
        uses: ['redis:REDIS_URL'],
      },
    ],
    skipped: ['svgctl'],
  },
  {
    fixture: 'springBoot',
    services: [
      {
        name: 'catalog-service',
        language: 'java',
        framework: 'spring-boot',
        port: 8081,
        portFrom: 'src/main/resources/application.properties:2',
        health: '/actuator/health',
        healthFrom: 'pom.xml:22',
        secrets: ['DB_PASSWORD'],
        others: ['JDBC_URL', 'PAGE_SIZE'],
      },
    ],
  },
  {
    fixture: 'dotnet',
    services: [
      {
        name: 'weather-api',
        language: 'dotnet',
        framework: 'aspnetcore',
        port: 5080,
        portFrom: 'Properties/launchSettings.json:8',
        health: '/healthz',
        healthFrom: 'Program.cs:6',
        values: { ASPNETCORE_HTTP_PORTS: '5080' },
        secrets: ['ConnectionStrings__Weather'],
        others: ['FORECAST_DAYS'],
      },
    ],
  },
  {
    fixture: 'monorepo',
    services: [
      {
        name: 'todo-api',
        language: 'python',
        framework: 'fastapi',
        port: 8000,
        portFrom: 'services/api/Procfile:1',
        health: '/api/health',
        healthFrom: 'services/api/app/routes/health.py:6',
        bindHost: '0.0.0.0',
        secrets: ['BETTER_AUTH_SECRET'],
        others: ['LLM_PROVIDER'],
        uses: ['postgres:DATABASE_URL'],
      },
      { name: 'web', language: 'node', framework: 'nextjs', port: 3000, health: '/', healthFrom: 'web/src/app/page.tsx', bindHost: '$HOSTNAME', hostVariable: 'HOSTNAME', values: { HOSTNAME: '0.0.0.0', PORT: '3000' }, writable: ['/app/.next/cache'] },
    ],
    skipped: ['todo-monorepo'],
  },
  {
    fixture: 'existingDockerfile',
    services: [{ name: 'notifier', language: 'node', framework: 'express', port: 8080, portFrom: 'Dockerfile:5', health: '/health', values: { PORT: '8080' }, dockerfile: 'Dockerfile' }],
  },
  {
    fixture: 'withCompose',
    services: [{ name: 'api', language: 'python', framework: 'flask', port: 5000, health: '/healthz', bindHost: '127.0.0.1' }],
    composeFiles: ['compose.yaml'],
  },
  {
    fixture: 'dockerfileOnly',
    services: [{ name: 'worker', language: 'unknown', framework: 'dockerfile', port: 9292, portFrom: 'worker/Dockerfile:7', dockerfile: 'worker/Dockerfile' }],
  },
];

const detect = (fixture: keyof typeof fixtures): Detection => detectRepository(createMemoryRepository(fixtures[fixture]));

for (const c of cases) {
  test(`detects ${c.fixture}`, () => {
    const detection = detect(c.fixture);
    assert.deepEqual(detection.services.map((s) => s.name), c.services.map((s) => s.name));
    assert.deepEqual(detection.skipped.map((s) => s.name), c.skipped ?? []);
    assert.deepEqual(detection.composeFiles, c.composeFiles ?? []);
    for (const expected of c.services) {
      const service = detection.services.find((s) => s.name === expected.name)!;
      const label = `${c.fixture}/${expected.name}`;
      assert.equal(service.language, expected.language, `${label} language`);
      assert.equal(service.framework.value, expected.framework, `${label} framework`);
      assert.equal(service.port?.value, expected.port, `${label} port`);
      if (expected.portFrom) assert.equal(formatEvidence(service.port!.evidence), expected.portFrom, `${label} port evidence`);
      assert.equal(service.health?.value, expected.health, `${label} health`);
      if (expected.healthFrom) assert.equal(formatEvidence(service.health!.evidence), expected.healthFrom, `${label} health evidence`);
      assert.equal(service.bindHost?.value, expected.bindHost, `${label} bind host`);
      assert.equal(service.hostVariable, expected.hostVariable, `${label} host variable`);
      const values = Object.fromEntries(service.env.filter((e) => e.value.value !== undefined).map((e) => [e.value.name, e.value.value]));
      assert.deepEqual(values, expected.values ?? {}, `${label} values`);
      assert.deepEqual(service.env.filter((e) => e.value.secret).map((e) => e.value.name), expected.secrets ?? [], `${label} secrets`);
      assert.deepEqual(service.env.filter((e) => !e.value.secret && e.value.value === undefined).map((e) => e.value.name), expected.others ?? [], `${label} other variables`);
      assert.deepEqual(service.uses.map((u) => `${u.value.kind}:${u.value.env}`), expected.uses ?? [], `${label} uses`);
      assert.deepEqual(service.writable.map((w) => w.value), expected.writable ?? [], `${label} writable`);
      assert.equal(service.dockerfile?.path, expected.dockerfile, `${label} dockerfile`);
      for (const pattern of expected.todo ?? []) assert.ok(service.todo.some((t) => pattern.test(t)), `${label} todo ${pattern}: ${service.todo.join(' | ')}`);
      if (!expected.todo) assert.deepEqual(service.todo.filter((t) => !/lock file/.test(t)), [], `${label} has nothing left to do`);
      // Every inference points at a file of the repository.
      const files = createMemoryRepository(fixtures[c.fixture]);
      for (const evidence of [service.framework, service.port, service.health, ...service.env, ...service.uses].filter((e) => e !== undefined).map((e) => e!.evidence)) {
        assert.ok(files.read(evidence.file) !== undefined || evidence.file.endsWith('index.html'), `${label}: evidence ${formatEvidence(evidence)} names a file of the repository`);
      }
    }
  });
}

test('every fixture repository is covered', () => {
  assert.deepEqual(Object.keys(fixtures).sort(), cases.map((c) => c.fixture).sort());
});

test('detection is deterministic and does not depend on the order files are listed in', () => {
  for (const c of cases) {
    const files = fixtures[c.fixture];
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    assert.deepEqual(detectRepository(createMemoryRepository(reversed)), detect(c.fixture), c.fixture);
  }
});

test('tests, node_modules and build outputs are not read', () => {
  const express = detect('express').services[0];
  assert.ok(!express.env.some((e) => e.evidence.file.startsWith('test/')));
  const fastapi = detect('fastapi').services[0];
  assert.ok(!fastapi.env.some((e) => e.value.name === 'TEST_ONLY'));
  const next = detectRepository(createMemoryRepository(fixtures.nextjsStandalone));
  assert.ok(!JSON.stringify(next).includes('node_modules'));
});

test('an existing Dockerfile is linted with the service port and its numeric user is read', () => {
  const service = detect('existingDockerfile').services[0];
  assert.equal(service.dockerfile?.user, 1000, 'USER node on a node image is UID 1000');
  assert.deepEqual(service.dockerfile?.exposes, [8080]);
  assert.deepEqual(service.dockerfile?.diagnostics.map((d) => d.code), ['dockerfile-unpinned-base', 'dockerfile-single-stage', 'dockerfile-user-not-numeric']);
});

test('a context-level Dockerfile goes to the service it names; the other service gets none', () => {
  const repository = {
    ...fixtures.goMultiBinary,
    'cmd/worker/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":7070", nil)\n}\n',
    Dockerfile: 'FROM golang:1.23.4-alpine3.21 AS build\nCOPY . .\nRUN go build -o /gw ./cmd/gateway\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /gw /gw\nUSER 65532\nEXPOSE 9090\n',
  };
  const detection = detectRepository(createMemoryRepository(repository));
  assert.deepEqual(detection.services.map((s) => [s.name, s.port?.value, s.dockerfile?.path]), [
    ['gateway', 9090, 'Dockerfile'],
    ['worker', 7070, undefined],
  ]);
  assert.deepEqual(detection.todo, []);
});

test('a repository with nothing recognisable says so', () => {
  const detection = detectRepository(createMemoryRepository({ 'README.md': '# notes\n', 'docs/requirements.txt': 'sphinx==8.1.3\n' }));
  assert.deepEqual(detection.services, []);
  assert.deepEqual(detection.skipped.map((s) => s.reason), ['no FastAPI, Django or Flask application found']);
  assert.match(detection.todo[0], /no service found/);
});

test('a service that binds loopback without a variable to change it gets a todo', () => {
  const detection = detectRepository(
    createMemoryRepository({
      'package.json': JSON.stringify({ name: 'local-only', scripts: { start: 'node server.js' }, dependencies: { express: '4.21.2' } }),
      'server.js': "const app = require('express')();\napp.listen(3000, '127.0.0.1');\n",
    }),
  );
  const service = detection.services[0];
  assert.equal(service.bindHost?.value, '127.0.0.1');
  assert.equal(formatEvidence(service.bindHost!.evidence), 'server.js:2');
  assert.ok(service.todo.some((t) => /server\.js:2: the server binds 127\.0\.0\.1/.test(t)), service.todo.join('|'));
});

test('fastify binds loopback unless given a host; a HOST variable fixes it', () => {
  const detection = detectRepository(
    createMemoryRepository({
      'package.json': JSON.stringify({ name: 'events', scripts: { start: 'node app.js' }, dependencies: { fastify: '5.2.0' } }),
      'app.js': "const fastify = require('fastify')();\nfastify.get('/livez', async () => 'ok');\nfastify.listen({ port: Number(process.env.PORT ?? 7000), host: process.env.HOST ?? '127.0.0.1' });\n",
    }),
  );
  const service = detection.services[0];
  assert.deepEqual([service.framework.value, service.port?.value, service.health?.value, service.hostVariable], ['fastify', 7000, '/livez', 'HOST']);
  assert.deepEqual(service.env.map((e) => [e.value.name, e.value.value]), [['HOST', '0.0.0.0'], ['PORT', '7000']]);
});

/** More ways the same frameworks are commonly laid out. */
const moreShapes: Record<string, Record<string, string>> = {
  expressGenerator: {
    'package.json': JSON.stringify({ name: 'myapp', scripts: { start: 'node ./bin/www' }, dependencies: { express: '4.21.2' } }),
    'bin/www': "var app = require('../app');\nvar port = normalizePort(process.env.PORT || '3000');\napp.set('port', port);\nvar server = http.createServer(app);\nserver.listen(port);\n",
    'app.js': "var express = require('express');\nvar app = express();\napp.get('/ping', (req,res)=>res.send('pong'));\nmodule.exports = app;\n",
  },
  tsExpress: {
    'package.json': JSON.stringify({ name: 'ts-api', main: 'dist/index.js', scripts: { build: 'tsc', start: 'node dist/index.js', dev: 'tsx watch src/index.ts' }, dependencies: { express: '4.21.2' }, devDependencies: { typescript: '5.7.2' } }),
    'package-lock.json': '{}',
    'src/config.ts': "export const config = {\n  port: parseInt(process.env.PORT || '3000', 10),\n  jwtSecret: process.env.JWT_SECRET!,\n};\n",
    'src/index.ts': "import express from 'express';\nimport { config } from './config';\nconst app = express();\napp.get('/api/health', (_req, res) => res.json({ ok: true }));\napp.listen(config.port, () => console.log('up'));\n",
  },
  ginApp: {
    'go.mod': 'module github.com/acme/gin-app\n\ngo 1.24\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n',
    'main.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/health", func(c *gin.Context) { c.String(200, "ok") })\n\tr.Run()\n}\n',
  },
  goCli: {
    'go.mod': 'module example.com/tool\n\ngo 1.23\n',
    'main.go': 'package main\n\nimport "os/exec"\n\nfunc main() {\n\texec.Command("ls").Run()\n}\n',
  },
  actix: {
    'Cargo.toml': '[package]\nname = "hello-actix"\nversion = "0.1.0"\n\n[dependencies]\nactix-web = "4"\nreqwest = "0.12"\n',
    'src/main.rs': 'use actix_web::{get, App, HttpServer, Responder};\n\n#[get("/healthz")]\nasync fn health() -> impl Responder { "ok" }\n\n#[actix_web::main]\nasync fn main() -> std::io::Result<()> {\n    HttpServer::new(|| App::new().service(health))\n        .bind(("127.0.0.1", 8080))?\n        .run()\n        .await\n}\n',
  },
  gradleKts: {
    'settings.gradle.kts': 'rootProject.name = "orders"\n',
    'build.gradle.kts': 'plugins {\n  id("org.springframework.boot") version "3.4.1"\n}\njava { toolchain { languageVersion = JavaLanguageVersion.of(17) } }\ndependencies {\n  implementation("org.springframework.boot:spring-boot-starter-webflux")\n}\n',
    'gradlew': '#!/bin/sh\n',
    'src/main/resources/application.yml': 'server:\n  port: ${PORT:9000}\nspring:\n  data:\n    redis:\n      url: ${REDIS_URL}\n',
    'src/main/kotlin/com/acme/orders/HealthController.kt': '@RestController\n@RequestMapping("/api")\nclass HealthController {\n  @GetMapping("/health")\n  fun health() = "ok"\n}\n',
  },
  uvicornRun: {
    'pyproject.toml': '[tool.poetry]\nname = "svc"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.115"\nuvicorn = "^0.34"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n',
    'src/svc/__init__.py': '',
    'src/svc/main.py': 'import os\nimport uvicorn\nfrom fastapi import FastAPI\n\napplication = FastAPI()\n\n@application.get("/healthz")\ndef h():\n    return {}\n\nif __name__ == "__main__":\n    uvicorn.run("svc.main:application", host=os.getenv("HOST", "127.0.0.1"), port=int(os.getenv("PORT", "8080")))\n',
  },
};

test('other common layouts: entry files without extension, config modules, gin, actix, Gradle Kotlin DSL, src layouts', () => {
  const summary = (name: string) => {
    const detection = detectRepository(createMemoryRepository(moreShapes[name]));
    return {
      services: detection.services.map((s) => [s.name, s.framework.value, s.port?.value, formatEvidence(s.port!.evidence), s.health?.value, s.bindHost?.value ?? null, s.hostVariable ?? null]),
      skipped: detection.skipped.map((s) => s.name),
    };
  };
  assert.deepEqual(summary('expressGenerator'), { services: [['myapp', 'express', 3000, 'bin/www:5', '/ping', null, null]], skipped: [] });
  assert.deepEqual(summary('tsExpress'), { services: [['ts-api', 'express', 3000, 'src/index.ts:5', '/api/health', null, null]], skipped: [] });
  assert.deepEqual(summary('ginApp'), { services: [['gin-app', 'go-http', 8080, 'main.go:8', '/health', null, null]], skipped: [] });
  assert.deepEqual(summary('goCli'), { services: [], skipped: ['tool'] });
  assert.deepEqual(summary('actix'), { services: [['hello-actix', 'actix-web', 8080, 'src/main.rs:9', '/healthz', '127.0.0.1', null]], skipped: [] });
  assert.deepEqual(summary('gradleKts'), { services: [['orders', 'spring-boot', 9000, 'src/main/resources/application.yml:2', '/api/health', null, null]], skipped: [] });
  assert.deepEqual(summary('uvicornRun'), { services: [['svc', 'fastapi', 8080, 'src/svc/main.py:12', '/healthz', '127.0.0.1', 'HOST']], skipped: [] });
  const tsExpress = detectRepository(createMemoryRepository(moreShapes.tsExpress)).services[0];
  assert.deepEqual(tsExpress.build.kind === 'node' && tsExpress.build.start, ['node', 'dist/index.js']);
  const src = detectRepository(createMemoryRepository(moreShapes.uvicornRun)).services[0];
  assert.deepEqual(src.build.kind === 'python' && [src.build.command, src.build.pythonPath], [['uvicorn', 'svc.main:application', '--host', '0.0.0.0', '--port', '8080'], 'src']);
  const actix = detectRepository(createMemoryRepository(moreShapes.actix)).services[0];
  assert.ok(actix.build.kind === 'rust' && actix.build.needsOpenssl, 'reqwest without rustls links OpenSSL');
  for (const name of Object.keys(moreShapes)) {
    const detection = detectRepository(createMemoryRepository(moreShapes[name]));
    if (detection.services.length === 0) continue;
    for (const file of initSpec(detection, { name: 'demo' }).files.filter((f) => /Dockerfile$/.test(f.path))) {
      assert.deepEqual(lintDockerfile(file.content, file.path).filter((d) => d.severity === 'error'), [], `${name}: ${file.path}`);
    }
  }
});
