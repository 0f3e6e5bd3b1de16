// Where a real `terraform` binary happens to be on PATH (nothing requires one), its own evaluator
// checks berth's: every expression of every resource (attributes, count, dynamic for_each) and every
// variable validation of the generated modules is evaluated by `terraform console` with the
// environment's tfvars and compared with berth's value. Without the binary the test says so and skips.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { findOnPath } from '../../../engines/locate-engine.ts';
import { targetEnvironments } from '../../target.ts';
import { emitTerraformModule } from '../emit/emit-module.ts';
import { allSpecs } from '../test-support.ts';
import { parseTerraformFiles } from './render-module.ts';
import { evaluateModule } from './evaluate-module.ts';
import type { HclJson } from './parse-module.ts';

const terraform = await findOnPath('terraform', process.env.PATH);
const scratch = mkdtempSync(join(tmpdir(), 'berth-tf-agree-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value of hcl2json's JSON form written back as one HCL expression (strings stay templates). */
function hclText(raw: unknown): string {
  if (typeof raw === 'string') return templateText(raw);
  if (Array.isArray(raw)) return `[${raw.map(hclText).join(', ')}]`;
  if (isRecord(raw)) return `{ ${Object.entries(raw).map(([k, v]) => `${JSON.stringify(k)} = ${hclText(v)}`).join(', ')} }`;
  return JSON.stringify(raw);
}

/**
 * A JSON-form string as a quoted HCL template: literal text re-escaped, `${...}` copied as written
 * (its nested strings are native syntax already).
 */
function templateText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      out += text.slice(i, i + 3);
      i += 3;
    } else if (text.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      let quoted = false;
      for (; j < text.length; j++) {
        const c = text[j];
        if (quoted) {
          if (c === '\\') j++;
          else if (c === '"') quoted = false;
        } else if (c === '"') quoted = true;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += JSON.stringify(text[i]).slice(1, -1);
      i++;
    }
  }
  return `"${out}"`;
}

/** Every expression in a resource body: attribute values, count, dynamic for_each and content. */
function expressions(body: Record<string, unknown>, into: unknown[]): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === 'depends_on') continue;
    if (key === 'dynamic') {
      for (const definitions of Object.values(value as Record<string, Record<string, unknown>[]>)) {
        for (const d of definitions) {
          into.push(d.for_each);
          for (const content of d.content as Record<string, unknown>[]) expressions(content, into);
        }
      }
    } else if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) {
      for (const item of value) expressions(item as Record<string, unknown>, into);
    } else into.push(value);
  }
}

function collect(modules: ReadonlyMap<string, HclJson>): { locals: string; values: unknown[] } {
  const values: unknown[] = [];
  const locals: string[] = [];
  for (const json of modules.values()) {
    for (const block of (json.locals as Record<string, unknown>[] | undefined) ?? []) {
      // The console has no provider, so it cannot read a managed resource: the Namespace the module
      // may create is named var.namespace, which is what local.namespace yields either way.
      for (const [name, raw] of Object.entries(block)) locals.push(`  ${name} = ${hclText(raw).replace('kubernetes_namespace_v1.this[0].metadata[0].name', 'var.namespace')}`);
    }
    for (const byName of Object.values((json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>[]>>)) {
      for (const [body] of Object.values(byName)) expressions(body, values);
    }
    for (const declaration of Object.values((json.variable ?? {}) as Record<string, Record<string, unknown>[]>)) {
      for (const validation of (declaration[0].validation as Record<string, unknown>[] | undefined) ?? []) values.push(validation.condition);
    }
  }
  const unique = [...new Map(values.map((v) => [JSON.stringify(v), v])).values()];
  return { locals: `locals {\n${locals.join('\n')}\n}\n`, values: unique };
}

describe('berth\'s evaluation agrees with terraform console', () => {
  for (const spec of allSpecs()) {
    const files = emitTerraformModule(spec.model);
    for (const { name } of targetEnvironments(spec.model)) {
      test(`every expression of ${spec.name} with envs/${name}.tfvars`, async (t) => {
        if (!terraform) {
          t.skip('no terraform binary on PATH; berth does not need one, so this cross-check is skipped');
          return;
        }
        const parsed = await parseTerraformFiles(files);
        const { locals, values } = collect(parsed.modules);
        const evaluation = evaluateModule(parsed.modules, { tfvars: parsed.tfvars.get(name) });
        const ours = values.map((v) => evaluation.evaluate(v));

        const dir = join(scratch, `${spec.name.replace(/[^a-z0-9]+/gi, '-')}-${name}`);
        const variables = files.find((f) => f.path === 'variables.tf')!.content;
        const tfvars = files.find((f) => f.path === `envs/${name}.tfvars`)!.content;
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'variables.tf'), variables);
        // The console reads one line of at most 64 KiB, so the expressions go in a local instead.
        writeFileSync(join(dir, 'locals.tf'), `${locals}\nlocals {\n  berth_check = [\n${values.map((v) => `    ${hclText(v)},`).join('\n')}\n  ]\n}\n`);
        writeFileSync(join(dir, 'env.tfvars'), tfvars);
        const expression = 'base64encode(jsonencode(local.berth_check))';
        const output = execFileSync(terraform, ['console', '-var-file=env.tfvars'], {
          cwd: dir,
          input: `${expression}\n`,
          env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        const theirs = JSON.parse(Buffer.from(JSON.parse(output.trim()) as string, 'base64').toString('utf8')) as unknown[];
        assert.ok(values.length > 20, 'the module has expressions to compare');
        assert.equal(theirs.length, ours.length);
        for (let i = 0; i < ours.length; i++) assert.deepEqual(ours[i], theirs[i], `${hclText(values[i])}`);
      });
    }
  }
});
