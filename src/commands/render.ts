// `berth render`: the canonical objects of one environment (or the base) on stdout, or its
// architecture picture as Mermaid.
import type { Diagnostic } from '../diagnostics.ts';
import { resolveObjects } from '../model/resolve.ts';
import { objectsToJson, objectsToYaml } from '../model/serialize.ts';
import { checkEnvironment, loadModel } from './load-model.ts';

export interface RenderOptions {
  readonly spec?: string;
  readonly env?: string;
  readonly output: 'yaml' | 'json' | 'mermaid';
  readonly cwd: string;
}

export async function renderCommand(options: RenderOptions): Promise<{ text: string; warnings: readonly Diagnostic[] }> {
  const { model, warnings } = await loadModel(options.spec, options.cwd);
  checkEnvironment(model, options.env);
  const objects = resolveObjects(model, options.env);
  if (options.output === 'mermaid') {
    const { diagramOf, renderMermaid } = await import('../diagram/index.ts');
    return { text: renderMermaid(diagramOf(model, options.env, objects)), warnings };
  }
  return {
    text: options.output === 'json' ? objectsToJson(objects) : objectsToYaml(objects),
    warnings,
  };
}
