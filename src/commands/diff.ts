// `berth diff`: what differs between two environments (either may be the base), from the spec.
import { InputError, type Diagnostic } from '../diagnostics.ts';
import { diffEnvironments, formatDiff, type DiffFormat } from '../diff/index.ts';
import { resolveEnvironment } from '../model/resolve.ts';
import { checkEnvironment, loadModel } from './load-model.ts';

export interface DiffCommandOptions {
  readonly spec?: string;
  readonly from?: string;
  readonly to?: string;
  readonly output: DiffFormat;
  readonly objects: boolean;
  readonly cwd: string;
}

export async function diffCommand(options: DiffCommandOptions): Promise<{ text: string; warnings: readonly Diagnostic[] }> {
  if (options.from === undefined && options.to === undefined) {
    throw new InputError('name at least one environment: --from <env>, --to <env> or both (the other side is the base)');
  }
  const { model, warnings } = await loadModel(options.spec, options.cwd);
  checkEnvironment(model, options.from);
  checkEnvironment(model, options.to);
  const diff = diffEnvironments(model, options.from, options.to, { objects: options.objects, resolve: (environment) => resolveEnvironment(model, environment) });
  return { text: formatDiff(diff, options.output), warnings };
}
