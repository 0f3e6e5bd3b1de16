// `berth validate`: spec errors only (and the warnings a valid spec still earns).
import type { Diagnostic } from '../diagnostics.ts';
import { loadModel } from './load-model.ts';

export async function validateCommand(options: { spec?: string; cwd: string }): Promise<{ summary: string; warnings: readonly Diagnostic[] }> {
  const { model, warnings, path } = await loadModel(options.spec, options.cwd);
  const spec = model.spec.base;
  const environments = model.registry.environments;
  return {
    summary: `${path}: valid (${spec.components.length} components, ${spec.dependencies.length} dependencies, ${spec.jobs.length} jobs, ${
      environments.length > 0 ? `environments ${environments.join(', ')}` : 'no environments'
    }, ${model.registry.parameters.filter((p) => !p.builtin).length} parameters)`,
    warnings,
  };
}
