// `berth init` on repositories written to temporary directories, the way a team runs it: the spec it
// writes validates, renders for every environment and passes `berth check` as it stands.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { run } from '../cli/main.ts';
import { createMemoryOutput } from '../cli/output.ts';
import * as fixtures from '../init/fixtures/repositories.ts';
import { svgWorkspace } from '../init/fixtures/real-repositories.ts';
import { initCommand } from './init.ts';

function writeRepository(files: Readonly<Record<string, string>>, name = 'realtime-svg'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'berth-init-')), name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function berth(args: string[], cwd: string) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

test('init on a realtime-svg-shaped workspace: a spec that validates, renders, passes check and needs no edit', async () => {
  const root = writeRepository(svgWorkspace);
  try {
    const init = await berth(['init', '.', '--yes'], root);
    assert.equal(init.code, 0, init.err);
    const spec = readFileSync(join(root, 'berth.yaml'), 'utf8');
    const value = parseYaml(spec);
    const backend = value.components.backend;
    assert.equal(value.version, '0.2.3', 'the version the chart deploys, not the crate 0.1.0');
    assert.match(spec, /version: 0\.2\.3 # deploy\/helm\/realtime-svg\/Chart\.yaml:5/);
    assert.equal(backend.image, 'ghcr.io/svgteam/realtime-svg', 'the image the chart deploys');
    assert.equal(backend.port, 3000);
    assert.match(spec, /port: 3000 # crates\/common\/src\/config\.rs:19: listens on \$PORT, 3000 by default/);
    assert.deepEqual(backend.env, { HOST: '0.0.0.0', LOG_LEVEL: 'info', PORT: '3000' });
    assert.match(spec, /HOST: 0\.0\.0\.0 # crates\/common\/src\/config\.rs:18: binds 127\.0\.0\.1 unless HOST is set: unreachable from probes and the Service/);
    assert.deepEqual(backend.uses, [{ dependency: 'redis', env: 'REDIS_URL' }]);
    assert.deepEqual(value.dependencies.redis, { kind: 'redis', external: { secret: 'realtime-svg-redis-url', key: 'url' } });
    assert.deepEqual(value.environments.dev.dependencies, { redis: { inCluster: true } }, 'in-cluster Redis in dev, external elsewhere');
    assert.deepEqual(backend.health, { http: '/' });
    assert.match(spec, /no health route: crates\/backend\/src\/route\/mod\.rs:6 serves GET \//);
    // Every TODO is about creating a Secret, not about editing berth.yaml.
    const todos = spec.split('\n').filter((line) => line.includes('# TODO:'));
    assert.ok(todos.length > 0 && todos.every((line) => /create Secret/.test(line)), todos.join('\n'));

    assert.match(init.err, /values\.yaml:10:1 warning init-packaging-disagrees: the liveness probe requests GET \/health, which backend does not serve/);
    assert.match(init.err, /values\.yaml:14:1 warning init-packaging-disagrees: the readiness probe requests GET \/ready/);
    assert.match(init.err, /values\.yaml:7:1 info init-packaging-disagrees: config\.port: 8080: the chart or manifest uses port 8080; backend listens on 3000 .*consistent only because the packaging sets PORT/);
    assert.match(init.err, /config\.yaml\.example:4:1 info init-example-disagrees: config\.yaml\.example sets PORT to 3010/);

    const validate = await berth(['validate', 'berth.yaml'], root);
    assert.equal(validate.code, 0, validate.err);
    for (const env of ['dev', 'prod']) {
      const rendered = await berth(['render', 'berth.yaml', '--env', env, '-o', 'json'], root);
      assert.equal(rendered.code, 0, rendered.err);
      const objects = (JSON.parse(rendered.out) as { items: { kind: string; metadata: { name: string }; spec?: any }[] }).items;
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'realtime-svg-backend')!;
      const container = deployment.spec.template.spec.containers[0];
      assert.equal(container.image, 'ghcr.io/svgteam/realtime-svg:0.2.3');
      assert.equal(container.readinessProbe.httpGet.path, '/');
      assert.ok(container.env.some((e: any) => e.name === 'REDIS_URL'), 'REDIS_URL is injected');
      assert.equal(objects.some((o) => o.kind === 'StatefulSet'), env === 'dev', `in-cluster Redis only in dev (${env})`);
    }
    const check = await berth(['check', 'berth.yaml', '--format', 'json', '--fail-on', 'info'], root);
    assert.equal(check.code, 0, check.out);
    const { findings } = JSON.parse(check.out) as { findings: { rule: string; excepted?: { reason: string } }[] };
    assert.deepEqual(findings.filter((f) => !f.excepted).map((f) => f.rule), []);
    assert.deepEqual(findings.map((f) => f.rule), ['replicas-minimum'], 'the one exception init writes and explains (one replica in dev)');
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
});

test('init without a chart: the image from the CI workflow, only the owner to fill in; a release tag sets the version', async () => {
  const files = Object.fromEntries(Object.entries(svgWorkspace).filter(([path]) => !path.startsWith('deploy/')));
  const root = writeRepository(files);
  try {
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'initial');
    git(root, 'tag', 'v0.3.0');
    git(root, 'tag', 'v0.2.9');
    const init = await berth(['init', '.', '--yes'], root);
    assert.equal(init.code, 0, init.err);
    const spec = readFileSync(join(root, 'berth.yaml'), 'utf8');
    assert.match(spec, /^version: 0\.3\.0 # \.git: latest release tag v0\.3\.0/m);
    assert.match(spec, /image: ghcr\.io\/owner\/realtime-svg # TODO: replace "owner" with the repository owner \(\.github\/workflows\/release\.yml:13/);
    const todos = spec.split('\n').filter((line) => line.includes('# TODO:') && !/create Secret/.test(line));
    assert.equal(todos.length, 1, todos.join('\n'));
    // The one edit: the owner. Then it validates and passes check.
    writeFileSync(join(root, 'berth.yaml'), spec.replace('ghcr.io/owner/', 'ghcr.io/svgteam/'));
    assert.equal((await berth(['validate'], root)).code, 0);
    assert.equal((await berth(['check', '--fail-on', 'info'], root)).code, 0);

    rmSync(join(root, 'berth.yaml'));
    git(root, 'remote', 'add', 'origin', 'git@github.com:svgteam/realtime-svg.git');
    await berth(['init', '.', '--yes'], root);
    assert.match(readFileSync(join(root, 'berth.yaml'), 'utf8'), /image: ghcr\.io\/svgteam\/realtime-svg # \.github\/workflows\/release\.yml:13: docker\/build-push-action pushes ghcr\.io\/svgteam\/realtime-svg/, 'the git remote resolves github.repository');
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
});

test('init asks what it could not decide when given a terminal, and nothing with --yes or without one', async () => {
  const repository = {
    ...fixtures.goMultiBinary,
    'cmd/worker/main.go': 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\thttp.ListenAndServe(os.Args[1], nil)\n}\n',
  };
  const root = writeRepository(repository, 'fleet');
  try {
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = '';
    output.on('data', (chunk) => (asked += String(chunk)));
    input.end(['', 'y', 'abc', '9090', 'registry.example.com/fleet/'].join('\n'));
    const result = await initCommand({ directory: root, ignoreCompose: false, cwd: root, environ: {}, progress: () => {}, review: { input, output } });
    assert.match(asked, /Package gateway \(go-http in cmd\/gateway\) as a service\? \[Y\/n\]/);
    assert.match(asked, /Port worker listens on/);
    assert.match(asked, /a port is a number from 1 to 65535/);
    assert.match(asked, /Image registry and owner \[ghcr\.io\/fleet\]/);
    const spec = parseYaml(readFileSync(join(root, 'berth.yaml'), 'utf8'));
    assert.equal(spec.components.worker.port, 9090);
    assert.equal(spec.components.gateway.image, 'registry.example.com/fleet/gateway');
    assert.match(result.summary, /detected 2 service\(s\)/);

    rmSync(join(root, 'berth.yaml'));
    const dropped = new PassThrough();
    dropped.end('n\n\n\n');
    await initCommand({ directory: root, ignoreCompose: false, cwd: root, environ: {}, progress: () => {}, review: { input: dropped, output: new PassThrough() } });
    assert.deepEqual(Object.keys(parseYaml(readFileSync(join(root, 'berth.yaml'), 'utf8')).components), ['worker'], 'gateway answered "not a service"');

    rmSync(join(root, 'berth.yaml'));
    const quiet = await berth(['init', '.'], root);
    assert.equal(quiet.code, 0, quiet.err);
    assert.doesNotMatch(quiet.err, /Package gateway/, 'no questions without a terminal');
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
});
