// Reads berth.yaml from disk and builds the app model; bad input becomes an InputError with positions.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { InputError, type Diagnostic } from '../diagnostics.ts';
import { buildAppModel, type AppModel } from '../model/resolve.ts';
import { loadSpec } from '../spec/load.ts';

export interface LoadedModel {
  readonly model: AppModel;
  readonly warnings: readonly Diagnostic[];
  /** Absolute path of the spec file. */
  readonly path: string;
}

export async function loadModel(specPath: string | undefined, cwd: string): Promise<LoadedModel> {
  const path = resolve(cwd, specPath ?? 'berth.yaml');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `no spec at ${path}: pass the path of a berth.yaml, or create one with \`berth init\` or \`berth import compose\``
        : `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  const relativePath = relative(cwd, path);
  const shown = relativePath && !relativePath.startsWith('..') ? relativePath : path;
  const result = loadSpec(text, shown);
  if (!result.ok) throw new InputError(`${shown} is not a valid berth spec`, result.diagnostics);
  return { model: buildAppModel(result.spec), warnings: result.warnings, path };
}

/** The environment a command works on: must be declared, or absent (the base). */
export function checkEnvironment(model: AppModel, environment: string | undefined): void {
  if (environment === undefined) return;
  const known = model.registry.environments;
  if (!known.includes(environment)) {
    throw new InputError(
      `unknown environment "${environment}"; ${known.length > 0 ? `the spec declares: ${known.join(', ')}` : 'the spec declares none (omit --env to render the base)'}`,
    );
  }
}
