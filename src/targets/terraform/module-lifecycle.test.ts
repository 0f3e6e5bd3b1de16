// The module's life in a real configuration: component claims survive `terraform destroy` where
// keepVolumes holds, a re-apply never re-runs the migration Job, and it works as a child module.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emitTerraformModule } from './emit/emit-module.ts';
import { parseHcl } from './evaluate/parse-module.ts';
import { parseTerraformFiles, renderParsed } from './evaluate/render-module.ts';
import { modelFromText } from './test-support.ts';

const spec = (dev: string) => `
name: wp
version: 6.4.0
components:
  site:
    image: wordpress
    port: 8080
    replicas: 1
    volumes:
      uploads: { path: /var/www/html/wp-content, size: 5Gi }
jobs:
  migrate: { component: site, command: [wp, core, update-db] }
environments:
  dev: { namespace: wp-dev${dev} }
  prod: { namespace: wp-prod }
`;

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

async function claimBlocks(text: string) {
  const files = emitTerraformModule(modelFromText(text, 'berth.yaml'));
  const file = files.find((f) => f.path === 'component-site.tf')!;
  const hcl = (await parseHcl(file.path, file.content)) as { resource: Blocks };
  return { files, claims: hcl.resource.kubernetes_persistent_volume_claim_v1 };
}

test('claims are protected from terraform destroy when every environment keeps volumes', async () => {
  const { claims } = await claimBlocks(spec(''));
  assert.deepEqual(Object.keys(claims), ['site_uploads']);
  assert.deepEqual(claims.site_uploads[0].lifecycle, [{ prevent_destroy: true }]);
});

test('an environment with keepVolumes: false gets an unprotected claim, the others the protected one', async () => {
  const { files, claims } = await claimBlocks(spec(', keepVolumes: false'));
  assert.deepEqual(Object.keys(claims).sort(), ['site_uploads', 'site_uploads_disposable']);
  assert.deepEqual(claims.site_uploads[0].lifecycle, [{ prevent_destroy: true }]);
  assert.equal(claims.site_uploads_disposable[0].lifecycle, undefined);
  const parsed = await parseTerraformFiles(files);
  for (const [environment, kept] of [['dev', false], ['prod', true]] as const) {
    const { evaluation } = renderParsed(parsed, environment);
    const addresses = evaluation.resources.filter((r) => r.type === 'kubernetes_persistent_volume_claim_v1').map((r) => r.address);
    assert.deepEqual(addresses, [kept ? 'kubernetes_persistent_volume_claim_v1.site_uploads[0]' : 'kubernetes_persistent_volume_claim_v1.site_uploads_disposable[0]']);
  }
});

test('re-evaluating with unchanged inputs gives the same migration Job, with no TTL that would make Terraform re-create it', async () => {
  const { files } = await claimBlocks(spec(''));
  const parsed = await parseTerraformFiles(files);
  const job = () => renderParsed(parsed, 'prod').evaluation.resources.find((r) => r.type === 'kubernetes_job_v1')!;
  const first = job();
  const second = job();
  assert.deepEqual(second, first);
  assert.equal(JSON.stringify(first.body).includes('ttl_seconds_after_finished'), false);
  const text = files.find((f) => f.path === 'job-migrate.tf')!.content;
  assert.doesNotMatch(text, /^\s+ttl_seconds_after_finished\s*=/m);
});

test('the module has no provider block, so it also works as a child module; create_namespace adds the Namespace first', async () => {
  const { files } = await claimBlocks(spec(''));
  for (const file of files.filter((f) => f.path.endsWith('.tf'))) {
    const hcl = await parseHcl(file.path, file.content);
    assert.equal('provider' in hcl, false, `${file.path} configures no provider`);
  }
  const parsed = await parseTerraformFiles(files);
  assert.equal(renderParsed(parsed, 'prod').objects.some((o) => o.kind === 'Namespace'), false, 'by default the namespace must exist');
  const created = renderParsed(parsed, 'prod', { create_namespace: true }).objects;
  const namespace = created.find((o) => o.kind === 'Namespace');
  assert.deepEqual(namespace?.metadata, { name: 'wp-prod', labels: { 'app.kubernetes.io/part-of': 'wp' } });
  for (const object of created.filter((o) => o.kind !== 'Namespace')) assert.equal(object.metadata.namespace, 'wp-prod', `${object.kind}/${object.metadata.name}`);
});
