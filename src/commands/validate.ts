// `berth validate`: spec errors only (and the warnings a valid spec still earns).
import { InputError, type Diagnostic } from '../diagnostics.ts';
import { loadModel } from './load-model.ts';
import { findUnknownRules } from './unknown-rules.ts';

export async function validateCommand(options: { spec?: string; cwd: string }): Promise<{ summary: string; warnings: readonly Diagnostic[] }> {
  const { model, warnings, path } = await loadModel(options.spec, options.cwd);
  const unknown = findUnknownRules(model);
  if (unknown.length > 0) throw new InputError('the spec names policy rules that do not exist', unknown);
  const spec = model.spec.base;
  const environments = model.registry.environments;
  return {
    summary: `${path}: valid (${spec.components.length} components, ${spec.dependencies.length} dependencies, ${spec.jobs.length} jobs, ${
      environments.length > 0 ? `environments ${environments.join(', ')}` : 'no environments'
    }, ${model.registry.parameters.filter((p) => !p.builtin).length} parameters)`,
    warnings,
  };
}
