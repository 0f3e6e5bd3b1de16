// Secrets from a store, through the CLI: ExternalSecrets where an environment reads from External
// Secrets, none where it keeps pre-created Secrets, equal in every format under the real engines.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { TARGETS } from '../src/targets/index.ts';
import { REPO_ROOT } from './helpers.ts';

async function berth(args: string[], cwd: string) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

type Any = Record<string, any>;
const fixture = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'external-secrets', 'berth.yaml'), 'utf8');

function workspace(text = fixture): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-eso-'));
  writeFileSync(join(dir, 'berth.yaml'), text);
  return dir;
}

async function rendered(dir: string, env: string): Promise<Any[]> {
  const result = await berth(['render', '--env', env, '-o', 'json'], dir);
  assert.equal(result.code, 0, result.err);
  return (JSON.parse(result.out) as { items: Any[] }).items;
}

const externalSecrets = (objects: Any[]) => objects.filter((o) => o.kind === 'ExternalSecret');

test('external secrets: generate all, verify every format in every environment', async () => {
  const dir = workspace();
  const generated = await berth(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  // dev: in-cluster postgres, no store; staging and prod: four ExternalSecrets (TLS comes from cert-manager).
  const counts: Record<string, number> = { dev: 14, staging: 13, prod: 13 };
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) {
    for (const [env, count] of Object.entries(counts)) assert.match(verified.out, new RegExp(`^${target.name} ${env}: ok — ${count} objects equal`, 'm'));
  }
  const checked = await berth(['check', '--fail-on', 'warning'], dir);
  assert.equal(checked.code, 0, checked.out);
});

test('external secrets: one per Secret the app reads, with the store and keys of each environment', async () => {
  const dir = workspace();
  assert.deepEqual(externalSecrets(await rendered(dir, 'dev')), [], 'dev keeps pre-created Secrets');
  const summary = (objects: Any[]) =>
    externalSecrets(objects).map((o) => ({
      name: o.metadata.name,
      target: o.spec.target.name,
      store: `${o.spec.secretStoreRef.kind}/${o.spec.secretStoreRef.name}`,
      refresh: o.spec.refreshInterval,
      data: o.spec.data.map((d: Any) => `${d.secretKey} <- ${d.remoteRef.key}#${d.remoteRef.property}`),
    }));
  assert.deepEqual(summary(await rendered(dir, 'prod')), [
    { name: 'vault-app-db', target: 'vault-app-db', store: 'ClusterSecretStore/vault-prod', refresh: '15m', data: ['url <- prod/vault-app/db#url'] },
    { name: 'vault-app-session', target: 'vault-app-session', store: 'ClusterSecretStore/vault-prod', refresh: '15m', data: ['previous <- vault-app-session#previous', 'secret <- vault-app-session#secret'] },
    { name: 'vault-app-stripe', target: 'vault-app-stripe', store: 'ClusterSecretStore/vault-prod', refresh: '15m', data: ['api-key <- prod/vault-app/stripe#api-key'] },
  ]);
  const staging = await rendered(dir, 'staging');
  assert.deepEqual(summary(staging).map((s) => `${s.name} ${s.store} ${s.refresh} ${s.data.join(',')}`), [
    'vault-app-db ClusterSecretStore/vault 1h url <- vault-app-db#url',
    'vault-app-session ClusterSecretStore/vault 1h previous <- vault-app-session#previous,secret <- vault-app-session#secret',
    'vault-app-stripe ClusterSecretStore/vault 1h api-key <- apps/vault-app/stripe#api-key',
  ]);
  for (const object of externalSecrets(staging)) {
    assert.doesNotThrow(() => new ExternalSecret(object as never).validate());
    assert.deepEqual([object.spec.target.creationPolicy, object.spec.target.deletionPolicy], ['Orphan', 'Retain'], 'the Secret outlives its ExternalSecret');
  }
  // The pods read the Secrets the ExternalSecrets make, by the same names.
  const deployment = staging.find((o) => o.kind === 'Deployment')!;
  const referenced = new Set(deployment.spec.template.spec.containers[0].env.filter((e: Any) => e.valueFrom?.secretKeyRef).map((e: Any) => e.valueFrom.secretKeyRef.name));
  assert.deepEqual([...referenced].sort(), externalSecrets(staging).map((o) => o.spec.target.name).sort());
  // The architecture picture says where each Secret comes from.
  const picture = await berth(['render', '--env', 'prod', '-o', 'mermaid'], dir);
  assert.match(picture.out, /<b>vault-app-stripe<\/b><br\/>Secret<br\/>from ClusterSecretStore vault-prod \(ExternalSecret\)/);
  assert.doesNotMatch((await berth(['render', '--env', 'dev', '-o', 'mermaid'], dir)).out, /ExternalSecret/);
});

