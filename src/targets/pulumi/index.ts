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

// Results of running the program under mocks, by directory, program and stack configs: one run of
// berth renders each project once.
const stackRuns = new Map<string, ReturnType<typeof runUnderMocks>>();

/** Each environment's stack config as the Pulumi CLI would hand it over (absent when its file is). */
async function readStacks(model: AppModel, directory: string, project: string): Promise<Map<string, ReturnType<typeof readStackConfig>>> {
  const stacks = new Map<string, ReturnType<typeof readStackConfig>>();
  for (const { name } of targetEnvironments(model)) {
    let text: string;
    try {
      text = await readFile(join(directory, `Pulumi.${name}.yaml`), 'utf8');
    } catch {
      continue;
    }
    // The Pulumi CLI reads the stack file and hands the program its config; without the CLI, berth does.
    stacks.set(name, readStackConfig(text, project));
  }
  return stacks;
}

export const pulumiTarget: Target = {
  name: 'pulumi',
  description: 'TypeScript Pulumi program with @pulumi/kubernetes, one stack per environment',
  emit: emitPulumiProject,
  async render(model, environment, context): Promise<RenderResult> {
    const stack = environment ?? 'default';
    const project = model.spec.base.name;
    const stackPath = join(context.directory, `Pulumi.${stack}.yaml`);
    const stacks = await readStacks(model, context.directory, project);
    const own = stacks.get(stack);
    if (!own) return { ok: false, failure: `${stackPath} is missing: run berth generate --target pulumi` };
    if (!own.ok) return { ok: false, failure: `${stackPath}: ${own.problem}` };
    // verify asks for every environment in turn: one child process runs every readable stack, once.
    const runs = [...stacks].flatMap(([name, config]) => (config.ok ? [{ stack: name, config: config.config }] : []));
    const program = await Promise.all(['index.ts', HELPERS_FILE].map((file) => readFile(join(context.directory, file), 'utf8').catch(() => '')));
    const key = JSON.stringify([context.directory, runs, program, context.env.BERTH_PULUMI_SDK, context.env.NODE_PATH]);
    let pending = stackRuns.get(key);
    if (!pending) stackRuns.set(key, (pending = runUnderMocks({ directory: context.directory, project, runs, env: context.env })));
    const result = await pending;
    if (!result.ok) return result;
    const run = result.runs[runs.findIndex((r) => r.stack === stack)];
    if (!run.ok) return { ok: false, failure: `the Pulumi program failed for stack ${stack}: ${run.failure}` };
    try {
      return { ok: true, objects: toKubernetesObjects(run.resources), engine: result.engine };
    } catch (error) {
      return { ok: false, failure: (error as Error).message };
    }
  },
};
