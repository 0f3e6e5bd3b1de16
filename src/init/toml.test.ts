import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseToml } from './toml.ts';

test('reads the TOML that Cargo and pyproject manifests use', () => {
  const text = [
    '# comment',
    '[package]',
    'name = "svg-server" # trailing comment',
    "edition = '2021'",
    'autobins = false',
    '',
    '[dependencies]',
    'tokio = { version = "1.42", features = ["full", "tracing"] }',
    'serde.workspace = true',
    '"quoted-key" = 1_000',
    '',
    '[[bin]]',
    'name = "server"',
    'path = "src/bin/server.rs"',
    '[[bin]]',
    'name = "cli"',
    '',
    '[project]',
    'dependencies = [',
    '  "fastapi[standard]>=0.115",  # the web framework',
    '  "asyncpg",',
    ']',
    'description = """',
    'multi',
    'line"""',
  ].join('\n');
  assert.deepEqual(parseToml(text), {
    package: { name: 'svg-server', edition: '2021', autobins: false },
    dependencies: { tokio: { version: '1.42', features: ['full', 'tracing'] }, serde: { workspace: true }, 'quoted-key': 1000 },
    bin: [{ name: 'server', path: 'src/bin/server.rs' }, { name: 'cli' }],
    project: { dependencies: ['fastapi[standard]>=0.115', 'asyncpg'], description: 'multi\nline' },
  });
});

test('keeps what it read before a construct it cannot read', () => {
  assert.deepEqual(parseToml('[package]\nname = "a"\nbroken = \n[other]\nx = 1\n'), { package: { name: 'a' } });
});
