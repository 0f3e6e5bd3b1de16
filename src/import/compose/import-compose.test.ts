// importCompose on small inline projects: interpolation, .env and --env-file, multi-file merge,
// profiles, env_file, anchors and extension fields, units, health checks, secrets, dependencies,
// jobs, builds, mounts, and the refusals (InputError with file:line:column).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { InputError, type Diagnostic } from '../../diagnostics.ts';
import { buildAppModel, resolveObjects } from '../../model/resolve.ts';
import { loadSpec } from '../../spec/load.ts';
import { importCompose, type ImportComposeOptions } from './index.ts';

type Json = Record<string, any>;

interface Project {
  /** Compose files in order; paths under /proj. */
  readonly compose: readonly [string, string][];
  /** Other files readFile can see. */
  readonly files?: Record<string, string>;
  readonly options?: Partial<ImportComposeOptions>;
}

function run(project: Project): { spec: Json; yaml: string; warnings: Diagnostic[]; reads: string[] } {
  const reads: string[] = [];
  const files = project.files ?? {};
  const result = importCompose(
    project.compose.map(([path, text]) => ({ path, text })),
    {
      envFiles: [],
      profiles: [],
      environ: {},
      readFile: (path) => {
        reads.push(path);
        return files[path];
      },
      ...project.options,
    },
  );
  const loaded = loadSpec(result.specYaml, 'berth.yaml');
  assert.ok(loaded.ok, `the imported spec does not load: ${!loaded.ok && loaded.diagnostics.map((d) => d.message).join('; ')}`);
  assert.ok(resolveObjects(buildAppModel(loaded.spec)).length > 0, 'the base renders');
  return { spec: parse(result.specYaml) as Json, yaml: result.specYaml, warnings: result.warnings, reads };
}

function one(compose: string, extra: Omit<Project, 'compose'> = {}) {
  return run({ compose: [['/proj/compose.yaml', compose]], ...extra });
}

