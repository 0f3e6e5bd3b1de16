// What init reads beyond the code's own environment reads, one small repository per source: settings
// libraries of each language, example env and config files, CI workflows, charts, manifests, versions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectedService } from './detection.ts';
import { createMemoryRepository, detectRepository, initSpec } from './index.ts';

function detect(files: Record<string, string>) {
  return detectRepository(createMemoryRepository(files));
}

function only(files: Record<string, string>): DetectedService {
  const detection = detect(files);
  assert.equal(detection.services.length, 1, JSON.stringify(detection.skipped));
  return detection.services[0];
}

const envOf = (service: DetectedService) => Object.fromEntries(service.env.map((e) => [e.value.name, e.value.value ?? e.value.fallback ?? (e.value.secret ? '<secret>' : '')]));
const cite = (service: DetectedService, name: string) => {
  const found = service.env.find((e) => e.value.name === name);
  return found ? `${found.evidence.file}:${found.evidence.line}` : undefined;
};

test('Rust: clap default_value_t and serde default functions, with figment Env::prefixed', () => {
  const service = only({
    'Cargo.toml': '[package]\nname = "api"\nversion = "1.0.0"\n\n[dependencies]\naxum = "0.8"\nclap = "4"\nfigment = "0.10"\n',
    'src/main.rs': 'mod settings;\n\n#[tokio::main]\nasync fn main() {\n    let s = settings::load();\n    axum::serve(tokio::net::TcpListener::bind((s.host.as_str(), s.port)).await.unwrap(), app).await.unwrap();\n}\n',
    'src/settings.rs': [
      'use figment::{providers::Env, Figment};',
      '#[derive(serde::Deserialize)]',
      'pub struct Settings {',
      '    #[serde(default = "default_port")]',
      '    pub port: u16,',
      '    #[serde(default = "default_host")]',
      '    pub host: String,',
      '}',
      'fn default_port() -> u16 { 8088 }',
      'fn default_host() -> String { "localhost".into() }',
      '#[derive(clap::Parser)]',
      'pub struct Args {',
      '    #[arg(long, env = "API_WORKERS", default_value_t = 4)]',
      '    pub workers: usize,',
      '}',
      'pub fn load() -> Settings { Figment::new().merge(Env::prefixed("API_")).extract().unwrap() }',
    ].join('\n'),
  });
  assert.equal(service.port?.value, 8088);
  assert.equal(service.portVariable, 'API_PORT');
  assert.deepEqual(envOf(service), { API_HOST: '0.0.0.0', API_PORT: '8088', API_WORKERS: '4' });
  assert.equal(cite(service, 'API_WORKERS'), 'src/settings.rs:13');
});

test('Go: viper defaults with AutomaticEnv, a prefix and the dot replacer', () => {
  const service = only({
    'go.mod': 'module example.com/billing\n\ngo 1.22\n\nrequire github.com/spf13/viper v1.19.0\n',
    'main.go': [
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '\t"strings"',
      '\t"github.com/spf13/viper"',
      ')',
      '',
      'func main() {',
      '\tviper.SetEnvPrefix("billing")',
      '\tviper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))',
      '\tviper.AutomaticEnv()',
      '\tviper.SetDefault("port", 7070)',
      '\tviper.SetDefault("log.level", "warn")',
      '\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})',
      '\thttp.ListenAndServe(":"+viper.GetString("port"), nil)',
      '}',
    ].join('\n'),
  });
  assert.equal(service.port?.value, 7070);
  assert.deepEqual(envOf(service), { BILLING_LOG_LEVEL: 'warn', BILLING_PORT: '7070' });
  assert.equal(cite(service, 'BILLING_LOG_LEVEL'), 'main.go:14');
  assert.deepEqual(service.routes?.map((r) => r.value), ['/']);
});

