// Pulumi target: AppModel → deploy/pulumi/ (a TypeScript project: index.ts, stack config per environment);
// render: the project on disk + Pulumi.<env>.yaml → the objects the real Pulumi SDK registers under its mocks.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppModel } from '../../model/resolve.ts';
import { targetEnvironments, type GeneratedFile, type RenderResult, type Target } from '../target.ts';
import { emitProgram } from './emit-program.ts';
import { HELPERS_FILE, HELPERS_SOURCE } from './helpers-module.ts';
import { writePackageJson, writePulumiYaml, writeTsconfig } from './project-files.ts';
import { writePulumiReadme } from './readme.ts';
import { toKubernetesObjects, runUnderMocks } from './run-under-mocks.ts';
import { readStackConfig, writeStackFile } from './stack-config.ts';

export function emitPulumiProject(model: AppModel): GeneratedFile[] {
  const files: GeneratedFile[] = [
    { path: 'Pulumi.yaml', content: writePulumiYaml(model) },
    ...targetEnvironments(model).map(({ name, environment }) => ({ path: `Pulumi.${name}.yaml`, content: writeStackFile(model, name, environment) })),
    { path: 'index.ts', content: emitProgram(model) },
    { path: HELPERS_FILE, content: HELPERS_SOURCE },
    { path: 'package.json', content: writePackageJson(model) },
    { path: 'tsconfig.json', content: writeTsconfig() },
    { path: 'README.md', content: writePulumiReadme(model) },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const pulumiTarget: Target = {
  name: 'pulumi',
  description: 'TypeScript Pulumi program with @pulumi/kubernetes, one stack per environment',
  emit: emitPulumiProject,
  async render(model, environment, context): Promise<RenderResult> {
    const stack = environment ?? 'default';
    const project = model.spec.base.name;
    const stackPath = join(context.directory, `Pulumi.${stack}.yaml`);
    let text: string;
    try {
      text = await readFile(stackPath, 'utf8');
    } catch {
      return { ok: false, failure: `${stackPath} is missing: run berth generate --target pulumi` };
    }
    // The Pulumi CLI reads the stack file and hands the program its config; without the CLI, berth does.
    const config = readStackConfig(text, project);
    if (!config.ok) return { ok: false, failure: `${stackPath}: ${config.problem}` };
    const result = await runUnderMocks({ directory: context.directory, project, runs: [{ stack, config: config.config }], env: context.env });
    if (!result.ok) return result;
    const run = result.runs[0];
    if (!run.ok) return { ok: false, failure: `the Pulumi program failed for stack ${stack}: ${run.failure}` };
    try {
      return { ok: true, objects: toKubernetesObjects(run.resources), engine: result.engine };
    } catch (error) {
      return { ok: false, failure: (error as Error).message };
    }
  },
};
