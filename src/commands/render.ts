// `berth render`: the canonical objects of one environment (or the base) on stdout.
import type { Diagnostic } from '../diagnostics.ts';
import { resolveObjects } from '../model/resolve.ts';
import { objectsToJson, objectsToYaml } from '../model/serialize.ts';
import { checkEnvironment, loadModel } from './load-model.ts';

export interface RenderOptions {
  readonly spec?: string;
  readonly env?: string;
  readonly output: 'yaml' | 'json';
  readonly cwd: string;
}

export async function renderCommand(options: RenderOptions): Promise<{ text: string; warnings: readonly Diagnostic[] }> {
  const { model, warnings } = await loadModel(options.spec, options.cwd);
  checkEnvironment(model, options.env);
  const objects = resolveObjects(model, options.env);
  return {
    text: options.output === 'json' ? objectsToJson(objects) : objectsToYaml(objects),
    warnings,
  };
}
