// The checked-in provider schema snapshot is what scripts/terraform-provider-schema.ts derives from
// the provider's generated bindings (@cdktf/provider-kubernetes, frozen at provider 2.38), so it is
// never a hand-made list; and it covers every resource type berth emits.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildProviderSchema } from '../../../scripts/terraform-provider-schema.ts';
import { RESOURCE_KINDS } from './evaluate/provider-mapping.ts';
import { providerSchema } from './provider-schema.ts';

const bindings = fileURLToPath(new URL('../../../node_modules/@cdktf/provider-kubernetes/package.json', import.meta.url));

describe('provider schema snapshot', () => {
  test('is pinned to provider 2.38', () => {
    assert.match(providerSchema().version, /^2\.38\.\d+$/);
    assert.ok(providerSchema().resourceTypes.length > 50);
  });

  test('equals what the script derives from the generated bindings', (t) => {
    if (!existsSync(bindings)) {
      t.skip('@cdktf/provider-kubernetes is not installed (npm install), so the snapshot cannot be regenerated here');
      return;
    }
    const onDisk = readFileSync(new URL('./provider-schema.json', import.meta.url), 'utf8');
    assert.equal(`${JSON.stringify(buildProviderSchema(), null, 1)}\n`, onDisk, 'run: npx tsx scripts/terraform-provider-schema.ts');
  });

  test('has the full schema of every typed resource the evaluation maps', () => {
    for (const type of Object.keys(RESOURCE_KINDS)) {
      assert.ok(providerSchema().resourceTypes.includes(type), type);
      assert.ok(providerSchema().resources[type]?.blocks.metadata, `${type} has a metadata block`);
    }
  });

  test('knows the provider\'s own spelling of the fields berth relies on', () => {
    const pod = providerSchema().resources.kubernetes_deployment_v1.blocks.spec.block.blocks.template.block.blocks.spec.block;
    assert.equal(pod.blocks.container.nesting, 'list');
    assert.ok(pod.blocks.container.block.blocks.volume_mount);
    assert.equal(pod.blocks.container.block.blocks.security_context.nesting, 'single');
    assert.deepEqual(providerSchema().resources.kubernetes_deployment_v1.blocks.spec.block.attributes.replicas.type, 'string');
    assert.deepEqual(providerSchema().resources.kubernetes_persistent_volume_claim_v1.blocks.spec.block.attributes.access_modes.type, ['set', 'string']);
  });
});
