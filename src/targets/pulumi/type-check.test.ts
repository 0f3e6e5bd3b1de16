// The generated programs type-check with the real TypeScript compiler against @pulumi/kubernetes'
// own types, with the compiler options of the generated tsconfig.json (one tsc run for every spec).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { pulumiTarget } from './index.ts';
import { loadExampleModels, loadInlineModels, writeProject } from './test-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

test('every generated program type-checks with tsc against @pulumi/kubernetes', async () => {
  const specs = [...loadExampleModels(), ...loadInlineModels()];
  const root = await mkdtemp(join(tmpdir(), 'berth-pulumi-tsc-'));
  try {
    await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    const files: string[] = [];
    let compilerOptions: unknown;
    for (const [index, { model }] of specs.entries()) {
      const directory = await writeProject(pulumiTarget.emit(model), join(root, `project-${index}`), false);
      const generated = JSON.parse(await readFile(join(directory, 'tsconfig.json'), 'utf8')) as { compilerOptions: unknown; files: string[] };
      compilerOptions ??= generated.compilerOptions;
      assert.deepEqual(generated.compilerOptions, compilerOptions, 'every project has the same compiler options');
      files.push(...generated.files.map((f) => `project-${index}/${f}`));
    }
    await writeFile(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
    const result = spawnSync(process.execPath, [TSC, '--noEmit', '-p', root], { encoding: 'utf8' });
    const names = specs.map((s, i) => `project-${i} = ${s.name}`).join(', ');
    assert.equal(result.status, 0, `tsc found errors (${names}):\n${result.stdout}${result.stderr}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('tsc rejects a program that misuses a typed resource (the check has teeth)', async () => {
  const [{ model }] = loadInlineModels();
  const directory = await writeProject(pulumiTarget.emit(model));
  try {
    const index = join(directory, 'index.ts');
    const source = await readFile(index, 'utf8');
    // A Deployment spec field with the wrong type: a list where a number belongs.
    await writeFile(index, source.replace(/revisionHistoryLimit: 10,/, 'revisionHistoryLimit: [10],'));
    const result = spawnSync(process.execPath, [TSC, '--noEmit', '-p', directory], { encoding: 'utf8' });
    assert.notEqual(result.status, 0);
    assert.match(result.stdout, /revisionHistoryLimit|not assignable/);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});
