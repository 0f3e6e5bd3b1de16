// Sealed Secrets, through the CLI: the SealedSecret files the user made with kubeseal become
// SealedSecret objects in every format (their ciphertexts only), checked against the CRD model and
// against the Secrets the app reads; a file that does not fit is an error at its line and column.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { parse } from 'yaml';
import { run } from '../src/cli/main.ts';
import { loadModel } from '../src/commands/load-model.ts';
import { bundledEngines } from '../src/engines/index.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { emitHelmChart } from '../src/targets/helm/index.ts';
import { renderWithHelm } from '../src/targets/helm/render-chart.ts';
import { compareObjects, formatDifferences } from '../src/verify/compare.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { TARGETS } from '../src/targets/index.ts';
import { REPO_ROOT } from './helpers.ts';

type Any = Record<string, any>;
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'sealed-secrets');

async function berth(args: string[], cwd: string) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-sealed-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function sealedSecrets(dir: string, env: string): Promise<Any[]> {
  const result = await berth(['render', '--env', env, '-o', 'json'], dir);
  assert.equal(result.code, 0, result.err);
  return (JSON.parse(result.out) as { items: Any[] }).items.filter((o) => o.kind === 'SealedSecret');
}

test('sealed secrets: generate all, verify every format in every environment', async () => {
  const dir = workspace();
  const generated = await berth(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  const counts: Record<string, number> = { dev: 13, staging: 12, prod: 12 };
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) {
    for (const [env, count] of Object.entries(counts)) assert.match(verified.out, new RegExp(`^${target.name} ${env}: ok — ${count} objects equal`, 'm'));
  }
  const checked = await berth(['check', '--fail-on', 'warning'], dir);
  assert.equal(checked.code, 0, checked.out);
});

test('sealed secrets: one SealedSecret per Secret, carrying exactly the ciphertexts of its file', async () => {
  const dir = workspace();
  assert.deepEqual(await sealedSecrets(dir, 'dev'), [], 'dev keeps pre-created Secrets');
  for (const env of ['staging', 'prod']) {
    const objects = await sealedSecrets(dir, env);
    assert.deepEqual(objects.map((o) => o.metadata.name), ['sealed-app-redis-url', 'sealed-app-tls', 'sealed-app-token']);
    for (const object of objects) {
      const file = parse(readFileSync(join(FIXTURE, 'sealed-secrets', env, `${object.metadata.name}.yaml`), 'utf8')) as Any;
      assert.deepEqual(object.spec.encryptedData, file.spec.encryptedData, `${env} ${object.metadata.name}`);
      assert.equal(object.metadata.namespace, `sealed-app-${env}`);
      assert.equal(object.spec.template.metadata.annotations['sealedsecrets.bitnami.com/skip-set-owner-references'], 'true');
      assert.doesNotThrow(() => new SealedSecret(object as never).validate());
    }
    assert.equal(objects.find((o) => o.metadata.name === 'sealed-app-tls')!.spec.template.type, 'kubernetes.io/tls');
  }
  // The sealed files of one environment never reach another.
  const [staging, prod] = [await sealedSecrets(dir, 'staging'), await sealedSecrets(dir, 'prod')];
  assert.notDeepEqual(staging[0].spec.encryptedData, prod[0].spec.encryptedData);
});

test('sealed secrets: a missing file is a warning with the kubeseal command, and its SealedSecret is left out', async () => {
  const dir = workspace();
  rmSync(join(dir, 'sealed-secrets', 'prod', 'sealed-app-token.yaml'));
  const generated = await berth(['generate', '--target', 'helm'], dir);
  assert.equal(generated.code, 0, generated.err);
  assert.match(generated.err, /warning sealed-file-missing: environment prod reads Secret sealed-app-token \(web API_TOKEN\), but sealed-secrets\/prod\/sealed-app-token\.yaml does not exist/);
  assert.match(generated.err, /kubectl -n sealed-app-prod create secret generic sealed-app-token \.\.\. --dry-run=client -o yaml \| kubeseal --format yaml > sealed-secrets\/prod\/sealed-app-token\.yaml/);
  assert.deepEqual((await sealedSecrets(dir, 'prod')).map((o) => o.metadata.name), ['sealed-app-redis-url', 'sealed-app-tls']);
  assert.equal((await berth(['verify', '--target', 'helm'], dir)).code, 0);
});

test('sealed secrets: a file sealed for another namespace, or without a key the app reads, is an error at its line', async () => {
  const dir = workspace();
  const token = join(dir, 'sealed-secrets', 'prod', 'sealed-app-token.yaml');
  writeFileSync(token, readFileSync(token, 'utf8').replace('  namespace: sealed-app-prod', '  namespace: sealed-app-staging'));
  const wrongNamespace = await berth(['validate'], dir);
  assert.equal(wrongNamespace.code, 2, wrongNamespace.err);
  assert.match(wrongNamespace.err, /sealed-secrets\/prod\/sealed-app-token\.yaml:7:14 error sealed-file-namespace: .* is sealed for namespace sealed-app-staging, not sealed-app-prod/);

  const tls = join(dir, 'sealed-secrets', 'staging', 'sealed-app-tls.yaml');
  writeFileSync(tls, readFileSync(tls, 'utf8').replace(/^ {4}tls\.key: .*\n/m, ''));
  const missingKey = await berth(['render', '--env', 'staging'], dir);
  assert.equal(missingKey.code, 2);
  assert.match(missingKey.err, /sealed-secrets\/staging\/sealed-app-tls\.yaml:10:5 error sealed-file-keys: .* lacks "tls\.key", which the app reads \(TLS certificate for sealed\.example\.com\)/);

  writeFileSync(tls, 'apiVersion: v1\nkind: Secret\nmetadata: { name: sealed-app-tls }\nstringData: { tls.key: plain }\n');
  const notSealed = await berth(['validate'], dir);
  assert.match(notSealed.err, /sealed-app-tls\.yaml:2:7 error sealed-file-invalid: .* is not a SealedSecret/);
});

test('sealed and external secrets: Helm 3 renders the charts exactly as Helm 4 and berth do', async () => {
  const { helm3, helm4 } = await bundledEngines();
  for (const fixture of ['sealed-secrets', 'external-secrets']) {
    const { model } = await loadModel(join(REPO_ROOT, 'test', 'fixtures', fixture, 'berth.yaml'), REPO_ROOT);
    const out = mkdtempSync(join(tmpdir(), 'berth-helm3-'));
    for (const file of emitHelmChart(model)) {
      mkdirSync(dirname(join(out, file.path)), { recursive: true });
      writeFileSync(join(out, file.path), file.content);
    }
    for (const env of model.registry.environments) {
      for (const helm of [helm3, helm4]) {
        const rendered = await renderWithHelm(helm, model, join(out, model.spec.base.name), env);
        assert.ok(rendered.ok, JSON.stringify(rendered));
        const differences = compareObjects(resolveObjects(model, env), rendered.objects);
        assert.equal(differences.length, 0, `${fixture} ${env} ${helm.origin}: ${formatDifferences(differences)}`);
      }
    }
  }
});
