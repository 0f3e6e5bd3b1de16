// The target as `berth verify` uses it: render the module on disk per environment, say that the
// result is berth's evaluation and not Terraform's, show drift after a hand edit, and fail with a
// file:line message on broken HCL or an argument the provider does not have.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { resolveObjects } from '../../model/resolve.ts';
import { compareObjects, withoutFields } from '../../verify/compare.ts';
import type { RenderResult } from '../target.ts';
import { PROVIDER_DEFAULTS } from './evaluate/provider-defaults.ts';
import { terraformTarget } from './index.ts';
import { exampleSpecs } from './test-support.ts';

const scratch = mkdtempSync(join(tmpdir(), 'berth-tf-target-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const spec = exampleSpecs().find((s) => s.name === 'examples/todo-chatbot') ?? exampleSpecs()[0];
const environment = spec.model.registry.environments[0];

function writeModule(name: string): string {
  const directory = join(scratch, name);
  for (const file of terraformTarget.emit(spec.model)) {
    mkdirSync(dirname(join(directory, file.path)), { recursive: true });
    writeFileSync(join(directory, file.path), file.content);
  }
  return directory;
}

function edit(directory: string, file: string, from: string | RegExp, to: string): void {
  const path = join(directory, file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  assert.notEqual(changed, text, `the edit of ${file} changed nothing`);
  writeFileSync(path, changed);
}

function objectsOf(result: RenderResult) {
  assert.ok(result.ok, `render failed: ${'failure' in result ? result.failure : 'missing' in result ? result.missing : ''}`);
  return result;
}

describe(`terraform target on ${spec.name}`, () => {
  test('renders every environment from disk equal to berth render, and says whose evaluation it is', async () => {
    const directory = writeModule('clean');
    for (const env of spec.model.registry.environments) {
      const result = objectsOf(await terraformTarget.render!(spec.model, env, { directory, env: {} }));
      assert.match(result.engine, /berth's evaluation of the HCL, not Terraform's/);
      assert.deepEqual(compareObjects(withoutFields(resolveObjects(spec.model, env), terraformTarget.omittedFields ?? []), result.objects), []);
    }
  });

  test('a hand edit shows as drift naming the object and the field', async () => {
    const directory = writeModule('edited');
    const file = terraformTarget.emit(spec.model).find((f) => /^component-.*\.tf$/.test(f.path))!.path;
    edit(directory, file, /max_unavailable = "0"/, 'max_unavailable = "2"');
    const result = objectsOf(await terraformTarget.render!(spec.model, environment, { directory, env: {} }));
    const differences = compareObjects(resolveObjects(spec.model, environment), result.objects);
    assert.ok(differences.length > 0);
    assert.ok(differences.some((d) => d.path === 'spec.strategy.rollingUpdate.maxUnavailable' && d.expected === 0 && d.actual === 2), JSON.stringify(differences));
  });

  test('a tfvars value changes what is rendered, as Terraform would apply it', async () => {
    const directory = writeModule('tfvars');
    edit(directory, `envs/${environment}.tfvars`, /^(namespace\s+=) ".*"$/m, '$1 "somewhere-else"');
    const result = objectsOf(await terraformTarget.render!(spec.model, environment, { directory, env: {} }));
    assert.ok(result.objects.every((o) => o.metadata.namespace === 'somewhere-else'));
  });

  test('broken HCL fails with the parser\'s file:line:column', async () => {
    const directory = writeModule('broken');
    edit(directory, 'outputs.tf', 'output "namespace" {', 'output "namespace" {\n  value = \n');
    const result = await terraformTarget.render!(spec.model, environment, { directory, env: {} });
    assert.ok(!result.ok && 'failure' in result);
    assert.match(result.failure, /outputs\.tf:\d+,\d+/);
  });

  test('an argument the provider schema lacks fails the evaluation, as terraform validate would', async () => {
    const directory = writeModule('unsupported');
    edit(directory, 'app.tf', /policy_types = /, 'policy_typez = ["Ingress"]\n    policy_types = ');
    const result = await terraformTarget.render!(spec.model, environment, { directory, env: {} });
    assert.ok(!result.ok && 'failure' in result);
    assert.match(result.failure, /Unsupported argument.*policy_typez/);
  });

  test('without HashiCorp\'s parser installed the environment is reported as not checked, with the install command', () => {
    const directory = writeModule('no-parser');
    // A preload makes @cdktf/hcl2json unresolvable, as in an install without dev dependencies.
    const hide = join(scratch, 'hide-hcl2json.cjs');
    writeFileSync(
      hide,
      "const Module = require('node:module'); const resolve = Module._resolveFilename; Module._resolveFilename = function (request, ...rest) { if (request === '@cdktf/hcl2json') { const e = new Error(\"Cannot find module '@cdktf/hcl2json'\"); e.code = 'MODULE_NOT_FOUND'; throw e; } return resolve.call(this, request, ...rest); };\n",
    );
    const script = `const { terraformTarget } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)}); console.log(JSON.stringify(await terraformTarget.render({}, ${JSON.stringify(environment)}, { directory: ${JSON.stringify(directory)}, env: {} })));`;
    const output = execFileSync(process.execPath, ['--require', hide, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    const result = JSON.parse(output.trim().split('\n').pop()!) as RenderResult;
    assert.ok(!result.ok && 'missing' in result, output);
    assert.match(result.missing, /@cdktf\/hcl2json .*not installed.*npm install/);
  });

  test('a missing module directory is reported, not rendered as empty', async () => {
    const result = await terraformTarget.render!(spec.model, environment, { directory: join(scratch, 'nowhere'), env: {} });
    assert.ok(!result.ok && 'failure' in result);
    assert.match(result.failure, /does not exist/);
  });
});

describe('docs/targets/terraform.md', () => {
  test('lists every provider default the evaluation applies, with its value', () => {
    const docs = readFileSync(new URL('../../../docs/targets/terraform.md', import.meta.url), 'utf8');
    for (const d of PROVIDER_DEFAULTS) {
      assert.ok(docs.includes(d.field), `${d.field} is missing from the defaults table`);
      const shown = typeof d.value === 'string' ? (d.value === '' ? '""' : d.value) : JSON.stringify(d.value);
      assert.ok(docs.includes(`\`${shown}\``), `${d.field} = ${shown} is missing from the defaults table`);
    }
  });
});