function refusal(project: Project): Diagnostic {
  try {
    run(project);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${error}`);
    assert.ok(error.diagnostics.length > 0, 'the refusal carries diagnostics');
    return error.diagnostics[0];
  }
  assert.fail('the input was not refused');
}

function warned(warnings: readonly Diagnostic[], code: string, text?: string): Diagnostic {
  const found = warnings.find((w) => w.code === code && (text === undefined || w.message.includes(text) || (w.hint ?? '').includes(text)));
  assert.ok(found, `no ${code} warning${text ? ` mentioning ${text}` : ''}; got ${warnings.map((w) => `${w.code}: ${w.message}`).join('\n')}`);
  return found;
}

describe('interpolation', () => {
  const cases: { name: string; value: string; environ?: Record<string, string>; expected: string }[] = [
    { name: '${VAR}', value: '${TAG}', environ: { TAG: '1.2' }, expected: '1.2' },
    { name: '$VAR', value: 'v$TAG', environ: { TAG: '1.2' }, expected: 'v1.2' },
    { name: '${VAR:-default} when unset', value: '${TAG:-9}', expected: '9' },
    { name: '${VAR:-default} when empty', value: '${TAG:-9}', environ: { TAG: '' }, expected: '9' },
    { name: '${VAR-default} when empty keeps empty', value: 'x${TAG-9}', environ: { TAG: '' }, expected: 'x' },
    { name: '${VAR-default} when unset', value: '${TAG-9}', expected: '9' },
    { name: 'nested default', value: '${TAG:-${OTHER:-3}}', expected: '3' },
    { name: '${VAR:+alt} when set', value: '${TAG:+on}', environ: { TAG: 'x' }, expected: 'on' },
    { name: '${VAR:+alt} when unset', value: 'a${TAG:+on}', expected: 'a' },
    { name: '$$ escape', value: 'cost $$5 and $${HOME}', expected: 'cost $5 and ${HOME}' },
    { name: 'lone $ stays', value: 'echo $1', expected: 'echo $1' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { spec } = one(`services:\n  web:\n    image: nginx:1.27\n    environment:\n      VALUE: "${c.value}"\n`, { options: { environ: c.environ ?? {} } });
      assert.equal(spec.components.web.env.VALUE, c.expected);
    });
  }

  test('${VAR:?error} refuses with the position of the variable', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: "nginx:${TAG:?set the tag}"\n']] });
    assert.equal(d.code, 'compose-variable-required');
    assert.match(d.message, /TAG.*set the tag/);
    assert.deepEqual(d.position, { file: '/proj/compose.yaml', line: 3, column: 19 });
  });

  test('${VAR?error} refuses only when unset', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: nginx:${TAG?missing}\n']] });
    assert.equal(d.code, 'compose-variable-required');
    const { spec } = one('services:\n  web:\n    image: nginx${TAG?missing}\n', { options: { environ: { TAG: '' } } });
    assert.equal(spec.components.web.image, 'nginx:latest');
  });

  test('an invalid ${...} is refused', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: nginx:${TAG:x}\n']] });
    assert.equal(d.code, 'compose-interpolation');
    assert.equal(d.position?.line, 3);
  });

  test('an unset variable becomes empty with a warning', () => {
    const { spec, warnings } = one('services:\n  web:\n    image: nginx:1.27\n    environment:\n      TZ: "${TZ}"\n');
    assert.equal(spec.components.web.env.TZ, '');
    const w = warned(warnings, 'compose-variable-unset', 'TZ');
    assert.deepEqual(w.position, { file: '/proj/compose.yaml', line: 5, column: 12 });
  });

  test('.env beside the first file is read, and the environment wins over it', () => {
    const compose = 'services:\n  web:\n    image: "nginx:${TAG}"\n    environment:\n      MODE: "${MODE}"\n';
    const files = { '/proj/.env': 'TAG=1.27\nMODE=from-dotenv\n' };
    const { spec, reads } = one(compose, { files, options: { environ: { MODE: 'from-shell' } } });
    assert.equal(spec.components.web.image, 'nginx:1.27');
    assert.equal(spec.components.web.env.MODE, 'from-shell');
    assert.ok(reads.includes('/proj/.env'));
  });

  test('--env-file replaces .env, later files win', () => {
    const compose = 'services:\n  web:\n    image: "nginx:${TAG}"\n';
    const { spec, reads } = one(compose, {
      files: { '/proj/.env': 'TAG=wrong\n' },
      options: { envFiles: [{ path: 'a.env', text: 'TAG=1.0\n' }, { path: 'b.env', text: "# comment\nexport TAG='1.1'\n" }] },
    });
    assert.equal(spec.components.web.image, 'nginx:1.1');
    assert.ok(!reads.includes('/proj/.env'));
  });

  test('.env values interpolate earlier values and the environment', () => {
    const files = { '/proj/.env': 'BASE=ghcr.io/acme\nIMAGE="${BASE}/web:${TAG:-2.0}"\n' };
    const { spec } = one('services:\n  web:\n    image: ${IMAGE}\n', { files });
    assert.equal(spec.components.web.image, 'ghcr.io/acme/web:2.0');
  });
});

describe('multi-file merge', () => {
  const base = `services:
  web:
    image: ghcr.io/acme/web:1.0
    command: ["serve", "--port", "8080"]
    ports: ["8080:8080"]
    environment:
      - LOG_LEVEL=info
      - FEATURE=a
    volumes:
      - data:/data
  worker:
    image: ghcr.io/acme/worker:1.0
volumes:
  data: {}
`;
  const override = `services:
  web:
    image: ghcr.io/acme/web:1.1
    command: ["serve", "--port", "9090"]
    ports: ["9090:9090"]
    environment:
      LOG_LEVEL: debug
      EXTRA: "yes"
    deploy:
      replicas: 3
  worker:
    ports: !reset []
    image: !override ghcr.io/acme/worker:2.0
`;
  test('files merge in order with the Compose rules', () => {
    const { spec } = run({ compose: [['/proj/compose.yaml', base], ['/proj/compose.override.yaml', override]] });
    const web = spec.components.web;
    assert.equal(web.image, 'ghcr.io/acme/web:1.1');
    assert.deepEqual(web.args, ['serve', '--port', '9090'], 'command is replaced, not appended');
    assert.equal(web.port, 8080);
    assert.deepEqual(web.ports.map((p: Json) => p.port), [9090], 'ports are appended');
    assert.deepEqual(web.env, { LOG_LEVEL: 'debug', FEATURE: 'a', EXTRA: 'yes' }, 'environment merges as a mapping');
    assert.equal(web.replicas, 3);
    assert.equal(web.volumes.data.path, '/data');
    assert.equal(spec.components.worker.image, 'ghcr.io/acme/worker:2.0');
  });

  test('a service only in the override file is added', () => {
    const { spec } = run({ compose: [['/proj/a.yaml', 'services:\n  a:\n    image: x:1\n'], ['/proj/b.yaml', 'services:\n  b:\n    image: y:1\n']] });
    assert.deepEqual(Object.keys(spec.components), ['a', 'b']);
  });

  test('paths in every file resolve against the first file\'s directory', () => {
    const { spec } = run({
      compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: x:1\n'], ['/proj/overrides/dev.yaml', 'services:\n  web:\n    env_file: ./web.env\n']],
      files: { '/proj/web.env': 'A=1\n' },
    });
    assert.equal(spec.components.web.env.A, '1');
  });
});

describe('profiles', () => {
  const compose = 'services:\n  web:\n    image: nginx:1.27\n  debug:\n    image: busybox:1.36\n    profiles: [debug]\n  tools:\n    image: alpine:3.20\n    profiles: [tools]\n';
  const cases: { name: string; options: Partial<ImportComposeOptions>; files?: Record<string, string>; expected: string[] }[] = [
    { name: 'no profile: only services without profiles', options: {}, expected: ['web'] },
    { name: '--profile debug', options: { profiles: ['debug'] }, expected: ['web', 'debug'] },
    { name: "--profile '*'", options: { profiles: ['*'] }, expected: ['web', 'debug', 'tools'] },
    { name: 'COMPOSE_PROFILES from the environment', options: { environ: { COMPOSE_PROFILES: 'tools' } }, expected: ['web', 'tools'] },
    { name: 'COMPOSE_PROFILES from .env', options: {}, files: { '/proj/.env': 'COMPOSE_PROFILES=debug,tools\n' }, expected: ['web', 'debug', 'tools'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { spec, warnings } = one(compose, { options: c.options, files: c.files });
      assert.deepEqual(Object.keys(spec.components), c.expected);
      for (const left of ['debug', 'tools'].filter((s) => !c.expected.includes(s))) warned(warnings, 'compose-profile-inactive', `service ${left}`);
    });
  }
  test('no active service is refused with a hint', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    profiles: [test]\n']] });
    assert.equal(d.code, 'compose-no-service');
    assert.match(d.hint ?? '', /--profile test/);
    assert.equal(d.position?.line, 2);
  });
});

describe('env_file', () => {
  test('read relative to the Compose file; environment wins; quotes and comments', () => {
    const { spec, reads } = run({
      compose: [['/proj/app/compose.yaml', 'services:\n  web:\n    image: x:1\n    env_file: [./common.env, { path: ./local.env, required: false }]\n    environment:\n      B: from-compose\n']],
      files: { '/proj/app/common.env': '# comment\nA=1 # trailing\nB=from-file\nC="two words"\nD=\'$NOT_INTERPOLATED\'\n' },
    });
    assert.deepEqual(spec.components.web.env, { A: '1', B: 'from-compose', C: 'two words', D: '$NOT_INTERPOLATED' });
    assert.ok(reads.includes('/proj/app/common.env') && reads.includes('/proj/app/local.env'));
  });

  test('a missing required env file is refused at its line', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: x:1\n    env_file:\n      - missing.env\n']] });
    assert.equal(d.code, 'compose-env-file-missing');
    assert.deepEqual(d.position, { file: '/proj/compose.yaml', line: 5, column: 9 });
  });
});

describe('anchors and extension fields', () => {
  test('x- fields hold anchors; << merges them; explicit keys win', () => {
    const compose = `x-common: &common
  image: ghcr.io/acme/app:2.1
  environment: &env
    LOG_LEVEL: info
    REGION: eu
  deploy:
    resources:
      limits: { cpus: "1.5", memory: 1.5G }
services:
  api:
    <<: *common
    command: api
  worker:
    <<: *common
    environment:
      <<: *env
      LOG_LEVEL: warn
    x-note: ignored
`;
    const { spec, warnings } = one(compose);
    assert.equal(spec.components.api.image, 'ghcr.io/acme/app:2.1');
    assert.deepEqual(spec.components.api.env, { LOG_LEVEL: 'info', REGION: 'eu' });
    assert.deepEqual(spec.components.worker.env, { LOG_LEVEL: 'warn', REGION: 'eu' });
    assert.equal(spec.components.worker.resources.memory, '128Mi..1536Mi');
    assert.equal(spec.components.worker.resources.cpu, '100m..1500m');
    assert.ok(!warnings.some((w) => (w.path ?? '').includes('x-')), 'extension fields are not warned about');
  });
});

describe('units', () => {
  const cases: { name: string; deploy: string; expected: Json }[] = [
    { name: '1.5G → 1536Mi, 0.5 cpus → 500m', deploy: 'limits: { cpus: "0.5", memory: 1.5G }\n        reservations: { cpus: "0.25", memory: 512m }', expected: { cpu: '250m..500m', memory: '512Mi..1536Mi' } },
    { name: 'whole CPUs and gigabytes', deploy: 'limits: { cpus: 2, memory: 2g }\n        reservations: { cpus: 1, memory: 1gb }', expected: { cpu: '1..2', memory: '1Gi..2Gi' } },
    { name: 'reservation only keeps berth default limits as a floor', deploy: 'reservations: { cpus: "0.2", memory: 64M }', expected: { cpu: '200m..500m', memory: '64Mi..512Mi' } },
    { name: 'below a millicore rounds up', deploy: 'limits: { cpus: "0.0001", memory: 50M }', expected: { cpu: '1m..1m', memory: '50Mi..50Mi' } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { spec } = one(`services:\n  web:\n    image: x:1\n    deploy:\n      resources:\n        ${c.deploy}\n`);
      assert.deepEqual(spec.components.web.resources, c.expected);
    });
  }
  test('mem_limit and cpus (older keys)', () => {
    const { spec } = one('services:\n  web:\n    image: x:1\n    mem_limit: 10000Mb\n    cpus: 1.5\n');
    assert.deepEqual(spec.components.web.resources, { cpu: '100m..1500m', memory: '128Mi..10000Mi' });
  });
});

describe('health checks', () => {
  const cases: { name: string; healthcheck: string; expected: Json }[] = [
    {
      name: 'CMD curl -f on localhost → http',
      healthcheck: 'test: ["CMD", "curl", "-f", "http://localhost:8000/health"]\n      interval: 10s\n      timeout: 2s\n      retries: 4\n      start_period: 30s',
      expected: { http: '/health', liveness: { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 4 }, readiness: { periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 4 }, startup: { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 } },
    },
    { name: 'CMD-SHELL wget on another port → http with port', healthcheck: 'test: ["CMD-SHELL", "wget -qO- http://127.0.0.1:9000/ready || exit 1"]', expected: { http: { path: '/ready', port: 9000 } } },
    { name: 'CMD-SHELL other command → sh -c', healthcheck: 'test: ["CMD-SHELL", "pg_isready -U app"]', expected: { exec: ['sh', '-c', 'pg_isready -U app'] } },
    { name: 'string test → sh -c', healthcheck: 'test: echo ok', expected: { exec: ['sh', '-c', 'echo ok'] } },
    { name: 'CMD list → exec', healthcheck: 'test: ["CMD", "/bin/check", "--quick"]\n      interval: 1m30s', expected: { exec: ['/bin/check', '--quick'], liveness: { periodSeconds: 90 }, readiness: { periodSeconds: 90 } } },
    { name: 'curl with headers stays exec', healthcheck: 'test: ["CMD", "curl", "-H", "X: y", "http://localhost:8000/"]', expected: { exec: ['curl', '-H', 'X: y', 'http://localhost:8000/'] } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { spec } = one(`services:\n  web:\n    image: x:1\n    ports: ["8000"]\n    healthcheck:\n      ${c.healthcheck}\n`);
      assert.deepEqual(spec.components.web.health, c.expected);
    });
  }
  test('NONE / disable keep berth\'s default probe and warn', () => {
    const { spec, warnings } = one('services:\n  web:\n    image: x:1\n    ports: ["8000"]\n    healthcheck:\n      disable: true\n');
    assert.equal(spec.components.web.health, undefined);
    warned(warnings, 'compose-healthcheck-disabled');
  });
});

describe('secrets are never written', () => {
  test('secret-looking env values become Secret references with a warning', () => {
    const compose = 'services:\n  api:\n    image: x:1\n    environment:\n      DB_PASSWORD: hunter2-hunter2\n      API_TOKEN: tok-123456\n      PASSWORD_FILE: /run/secrets/pw\n      DSN: "mysql://user:s3cret@db:3306/app"\n      ALLOW_EMPTY_PASSWORD: "yes"\n';
    const { spec, yaml, warnings } = one(compose);
    const env = spec.components.api.env;
    assert.deepEqual(env.DB_PASSWORD, { secret: 'proj-api', key: 'db_password' });
    assert.deepEqual(env.API_TOKEN, { secret: 'proj-api', key: 'api_token' });
    assert.deepEqual(env.DSN, { secret: 'proj-api', key: 'dsn' });
    assert.equal(env.PASSWORD_FILE, '/run/secrets/pw');
    assert.equal(env.ALLOW_EMPTY_PASSWORD, 'yes');
    for (const value of ['hunter2', 'tok-123456', 's3cret']) assert.ok(!yaml.includes(value), `${value} leaked into berth.yaml`);
    const w = warned(warnings, 'compose-env-secret', 'DB_PASSWORD');
    assert.match(w.hint ?? '', /kubectl create secret generic proj-api/);
    assert.deepEqual(w.position, { file: '/proj/compose.yaml', line: 5, column: 7 });
  });

  test('compose secrets are warned about and their files never read', () => {
    const compose = 'services:\n  api:\n    image: x:1\n    secrets: [db_pw]\nsecrets:\n  db_pw:\n    file: ./db_pw.txt\n';
    const { warnings, reads, yaml } = one(compose, { files: { '/proj/db_pw.txt': 'topsecret' } });
    assert.ok(!reads.includes('/proj/db_pw.txt'));
    assert.ok(!yaml.includes('topsecret'));
    assert.match(warned(warnings, 'compose-secret', 'db_pw').hint ?? '', /--from-file=db_pw=\.\/db_pw\.txt/);
  });

  test('a bind-mounted private key is not carried into files', () => {
    const { spec, warnings } = one('services:\n  web:\n    image: x:1\n    volumes: ["./tls.key:/etc/tls.key:ro"]\n', { files: { '/proj/tls.key': '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n' } });
    assert.equal(spec.components.web.files, undefined);
    warned(warnings, 'compose-secret-file');
  });
});

describe('dependencies', () => {
  const compose = `name: shop
services:
  api:
    image: ghcr.io/acme/api:1.0
    ports: ["8000:8000"]
    environment:
      DATABASE_URL: postgres://app:pw@db:5432/shop
      REDIS_HOST: cache
    depends_on:
      db: { condition: service_healthy }
      cache: { condition: service_started }
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_PASSWORD: pw
      POSTGRES_DB: shop
    volumes: ["pgdata:/var/lib/postgresql/data"]
  cache:
    image: redis:7
  search:
    image: mongo:7.0
volumes:
  pgdata:
`;
  test('redis and postgres become dependencies wired with uses', () => {
    const { spec, warnings, yaml } = one(compose);
    assert.deepEqual(spec.dependencies.db, { kind: 'postgres', image: 'postgres:16-alpine', storage: '1Gi' });
    assert.deepEqual(spec.dependencies.cache, { kind: 'redis' });
    assert.deepEqual(spec.components.api.uses, [{ dependency: 'db', env: 'DATABASE_URL' }, 'cache']);
    assert.equal(spec.components.api.env.DATABASE_URL, undefined, 'the URL (with its password) is injected by berth');
    assert.equal(spec.components.api.env.REDIS_HOST, 'shop-cache', 'host names point at the Service');
    assert.ok(!yaml.includes('pw@'));
    warned(warnings, 'compose-uses', 'REDIS_URL');
    warned(warnings, 'compose-dependency-env', 'POSTGRES_PASSWORD');
    warned(warnings, 'compose-dependency-image', 'redis:7');
    assert.match(warned(warnings, 'compose-dependency', 'shop-db').hint ?? '', /kubectl create secret generic shop-db/);
  });
  test('other data stores stay components with their known port and one replica', () => {
    const { spec, warnings } = one(compose);
    assert.equal(spec.components.search.port, 27017);
    assert.equal(spec.components.search.replicas, 1);
    warned(warnings, 'compose-stateful-image', 'MongoDB');
  });
});

describe('jobs, builds, commands', () => {
  test('a one-off service with the image of a component becomes its job', () => {
    const compose = `services:
  api:
    build: { context: ./api, dockerfile: Dockerfile.prod, target: runtime }
    depends_on:
      migrate: { condition: service_completed_successfully }
  migrate:
    build: { context: ./api, dockerfile: Dockerfile.prod, target: runtime }
    command: alembic upgrade head
    restart: "no"
`;
    const { spec, yaml } = one(compose);
    assert.deepEqual(spec.jobs.migrate, { component: 'api', command: ['alembic', 'upgrade', 'head'] });
    assert.equal(spec.components.api.image, 'proj-api');
    // CI builds it the way Compose did.
    assert.deepEqual(spec.components.api.build, { context: './api', dockerfile: 'Dockerfile.prod', target: 'runtime' });
    assert.match(yaml, /# built from \.\/api \(Dockerfile: Dockerfile\.prod, target: runtime\)/);
    assert.equal(spec.components.migrate, undefined);
  });

  test('entrypoint → command, command → args (strings split like Compose)', () => {
    const { spec } = one('services:\n  web:\n    image: x:1\n    entrypoint: /docker-entrypoint.sh\n    command: sh -c "yarn install && yarn run dev"\n');
    assert.deepEqual(spec.components.web.command, ['/docker-entrypoint.sh']);
    assert.deepEqual(spec.components.web.args, ['sh', '-c', 'yarn install && yarn run dev']);
  });
});

describe('mounts', () => {
  const compose = `services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - ./static:/usr/share/nginx/html
      - /var/run/docker.sock:/var/run/docker.sock
      - cache:/var/cache/nginx
      - type: tmpfs
        target: /run
volumes:
  cache:
`;
  test('files, directories, the docker socket, named volumes and tmpfs', () => {
    const { spec, warnings, reads } = run({ compose: [['/proj/site/compose.yaml', compose]], files: { '/proj/site/nginx.conf': 'events {}\n' } });
    const web = spec.components.web;
    assert.deepEqual(web.files, { '/etc/nginx/nginx.conf': 'events {}\n' });
    assert.deepEqual(web.volumes, { cache: { path: '/var/cache/nginx', size: '1Gi' } });
    assert.deepEqual(web.writable, ['/run']);
    assert.equal(web.replicas, 1);
    assert.ok(reads.includes('/proj/site/nginx.conf'), 'bind sources resolve against the Compose file directory');
    warned(warnings, 'compose-bind-directory', './static');
    warned(warnings, 'compose-docker-socket');
    warned(warnings, 'compose-volume-size', '1Gi');
  });
});

describe('ports', () => {
  test('container ports kept, host ports warned, ranges expanded, protocols kept', () => {
    const { spec, warnings } = one('services:\n  web:\n    image: x:1\n    ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001", "5353/udp"]\n    expose: ["3000"]\n');
    assert.equal(spec.components.web.port, 80);
    assert.deepEqual(spec.components.web.ports, [
      { name: 'tcp-9000', port: 9000 },
      { name: 'tcp-9001', port: 9001 },
      { name: 'udp-5353', port: 5353, protocol: 'UDP' },
      { name: 'tcp-3000', port: 3000 },
    ]);
    warned(warnings, 'compose-published-ports', '127.0.0.1:8080→80');
  });
  test('an invalid port is refused at its line', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: x:1\n    ports:\n      - "80:http"\n']] });
    assert.equal(d.code, 'compose-invalid-port');
    assert.equal(d.position?.line, 5);
  });
});

describe('what is not carried over is warned about', () => {
  test('unknown keys get a did-you-mean; unsupported keys say what to do', () => {
    const { warnings } = one('services:\n  web:\n    image: x:1\n    enviroment:\n      A: 1\n    privileged: true\n    cap_add: [NET_ADMIN]\n    labels:\n      traefik.enable: "true"\n');
    const unknown = warned(warnings, 'compose-unknown-key', 'environment');
    assert.deepEqual(unknown.position, { file: '/proj/compose.yaml', line: 4, column: 5 });
    warned(warnings, 'compose-privileged');
    warned(warnings, 'compose-key-not-carried', 'cap_add');
    warned(warnings, 'compose-label-not-carried', 'traefik.enable');
  });
  test('depends_on between components warns that start-up order is not carried', () => {
    const { warnings } = one('services:\n  web:\n    image: x:1\n    depends_on: [api]\n  api:\n    image: y:1\n');
    warned(warnings, 'compose-depends-on-order', 'api');
  });
});

describe('refusals', () => {
  const cases: { name: string; text: string; code: string; line: number }[] = [
    { name: 'YAML syntax', text: 'services:\n  web:\n    image: [x\n', code: 'compose-yaml-syntax', line: 4 },
    { name: 'no image and no build', text: 'services:\n  web:\n    ports: ["80"]\n', code: 'compose-no-image', line: 2 },
    { name: 'not a mapping', text: '- a\n- b\n', code: 'compose-not-a-mapping', line: 1 },
    { name: 'empty file', text: '', code: 'compose-empty-file', line: 1 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const d = refusal({ compose: [['/proj/compose.yaml', c.text]] });
      assert.equal(d.code, c.code);
      assert.equal(d.position?.file, '/proj/compose.yaml');
      assert.ok((d.position?.line ?? 0) >= c.line - 1 && (d.position?.line ?? 0) <= c.line, `line ${d.position?.line}`);
    });
  }
});

describe('the written spec', () => {
  test('has a $schema line, a header, no environments, and is byte-identical on every run', () => {
    const compose = 'name: My Shop\nservices:\n  front_end:\n    image: x:1\n';
    const first = one(compose);
    assert.match(first.yaml, /^# yaml-language-server: \$schema=\S+berth\.schema\.json\n/);
    assert.equal(first.spec.name, 'my-shop');
    assert.equal(first.spec.environments, undefined);
    assert.deepEqual(Object.keys(first.spec.components), ['front-end']);
    assert.equal(one(compose).yaml, first.yaml);
  });
  test('extends (same file) and YAML 1.1 booleans stay strings', () => {
    const { spec, yaml } = one('services:\n  base:\n    image: x:1\n    environment: { FLAG: "on" }\n  web:\n    extends: base\n    ports: ["80"]\n');
    assert.equal(spec.components.web.image, 'x:1');
    assert.equal(spec.components.web.env.FLAG, 'on');
    assert.match(yaml, /FLAG: "on"/);
  });
});

describe('include and extends from other files', () => {
  test('include adds the services of another file (its paths relative to it)', () => {
    const { spec } = run({
      compose: [['/proj/compose.yaml', 'include:\n  - ./db/compose.yaml\nservices:\n  web:\n    image: x:1\n']],
      files: { '/proj/db/compose.yaml': 'services:\n  admin:\n    image: y:1\n    env_file: ./admin.env\n', '/proj/db/admin.env': 'A=1\n' },
    });
    assert.deepEqual(Object.keys(spec.components).sort(), ['admin', 'web']);
    assert.equal(spec.components.admin.env.A, '1');
  });
  test('extends with file merges the base service under this one', () => {
    const { spec } = run({
      compose: [['/proj/compose.yaml', 'services:\n  web:\n    extends: { file: ./common.yaml, service: app }\n    environment: { ROLE: web }\n']],
      files: { '/proj/common.yaml': 'services:\n  app:\n    image: ghcr.io/acme/app:3\n    environment: { LOG: info }\n' },
    });
    assert.equal(spec.components.web.image, 'ghcr.io/acme/app:3');
    assert.deepEqual(spec.components.web.env, { LOG: 'info', ROLE: 'web' });
  });
  test('extending an unknown service is refused', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    extends: bsae\n  base:\n    image: x:1\n']] });
    assert.equal(d.code, 'compose-extends-unknown');
    assert.match(d.message, /did you mean "base"/);
  });
});

describe('shapes', () => {
  test('a key with the wrong shape is refused at its line', () => {
    const d = refusal({ compose: [['/proj/compose.yaml', 'services:\n  web:\n    image: x:1\n    volumes: ./data:/data\n']] });
    assert.equal(d.code, 'compose-key-shape');
    assert.match(d.message, /services\.web\.volumes must be a list/);
    assert.deepEqual(d.position, { file: '/proj/compose.yaml', line: 4, column: 5 });
  });
});

describe('never a crash', () => {
  const odd = [
    'services:\n  web: nginx', 'services:\n  web:\n    image: 42', 'services:\n  web:\n    image: x\n    environment: { "": a }',
    'services:\n  web:\n    image: x\n    healthcheck: { test: "", interval: abc, retries: x }', 'services:\n  web:\n    image: x\n    volumes: [{}, ":", "a:b:c:d"]',
    'services:\n  web:\n    image: x\n    deploy: { resources: { limits: { cpus: abc, memory: 1x } }, replicas: -1 }', 'services:\n  web:\n    image: x\n    depends_on: { a: null }',
    'services:\n  web:\n    image: x\n    configs: [{}]\n    secrets: [{ target: x }]', 'services:\n  web:\n    image: x\n    command: [1, true, null]',
    'services:\n  web:\n    image: x\n    labels: [kompose.hpa.cpu=abc, kompose.service.expose=true]', 'services:\n  web:\n    image: x\n    ports: ["65536"]',
    'a: &a [*a]', 'services:\n  web:\n    image: x\n    <<: 5', 'services:\n  WEB_1:\n    image: x\n  web-1:\n    image: y', 'services:\n  "123":\n    image: x',
    'services:\n  web:\n    build: https://github.com/a/b.git#main', 'services:\n  web:\n    image: x@sha256:abc', 'services:\n  web:\n    image: x\n    expose: ["80:80"]',
    'services:\n  web:\n    image: x\n    extends: { service: web }', 'services:\n  web:\n    image: x\n    ports: ["1-200"]', 'name: "!!!"\nservices:\n  web:\n    image: x',
    'services:\n  web:\n    image: x\n    volumes: [aa:/a, aa:/b]\nvolumes: { aa: { external: true, driver: x } }',
  ];
  for (const text of odd) {
    test(JSON.stringify(text).slice(0, 70), () => {
      try {
        run({ compose: [['/proj/compose.yaml', text]] });
      } catch (error) {
        assert.ok(error instanceof InputError, `crashed: ${error}`);
        assert.ok(error.diagnostics[0]?.position?.line, 'a refusal names its line');
      }
    });
  }
});

describe('a Compose file given by a relative path', () => {
  test('bind mounts and env files resolve against its directory (here the working directory)', () => {
    const result = importCompose([{ path: 'compose.yaml', text: 'services:\n  api:\n    image: x:1\n    env_file: api.env\n    volumes: ["./config.yaml:/app/config.yaml:ro"]\n' }], {
      envFiles: [],
      profiles: [],
      environ: {},
      readFile: (path) => ({ './api.env': 'A=1\n', './config.yaml': 'on: true\n' })[path],
    });
    const spec = parse(result.specYaml) as Json;
    assert.deepEqual(spec.components.api.files, { '/app/config.yaml': 'on: true\n' });
    assert.deepEqual(spec.components.api.env, { A: '1' });
    assert.equal(spec.components.api.volumes, undefined);
  });
});

describe('labels, placement, one-shot services and workers', () => {
  const compose = [
    'services:',
    '  web:',
    '    image: ghcr.io/acme/shop:1.2.0',
    '    ports: ["8000"]',
    '    labels: { com.example.team: payments, prometheus.io/scrape: "true", traefik.enable: "true" }',
    '    deploy:',
    '      placement:',
    '        constraints: [node.labels.pool == general, node.platform.arch == x86_64, node.labels.gpu != "true", node.role == worker]',
    '        preferences: [{ spread: node.labels.zone }]',
    '  worker:',
    '    image: ghcr.io/acme/shop:1.2.0',
    '    command: celery -A shop worker',
    '  migrate:',
    '    image: ghcr.io/acme/shop:1.2.0',
    '    command: python manage.py migrate',
    '    restart: "no"',
    '',
  ].join('\n');
  test('service labels become pod annotations, except those only Docker-side tools read', () => {
    const { spec, warnings } = one(compose);
    assert.deepEqual(spec.components.web.annotations, { pod: { 'com.example.team': 'payments', 'prometheus.io/scrape': 'true' } });
    warned(warnings, 'compose-labels-annotations', 'com.example.team');
    warned(warnings, 'compose-label-not-carried', 'traefik.enable');
  });
  test('deploy.placement: == constraints → nodeSelector, != → node affinity, spread → topology spread; the rest warned at its line', () => {
    const { spec, warnings } = one(compose);
    assert.deepEqual(spec.components.web.placement, {
      nodeSelector: { pool: 'general', 'kubernetes.io/arch': 'amd64' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['true'] }] }] } } },
      topologySpread: [{ topologyKey: 'zone' }],
    });
    const role = warned(warnings, 'compose-placement-not-carried', 'node.role');
    assert.equal(role.position?.line, 8);
  });
  test('a one-shot service running a component\'s image becomes a job; a service without port or healthcheck a worker', () => {
    const { spec, warnings } = one(compose);
    assert.deepEqual(spec.jobs.migrate, { component: 'web', command: ['python', 'manage.py', 'migrate'] });
    assert.equal(spec.components.migrate, undefined);
    warned(warnings, 'compose-job', 'restart: "no"');
    assert.equal(spec.components.worker.health, false);
    assert.deepEqual(spec.components.worker.exceptions.map((e: Json) => e.rule), ['liveness-probe', 'readiness-probe']);
    warned(warnings, 'compose-worker', 'services.worker');
  });
});

describe('stateful services', () => {
  test('a data store with a named volume, or kompose.controller.type: statefulset, becomes a stateful component', () => {
    const { spec, warnings } = one('services:\n  web:\n    image: ghcr.io/acme/web:1\n    ports: ["80"]\n    labels: { kompose.controller.type: statefulset }\n  db:\n    image: mysql:8.4\n    volumes: [data:/var/lib/mysql]\nvolumes:\n  data: {}\n');
    assert.equal(spec.components.db.stateful, true);
    assert.equal(spec.components.web.stateful, true);
    warned(warnings, 'compose-stateful-image', 'a StatefulSet with a claim per named volume');
  });
});

describe('kompose init container labels', () => {
  test('become an init container with berth\'s secure defaults', () => {
    const { spec, warnings } = one('services:\n  web:\n    image: nginx:1.27\n    labels:\n      kompose.init.containers.name: wait-db\n      kompose.init.containers.image: busybox:1.36.1\n      kompose.init.containers.command: \'["sh", "-c", "until nc -z db 5432; do sleep 1; done"]\'\n');
    assert.deepEqual(spec.components.web.initContainers, { 'wait-db': { image: 'busybox:1.36.1', command: ['sh', '-c', 'until nc -z db 5432; do sleep 1; done'] } });
    warned(warnings, 'compose-init-container', 'wait-db');
  });
});

test('a non-root user in the root group (`50000:0`, as Airflow runs) keeps its UID, with a warning about the group', () => {
  const { spec, warnings } = one('services:\n  scheduler:\n    image: apache/airflow:2.10.3\n    user: "50000:0"\n    command: scheduler\n');
  assert.equal(spec.components.scheduler.user, 50000);
  assert.equal(spec.components.scheduler.group, undefined, 'group 0 is not carried over');
  assert.match(warned(warnings, 'compose-group-root').message, /"50000:0" runs UID 50000 in the root group \(GID 0\); berth keeps UID 50000/);
  assert.ok(!warnings.some((w) => w.code === 'compose-user-root'), 'not called root');
  const root = one('services:\n  api:\n    image: x:1\n    user: "0:0"\n');
  assert.equal(root.spec.components.api.user, undefined);
  warned(root.warnings, 'compose-user-root');
});
