// For every example and inline spec, and every environment: the module parses with HashiCorp's HCL
// parser, every resource type, attribute and block is in the provider schema snapshot, berth's
// evaluation of it equals the canonical objects, the outputs and dependencies say what they should,
// the files are formatted as terraform fmt formats them, and two runs write the same bytes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { resolveObjects } from '../../model/resolve.ts';
import { compareObjects, formatDifferences, withoutFields } from '../../verify/compare.ts';
import { terraformTarget } from './index.ts';
import { findOnPath } from '../../engines/locate-engine.ts';
import { targetEnvironments } from '../target.ts';
import { emitTerraformModule } from './emit/emit-module.ts';
import { typedResource } from './emit/resource-types.ts';
import { parseTerraformFiles, renderParsed, renderTerraformFiles, type ParsedModule } from './evaluate/render-module.ts';
import { META_ARGUMENTS, providerSchema, resourceSchema, type BlockSchema } from './provider-schema.ts';
import { allSpecs, inlineSpecs } from './test-support.ts';

/** Names in a parsed body that the schema does not have. */
function unknownNames(body: Record<string, unknown>, schema: BlockSchema, path: string, root: boolean): string[] {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (root && (META_ARGUMENTS as readonly string[]).includes(key)) continue;
    if (key === 'dynamic') {
      for (const [type, definitions] of Object.entries(value as Record<string, Record<string, unknown>[]>)) {
        const nested = schema.blocks[type];
        if (!nested) {
          unknown.push(`${path}.dynamic.${type}`);
          continue;
        }
        for (const definition of definitions) {
          for (const content of definition.content as Record<string, unknown>[]) unknown.push(...unknownNames(content, nested.block, `${path}.${type}`, false));
        }
      }
    } else if (schema.blocks[key]) {
      for (const item of value as Record<string, unknown>[]) unknown.push(...unknownNames(item, schema.blocks[key].block, `${path}.${key}`, false));
    } else if (!schema.attributes[key]) unknown.push(`${path}.${key}`);
  }
  return unknown;
}