test('external secrets: a TLS Secret from the store is a kubernetes.io/tls Secret; an in-cluster database reads its password from the store', async () => {
  const dir = workspace(fixture.replace('    vault-app-tls: false        # cert-manager makes it\n', '').replace('    secrets: { from: existing }\n', ''));
  const dev = externalSecrets(await rendered(dir, 'dev'));
  assert.deepEqual(dev.map((o) => o.metadata.name), ['vault-app-postgres', 'vault-app-session', 'vault-app-stripe']);
  assert.deepEqual(dev[0].spec.data, [{ remoteRef: { key: 'vault-app-postgres', property: 'password' }, secretKey: 'password' }]);
  const tls = externalSecrets(await rendered(dir, 'prod')).find((o) => o.metadata.name === 'vault-app-tls')!;
  assert.deepEqual(tls.spec.target.template, { type: 'kubernetes.io/tls' });
  assert.deepEqual(tls.spec.data.map((d: Any) => d.secretKey), ['tls.crt', 'tls.key']);
});

test('external secrets: the Helm chart makes them before the migration Job (hooks), and no file holds a secret value', async () => {
  const dir = workspace();
  assert.equal((await berth(['generate'], dir)).code, 0);
  const chart = join(dir, 'deploy', 'helm', 'vault-app', 'templates');
  const template = readFileSync(join(chart, 'vault-app-stripe-externalsecret.yaml'), 'utf8');
  assert.match(template, /helm\.sh\/hook: pre-install,pre-upgrade,pre-rollback/);
  assert.match(template, /helm\.sh\/hook-weight: "-20"/);
  const files = (root: string): string[] => readdirSync(root).flatMap((name) => (statSync(join(root, name)).isDirectory() ? files(join(root, name)) : [join(root, name)]));
  for (const file of files(join(dir, 'deploy'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /kind: "?Secret"?\s*$/m, `${file} writes no Secret object`);
    assert.doesNotMatch(text, /stringData/, file);
  }
});

test('external secrets: mistakes are reported at their line and column', async () => {
  const dir = workspace(
    fixture
      .replace('  store: { name: vault, kind: ClusterSecretStore }\n', '')
      .replace('        vault-app-stripe: prod/vault-app/stripe', '        vault-app-strpe: prod/vault-app/stripe'),
  );
  const result = await berth(['validate'], dir);
  assert.equal(result.code, 2);
  assert.match(result.err, /berth\.yaml:27:9 error secrets-store-missing: the app reads its Secrets from External Secrets but names no store/);
  assert.match(result.err, /berth\.yaml:45:9 error secrets-unknown-remote-key: secrets\.remoteKeys names Secret "vault-app-strpe", which environment prod does not read \(did you mean "vault-app-stripe"\?\)/);
});

test('external secrets: one Secret for two uses, or a dependency whose two Secrets share a name, is refused where it is written', async () => {
  const shared = workspace(fixture.replace('external: { secret: vault-app-db, key: url }', 'external: { secret: vault-app-stripe, key: url }'));
  const one = await berth(['validate'], shared);
  assert.equal(one.code, 2);
  assert.match(one.err, /berth\.yaml:20:25 error secrets-one-source: the app reads Secret "vault-app-stripe" for the api STRIPE_KEY and for the URL of the external postgres/);
  const same = workspace(fixture.replace('external: { secret: vault-app-db, key: url }', 'external: { secret: vault-app-postgres, key: url }'));
  const two = await berth(['validate'], same);
  assert.equal(two.code, 2);
  assert.match(two.err, /berth\.yaml:20:25 error secrets-dependency-names: dependency postgres names its external URL Secret and its in-cluster password Secret both "vault-app-postgres"/);
});
