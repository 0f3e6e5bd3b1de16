// Reads berth.yaml from disk and builds the app model; bad input becomes an InputError with positions.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { InputError, type Diagnostic } from '../diagnostics.ts';
import { buildAppModel, type AppModel } from '../model/resolve.ts';
import { loadSpec } from '../spec/load.ts';
import { attachSealedFiles, wantedSealedFiles } from '../spec/sealed-files.ts';

export interface LoadedModel {
  readonly model: AppModel;
  readonly warnings: readonly Diagnostic[];
  /** About the files beside the spec (sealed files not made yet): what generate must say too. */
  readonly fileWarnings: readonly Diagnostic[];
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
  // Sealed files the user made with kubeseal: berth reads their ciphertexts, never a secret value.
  const files = new Map<string, string>();
  for (const file of wantedSealedFiles(result.spec)) {
    try {
      files.set(file, await readFile(join(dirname(path), file), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
    }
  }
  const sealed = attachSealedFiles(result.spec, files, dirname(shown).replace(/\\/g, '/'));
  if (sealed.diagnostics.some((d) => d.severity === 'error')) throw new InputError(`the sealed files of ${shown} do not fit the spec`, sealed.diagnostics);
  return { model: buildAppModel(sealed.spec), warnings: [...result.warnings, ...sealed.diagnostics], fileWarnings: sealed.diagnostics, path };
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