for (const spec of allSpecs()) {
  describe(`terraform module of ${spec.name}`, () => {
    const files = emitTerraformModule(spec.model);
    const environments = targetEnvironments(spec.model);
    let parsed: Promise<ParsedModule> | undefined;
    const render = async (env: string) => renderParsed(await (parsed ??= parseTerraformFiles(files)), env);

    test('has the files a Terraform user expects', () => {
      const paths = files.map((f) => f.path);
      for (const expected of ['versions.tf', 'namespace.tf', 'variables.tf', 'outputs.tf', 'README.md']) assert.ok(paths.includes(expected), `missing ${expected}`);
      for (const { name } of environments) assert.ok(paths.includes(`envs/${name}.tfvars`), `missing envs/${name}.tfvars`);
      const versions = files.find((f) => f.path === 'versions.tf')!.content;
      assert.match(versions, /source\s+= "hashicorp\/kubernetes"/);
      assert.match(versions, new RegExp(`version\\s+= "~> ${providerSchema().version.split('.').slice(0, 2).join('\\.')}\\.0"`));
      assert.ok(!paths.includes('providers.tf'), 'no provider block: the module also works as a child module');
      assert.match(files.find((f) => f.path === 'namespace.tf')!.content, /namespace = var\.create_namespace \? kubernetes_namespace_v1\.this\[0\]\.metadata\[0\]\.name : var\.namespace/);
    });

    test('every .tf and .tfvars parses with HashiCorp\'s HCL parser', async () => {
      const module = await (parsed ??= parseTerraformFiles(files));
      assert.deepEqual([...module.modules.keys()].sort(), files.filter((f) => f.path.endsWith('.tf')).map((f) => f.path).sort());
      assert.deepEqual([...module.tfvars.keys()].sort(), environments.map((e) => e.name).sort());
    });

    test('every resource type, attribute and block name is in the provider schema snapshot', async () => {
      let resources = 0;
      for (const module of (await (parsed ??= parseTerraformFiles(files))).modules.values()) {
        for (const [type, byName] of Object.entries((module.resource ?? {}) as Record<string, Record<string, Record<string, unknown>[]>>)) {
          assert.ok(providerSchema().resourceTypes.includes(type), `${type} is not a resource type of the provider`);
          // kubernetes_manifest only for custom resources (Argo Rollouts, Istio, Gateway API, prometheus-operator, External Secrets...): every core kind has its typed resource.
          if (type === 'kubernetes_manifest') {
            for (const bodies of Object.values(byName)) {
              const manifest = bodies[0].manifest as { apiVersion: string; kind: string };
              assert.equal(typedResource(manifest.kind, manifest.apiVersion), undefined, `${manifest.kind} has a typed resource`);
            }
          }
          for (const [name, bodies] of Object.entries(byName)) {
            resources++;
            assert.deepEqual(unknownNames(bodies[0], resourceSchema(type), `${type}.${name}`, true), []);
          }
        }
      }
      // Plus the Namespace create_namespace adds, and a disposable twin per claim where environments disagree on keepVolumes.
      const keep = spec.model.registry.parameters.find((p) => p.name === 'keepVolumes');
      const twins = keep && new Set([keep.base, ...keep.values.values()]).size > 1 ? spec.model.objects.filter((o) => o.kind === 'PersistentVolumeClaim' && o.ownerKind === 'component').length : 0;
      assert.equal(resources, spec.model.objects.length + 1 + twins, 'one resource per object of the intermediate form');
    });

    for (const { name, environment } of environments) {
      test(`berth's evaluation with envs/${name}.tfvars equals berth render${environment ? ` --env ${environment}` : ''}`, async () => {
        const rendered = await render(name);
        const expected = withoutFields(resolveObjects(spec.model, environment), terraformTarget.omittedFields ?? []);
        const differences = compareObjects(expected, rendered.objects);
        assert.equal(differences.length, 0, `differences:\n${formatDifferences(differences)}`);
        assert.equal(rendered.objects.length, expected.length);

        // No field is left to a provider default that differs from what the API server would do.
        const kept = rendered.defaults.filter((x) => x.disposition === 'kept');
        assert.deepEqual(kept.map((d) => `${d.address} ${d.path}=${JSON.stringify(d.value)}`), []);
      });

      test(`outputs for ${name} name the namespace, the Services and the Ingress hosts`, async () => {
        const { evaluation } = await render(name);
        const expected = resolveObjects(spec.model, environment);
        assert.equal(evaluation.outputs.namespace, spec.model.registry.valuesFor(environment).get('namespace'));
        const services = Object.values(evaluation.outputs.service_names as Record<string, string | null>).filter((v) => v !== null).sort();
        assert.deepEqual(services, expected.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort());
        const hosts = expected.filter((o) => o.kind === 'Ingress').flatMap((o) => (o.spec as { rules: { host: string }[] }).rules.map((r) => r.host));
        assert.deepEqual(evaluation.outputs.ingress_hosts, hosts);
      });

      test(`migration Jobs in ${name} run first: workloads depend on them and the provider waits for completion`, async () => {
        const { evaluation } = await render(name);
        const jobs = evaluation.resources.filter((r) => r.type === 'kubernetes_job_v1');
        assert.equal(jobs.length, spec.model.spec.base.jobs.length);
        for (const job of jobs) assert.equal(job.body.wait_for_completion, true, `${job.address} waits for completion`);
        const workloads = evaluation.resources.filter((r) => r.type === 'kubernetes_deployment_v1' || (r.type === 'kubernetes_manifest' && /"kind":"Rollout"/.test(JSON.stringify(r.body))));
        for (const deployment of workloads) {
          for (const job of jobs) assert.ok(deployment.dependsOn.includes(`${job.type}.${job.name}`), `${deployment.address} depends on ${job.address}`);
        }
        const statefulSets = evaluation.resources.filter((r) => r.type === 'kubernetes_stateful_set_v1').map((r) => `${r.type}.${r.name}`);
        for (const job of jobs) for (const set of statefulSets) assert.ok(job.dependsOn.includes(set), `${job.address} waits for ${set}`);
      });
    }

    test('optional parts are counted by the same parameters as Helm', () => {
      // namespace.tf counts the Namespace by create_namespace, a variable of the module rather than a parameter.
      const counted = files.filter((f) => f.path.endsWith('.tf') && f.path !== 'namespace.tf').flatMap((f) => f.content.match(/^ {2}count = .*$/gm) ?? []);
      assert.equal(counted.length, spec.model.objects.filter((t) => t.condition !== undefined).length);
      for (const line of counted) assert.match(line, /^ {2}count = .*var\.[a-z0-9_]+.* \? 1 : 0$/);
    });

    test('is formatted the way terraform fmt formats', async (t) => {
      for (const file of files.filter((f) => /\.(tf|tfvars)$/.test(f.path))) {
        for (const [i, line] of file.content.split('\n').entries()) {
          assert.doesNotMatch(line, /\t|\s$/, `${file.path}:${i + 1} has a tab or trailing space`);
          assert.equal((/^ */.exec(line)![0].length) % 2, 0, `${file.path}:${i + 1} is not indented by two spaces`);
        }
        assert.ok(file.content.endsWith('\n') && !file.content.endsWith('\n\n'), `${file.path} ends with one newline`);
      }
      const terraform = await findOnPath('terraform', process.env.PATH);
      if (!terraform) {
        t.skip('no terraform binary on PATH: terraform fmt -check not run (the checks above still ran)');
        return;
      }
      const dir = mkdtempSync(join(tmpdir(), 'berth-tf-fmt-'));
      try {
        for (const file of files) {
          mkdirSync(dirname(join(dir, file.path)), { recursive: true });
          writeFileSync(join(dir, file.path), file.content);
        }
        const result = execFileSync(terraform, ['fmt', '-check', '-recursive', '-diff', dir], { env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' }, encoding: 'utf8' });
        assert.equal(result, '');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('writes the same bytes twice', () => {
      assert.deepEqual(emitTerraformModule(spec.model), files);
    });
  });
}
