import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyPinning, dockerfileRules, lintDockerfile, looksLikeSecretName, parseImageReference } from './index.ts';

/** A Dockerfile no rule objects to; each case below changes one thing about it. */
const good = [
  'FROM golang:1.23.4-alpine3.21 AS build',
  'WORKDIR /src',
  'COPY . .',
  'RUN go build -o /out/app .',
  '',
  'FROM gcr.io/distroless/static-debian12:nonroot',
  'COPY --from=build /out/app /app',
  'USER 65532',
  'EXPOSE 8080',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

const replace = (from: string, to: string) => {
  assert.ok(good.includes(from), `fixture contains ${from}`);
  return good.replace(from, to);
};

interface RuleCase {
  readonly rule: string;
  readonly failing: string;
  readonly passing: string;
  readonly options?: { expectedPort?: number };
  /** Severity of the failing case's finding. */
  readonly severity: 'error' | 'warning';
  readonly line: number;
}

const cases: RuleCase[] = [
  {
    rule: 'dockerfile-root-user',
    failing: replace('USER 65532\n', '').replace('gcr.io/distroless/static-debian12:nonroot', 'alpine:3.21.0'),
    passing: good,
    severity: 'error',
    line: 6,
  },
  { rule: 'dockerfile-root-user', failing: replace('USER 65532', 'USER root'), passing: replace('USER 65532', 'USER 10001:10001'), severity: 'error', line: 8 },
  { rule: 'dockerfile-root-user', failing: replace('USER 65532', 'USER 0:0'), passing: replace('USER 65532\n', ''), severity: 'error', line: 8 },
  { rule: 'dockerfile-user-not-numeric', failing: replace('USER 65532', 'USER app'), passing: good, severity: 'warning', line: 8 },
  { rule: 'dockerfile-unpinned-base', failing: replace('golang:1.23.4-alpine3.21', 'golang'), passing: good, severity: 'error', line: 1 },
  { rule: 'dockerfile-unpinned-base', failing: replace('golang:1.23.4-alpine3.21', 'golang:latest'), passing: replace('golang:1.23.4-alpine3.21', 'golang@sha256:0123456789abcdef'), severity: 'error', line: 1 },
  { rule: 'dockerfile-unpinned-base', failing: replace('golang:1.23.4-alpine3.21', 'golang:1.23-alpine'), passing: replace('golang:1.23.4-alpine3.21', 'golang:1.23.4-bookworm'), severity: 'warning', line: 1 },
  { rule: 'dockerfile-unpinned-base', failing: replace('COPY . .', 'COPY --from=busybox:musl /bin/sh /sh'), passing: replace('COPY . .', 'COPY --from=busybox:1.37.0-musl /bin/sh /sh'), severity: 'warning', line: 3 },
  {
    rule: 'dockerfile-single-stage',
    failing: 'FROM node:22.12.0-alpine3.21\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER 1000\nEXPOSE 3000\nCMD ["node", "dist/main.js"]\n',
    passing: 'FROM nginxinc/nginx-unprivileged:1.27.3-alpine3.20\nCOPY dist /usr/share/nginx/html\nUSER 101\nEXPOSE 8080\n',
    severity: 'warning',
    line: 4,
  },
  { rule: 'dockerfile-add-instead-of-copy', failing: replace('COPY . .', 'ADD . .'), passing: replace('COPY . .', 'ADD vendor.tar.gz /src/'), severity: 'warning', line: 3 },
  {
    rule: 'dockerfile-add-instead-of-copy',
    failing: replace('COPY . .', 'ADD https://example.com/tool.tgz /tmp/'),
    passing: replace('COPY . .', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /tmp/'),
    severity: 'warning',
    line: 3,
  },
  { rule: 'dockerfile-secret-in-build', failing: replace('USER 65532', 'ENV API_KEY=sk-live-123\nUSER 65532'), passing: replace('USER 65532', 'ENV API_KEY_FILE=/run/secrets/api-key\nUSER 65532'), severity: 'error', line: 8 },
  { rule: 'dockerfile-secret-in-build', failing: replace('WORKDIR /src', 'ARG NPM_TOKEN\nWORKDIR /src'), passing: replace('WORKDIR /src', 'ARG VERSION=1.0.0\nWORKDIR /src'), severity: 'warning', line: 2 },
  {
    rule: 'dockerfile-secret-in-build',
    failing: replace('USER 65532', 'ENV DATABASE_URL=postgres://app:hunter2@db:5432/app\nUSER 65532'),
    passing: replace('USER 65532', 'ENV DATABASE_HOST=db\nUSER 65532'),
    severity: 'error',
    line: 8,
  },
  { rule: 'dockerfile-expose-mismatch', failing: good, passing: good, options: { expectedPort: 3000 }, severity: 'error', line: 9 },
  { rule: 'dockerfile-expose-mismatch', failing: replace('EXPOSE 8080\n', ''), passing: replace('EXPOSE 8080', 'EXPOSE 8080/tcp'), options: { expectedPort: 8080 }, severity: 'warning', line: 6 },
  {
    rule: 'dockerfile-package-cache',
    failing: replace('USER 65532', 'RUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 65532').replace('gcr.io/distroless/static-debian12:nonroot', 'debian:bookworm-20241223-slim'),
    passing: replace('USER 65532', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 65532').replace('gcr.io/distroless/static-debian12:nonroot', 'debian:bookworm-20241223-slim'),
    severity: 'warning',
    line: 8,
  },
  {
    rule: 'dockerfile-package-cache',
    failing: replace('USER 65532', 'RUN apk add curl\nUSER 65532').replace('gcr.io/distroless/static-debian12:nonroot', 'alpine:3.21.0'),
    passing: replace('USER 65532', 'RUN apk add --no-cache curl\nUSER 65532').replace('gcr.io/distroless/static-debian12:nonroot', 'alpine:3.21.0'),
    severity: 'warning',
    line: 8,
  },
  {
    rule: 'dockerfile-package-cache',
    failing: replace('USER 65532', 'RUN pip install requests\nUSER 65532').replace('gcr.io/distroless/static-debian12:nonroot', 'python:3.12.8-slim-bookworm'),
    passing: replace('USER 65532', 'ENV PIP_NO_CACHE_DIR=1\nRUN pip install requests\nUSER 65532').replace('gcr.io/distroless/static-debian12:nonroot', 'python:3.12.8-slim-bookworm'),
    severity: 'warning',
    line: 8,
  },
];

for (const c of cases) {
  test(`${c.rule}: reports ${c.failing === c.passing ? `with expectedPort ${c.options?.expectedPort}` : 'the failing case'} and not the passing one`, () => {
    const failing = lintDockerfile(c.failing, 'Dockerfile', c.options).filter((d) => d.code === c.rule);
    assert.equal(failing.length, 1, JSON.stringify(failing));
    assert.equal(failing[0].severity, c.severity);
    assert.deepEqual(failing[0].position, { file: 'Dockerfile', line: c.line, column: 1 });
    assert.match(failing[0].hint ?? '', new RegExp(`docs/dockerfile-rules\\.md#${c.rule}`));
    const passingOptions = c.failing === c.passing ? { expectedPort: 8080 } : c.options;
    assert.deepEqual(lintDockerfile(c.passing, 'Dockerfile', passingOptions).filter((d) => d.code === c.rule), []);
  });
}

test('every rule has a failing case above, and a documented section', async () => {
  const { readFileSync } = await import('node:fs');
  const docs = readFileSync(new URL('../../docs/dockerfile-rules.md', import.meta.url), 'utf8');
  for (const rule of dockerfileRules) {
    assert.ok(cases.some((c) => c.rule === rule.id), `a case for ${rule.id}`);
    assert.match(docs, new RegExp(`^## ${rule.id}$`, 'm'), `docs/dockerfile-rules.md has a section for ${rule.id}`);
  }
});

test('the clean Dockerfile has no finding at all', () => {
  assert.deepEqual(lintDockerfile(good, 'Dockerfile', { expectedPort: 8080 }), []);
});

test('findings are sorted by position and carry file:line:column', () => {
  const text = 'FROM node\nADD . /app\nENV SECRET_TOKEN=abc\nEXPOSE 3000\n';
  const findings = lintDockerfile(text, 'svc/Dockerfile', { expectedPort: 8080 });
  const lines = findings.map((d) => d.position!.line);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  assert.deepEqual(
    findings.map((d) => d.code),
    ['dockerfile-root-user', 'dockerfile-unpinned-base', 'dockerfile-add-instead-of-copy', 'dockerfile-secret-in-build', 'dockerfile-expose-mismatch'],
  );
  assert.ok(findings.every((d) => d.position!.file === 'svc/Dockerfile'));
});

test('a berth:ignore comment silences the named rule on the next instruction only', () => {
  const text = 'FROM node:22.12.0-alpine3.21\n# berth:ignore=dockerfile-add-instead-of-copy the archive is a plain directory here\nADD . /app\nADD . /other\nUSER 1000\n';
  const findings = lintDockerfile(text, 'Dockerfile').filter((d) => d.code === 'dockerfile-add-instead-of-copy');
  assert.deepEqual(findings.map((d) => d.position!.line), [4]);
});

test('build arguments in FROM are resolved from their defaults', () => {
  const pinned = 'ARG BASE=python:3.12.8-slim-bookworm\nFROM ${BASE}\nUSER 10001\n';
  assert.deepEqual(lintDockerfile(pinned, 'Dockerfile').filter((d) => d.code === 'dockerfile-unpinned-base'), []);
  const open = 'ARG BASE\nFROM ${BASE}\nUSER 10001\n';
  assert.equal(lintDockerfile(open, 'Dockerfile').find((d) => d.code === 'dockerfile-unpinned-base')?.severity, 'warning');
});

test('the user of a stage the final stage is built on counts', () => {
  const text = 'FROM python:3.12.8-slim-bookworm AS base\nUSER 10001\nFROM base\nCMD ["python"]\n';
  assert.deepEqual(lintDockerfile(text, 'Dockerfile').filter((d) => d.code === 'dockerfile-root-user'), []);
});

test('a file without FROM is one error', () => {
  assert.deepEqual(lintDockerfile('# nothing\n', 'Dockerfile').map((d) => d.code), ['dockerfile-no-from']);
});

test('image pinning classification', () => {
  const table: [string, string][] = [
    ['node:22.12.0-alpine3.21', 'exact'],
    ['gcr.io/distroless/static-debian12:nonroot', 'exact'],
    ['debian:bookworm-20241223-slim', 'exact'],
    ['eclipse-temurin:21.0.5_11-jre-alpine', 'exact'],
    ['registry.example.com:5000/team/app@sha256:abc', 'digest'],
    ['registry.example.com:5000/team/app', 'missing'],
    ['python:latest', 'latest'],
    ['python:3.12-slim', 'floating'],
    ['debian:bookworm-slim', 'floating'],
    ['gcr.io/distroless/static-debian12:latest', 'latest'],
  ];
  for (const [image, expected] of table) assert.equal(classifyPinning(parseImageReference(image)), expected, image);
});

test('secret-looking names', () => {
  const secret = ['API_KEY', 'apiKey', 'DB_PASSWORD', 'GITHUB_TOKEN', 'CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY'];
  const harmless = ['API_KEY_FILE', 'TOKEN_URL', 'PUBLIC_KEY', 'SECRET_NAME', 'KEYCLOAK_REALM', 'MONKEY', 'PORT'];
  for (const name of secret) assert.equal(looksLikeSecretName(name), true, name);
  for (const name of harmless) assert.equal(looksLikeSecretName(name), false, name);
});