test('Python: pydantic settings and a root .env.sample; credentials in URLs are secrets, MongoDB stays external', () => {
  const detection = detect({
    'pyproject.toml': '[project]\nname = "chat"\nversion = "2.1.0"\ndependencies = ["fastapi", "uvicorn", "pydantic-settings", "redis"]\n',
    'app/main.py': 'from fastapi import FastAPI\nfrom app.config import settings\n\napp = FastAPI()\n\n@app.get("/")\ndef index():\n    return {}\n',
    'app/config.py': 'from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    redis_url: str = "redis://localhost:6379"\n    log_level: str = "info"\n\nsettings = Settings()\n',
    'Procfile': 'web: uvicorn app.main:app --port 8000\n',
    '.env.sample': 'REDIS_URL=redis://localhost:6379\nMONGO_URL=mongodb://localhost:27017/chat\nUPSTREAM_URL=https://bot:s3cret@api.example.com/v1\nLOG_LEVEL=debug\n',
  });
  const service = detection.services[0];
  assert.deepEqual(service.uses.map((u) => [u.value.kind, u.value.env]), [['redis', 'REDIS_URL']]);
  assert.deepEqual(envOf(service), { LOG_LEVEL: 'info', MONGO_URL: '<secret>', UPSTREAM_URL: '<secret>' });
  assert.equal(detection.version?.value, '2.1.0');
  const spec = initSpec(detection, { name: 'chat' }).files.find((f) => f.path === 'berth.yaml')!.content;
  assert.match(spec, /MONGO_URL: \{ secret: chat-chat, key: mongo-url \} # \.env\.sample:2: a MongoDB URL \(berth runs no such dependency\)/);
  assert.match(spec, /# TODO: create Secret chat-chat before deploying: kubectl create secret generic chat-chat --from-literal=mongo-url=\.\.\. --from-literal=upstream-url=\.\.\./);
  assert.match(spec, /health: \{ http: \/ \} # no health route: app\/main\.py:6 serves GET \//);
});

test('Spring: @Value placeholders with defaults become relaxed-binding variables', () => {
  const service = only({
    'pom.xml': '<project>\n  <artifactId>greeter</artifactId>\n  <version>3.2.1</version>\n  <dependencies>\n    <dependency><artifactId>spring-boot-starter-web</artifactId></dependency>\n  </dependencies>\n</project>\n',
    'src/main/java/demo/Greeter.java': 'package demo;\n\n@RestController\nclass Greeter {\n  @Value("${greeter.message-prefix:Hello}")\n  String prefix;\n  @Value("${UPSTREAM_TOKEN}")\n  String token;\n}\n',
  });
  assert.deepEqual(envOf(service), { GREETER_MESSAGEPREFIX: 'Hello', UPSTREAM_TOKEN: '<secret>' });
  assert.equal(cite(service, 'GREETER_MESSAGEPREFIX'), 'src/main/java/demo/Greeter.java:5');
});

test('Node: convict and envalid schemas give variables, defaults and the port', () => {
  const convict = only({
    'package.json': JSON.stringify({ name: 'ledger', version: '0.9.0', main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '4.21.2', convict: '6.2.4' } }),
    'config.js': "const convict = require('convict');\nmodule.exports = convict({\n  port: { doc: 'HTTP port', format: 'port', default: 8181, env: 'PORT' },\n  region: { format: String, default: 'eu-west-1', env: 'LEDGER_REGION' },\n});\n",
    'server.js': "const express = require('express');\nconst config = require('./config');\nconst app = express();\napp.listen(config.get('port'));\n",
  });
  assert.equal(convict.port?.value, 8181);
  assert.deepEqual(envOf(convict), { LEDGER_REGION: 'eu-west-1', PORT: '8181' });
  const envalid = only({
    'package.json': JSON.stringify({ name: 'ledger', main: 'server.js', scripts: { start: 'node server.js' }, dependencies: { express: '4.21.2', envalid: '8.0.0' } }),
    'server.js': "const { cleanEnv, port, str } = require('envalid');\nconst env = cleanEnv(process.env, { PORT: port({ default: 3300 }), AUDIT_LEVEL: str({ default: 'full' }) });\nconst app = require('express')();\napp.listen(env.PORT);\n",
  });
  assert.equal(envalid.port?.value, 3300);
  assert.deepEqual(envOf(envalid), { AUDIT_LEVEL: 'full', PORT: '3300' });
});

test('.NET: options classes bound to a section; appsettings and config examples only confirm what the code reads', () => {
  const service = only({
    'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Version>4.0.2</Version>\n  </PropertyGroup>\n</Project>\n',
    'Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.Configure<CacheOptions>(builder.Configuration.GetSection("Cache"));\nvar app = builder.Build();\napp.MapGet("/", () => "ok");\napp.Run();\n',
    'CacheOptions.cs': 'public class CacheOptions\n{\n    public int TtlSeconds { get; set; } = 60;\n    public string Endpoint { get; set; }\n}\n',
    'appsettings.Development.json': '{ "Cache": { "Endpoint": "localhost:6379", "TtlSeconds": 5 }, "Unrelated": { "Key": "x" } }\n',
  });
  assert.deepEqual(envOf(service), { ASPNETCORE_HTTP_PORTS: '8080', Cache__Endpoint: 'localhost:6379', Cache__TtlSeconds: '60' });
  assert.equal(cite(service, 'Cache__TtlSeconds'), 'CacheOptions.cs:3');
});

test('example env files up the tree apply whole to the one service under them, and only by name when shared', () => {
  const api = { 'package.json': JSON.stringify({ name: 'api', main: 'index.js', scripts: { start: 'node index.js' }, dependencies: { express: '4.21.2' } }), 'index.js': "const app = require('express')();\napp.listen(process.env.PORT || 4000);\nconst key = process.env.FEATURE_FLAG;\n" };
  const single = detect({ ...Object.fromEntries(Object.entries(api).map(([p, t]) => [`services/api/${p}`, t])), 'example.env': 'FEATURE_FLAG=on\nEXTRA=1\n', 'services/.env.template': 'PORT=4000\n' });
  assert.deepEqual(envOf(single.services[0]), { EXTRA: '1', FEATURE_FLAG: 'on', PORT: '4000' });
  const shared = detect({
    ...Object.fromEntries(Object.entries(api).map(([p, t]) => [`services/api/${p}`, t])),
    ...Object.fromEntries(Object.entries(api).map(([p, t]) => [`services/web/${p}`, t.replace('"api"', '"web"')])),
    'example.env': 'FEATURE_FLAG=on\nEXTRA=1\n',
  });
  for (const service of shared.services) assert.deepEqual(envOf(service), { FEATURE_FLAG: 'on', PORT: '4000' }, service.name);
});

test('images from CI: build-push-action tags with env, docker push in a Makefile, kustomize images; matched by name', () => {
  const go = (name: string) => `package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n`.replace('main()', `main() /* ${name} */`);
  const detection = detect({
    'go.mod': 'module example.com/shop\n\ngo 1.22\n',
    'cmd/orders/main.go': go('orders'),
    'cmd/payments/main.go': go('payments'),
    'cmd/ledger/main.go': go('ledger'),
    '.github/workflows/ci.yml': 'env:\n  REGISTRY: registry.example.com/shop\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: cmd/orders/Dockerfile\n          tags: ${{ env.REGISTRY }}/orders:${{ github.sha }},${{ env.REGISTRY }}/orders:latest\n',
    Makefile: 'push:\n\tdocker build -t registry.example.com/shop/payments:$(VERSION) .\n\tdocker push registry.example.com/shop/payments:$(VERSION)\n',
    'deploy/kustomization.yaml': 'resources: [ledger.yaml]\nimages:\n  - name: ledger\n    newName: registry.example.com/shop/ledger\n    newTag: "1.0"\n',
  });
  assert.deepEqual(detection.services.map((s) => [s.name, s.image?.value, s.image && `${s.image.evidence.file}:${s.image.evidence.line}`]), [
    ['ledger', 'registry.example.com/shop/ledger', 'deploy/kustomization.yaml:4'],
    ['orders', 'registry.example.com/shop/orders', '.github/workflows/ci.yml:10'],
    ['payments', 'registry.example.com/shop/payments', 'Makefile:2'],
  ]);
  const spec = initSpec(detection, { name: 'shop' }).files.find((f) => f.path === 'berth.yaml')!.content;
  assert.match(spec, /image: registry\.example\.com\/shop\/orders # \.github\/workflows\/ci\.yml:10/);
  assert.doesNotMatch(spec, /images are pushed to/, 'no registry TODO when every image is known');
});

test('hand-written manifests: a probe on a route the code does not serve and a different port are findings', () => {
  const detection = detect({
    'package.json': JSON.stringify({ name: 'api', version: '1.4.0', main: 'index.js', scripts: { start: 'node index.js' }, dependencies: { express: '4.21.2' } }),
    'index.js': "const app = require('express')();\napp.get('/healthz', (q, s) => s.send('ok'));\napp.listen(3000);\n",
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.0\n          ports:\n            - containerPort: 8080\n          readinessProbe:\n            httpGet: { path: /ready, port: 8080 }\n          livenessProbe:\n            httpGet: { path: /healthz, port: 8080 }\n',
  });
  assert.equal(detection.services[0].image?.value, 'ghcr.io/acme/api');
  assert.deepEqual(detection.findings?.map((f) => [f.severity, `${f.evidence.file}:${f.evidence.line}`, f.message.split(';')[0]]), [
    ['warning', 'k8s/deployment.yaml:12', 'containerPort 8080: the chart or manifest uses port 8080'],
    ['warning', 'k8s/deployment.yaml:13', 'the readiness probe requests GET /ready, which api does not serve (it serves /healthz)'],
  ]);
  const warnings = initSpec(detection, { name: 'api' }).warnings.filter((w) => w.code === 'init-packaging-disagrees');
  assert.equal(warnings.length, 2);
});
