// `berth import compose`: reads Compose files (and what they refer to), writes berth.yaml.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { FailedCheckError, InputError, type Diagnostic } from '../diagnostics.ts';
import { packageRoot } from '../package-files.ts';
import { importCompose } from '../import/compose/index.ts';

export interface ImportComposeCommandOptions {
  readonly files: readonly string[];
  readonly output: string;
  readonly envFiles: readonly string[];
  readonly profiles: readonly string[];
  readonly force: boolean;
  readonly cwd: string;
  readonly environ: Readonly<Record<string, string | undefined>>;
}

/** The schema shipped with berth, as a path relative to the spec being written. */
function schemaReference(specPath: string): string {
  const schema = join(packageRoot(), 'berth.schema.json');
  return relative(dirname(specPath), schema);
}

async function readInput(path: string, cwd: string): Promise<{ path: string; text: string }> {
  try {
    return { path, text: await readFile(resolve(cwd, path), 'utf8') };
  } catch {
    throw new InputError(`cannot read ${path}: no such file (give the path of a compose.yaml / docker-compose.yml)`);
  }
}

export async function importComposeCommand(options: ImportComposeCommandOptions): Promise<{ specYaml?: string; summary: string; warnings: Diagnostic[] }> {
  const files = await Promise.all(options.files.map((f) => readInput(f, options.cwd)));
  const envFiles = await Promise.all(options.envFiles.map((f) => readInput(f, options.cwd)));
  const toStdout = options.output === '-';
  const target = resolve(options.cwd, toStdout ? 'berth.yaml' : options.output);
  if (!toStdout && existsSync(target) && !options.force) {
    throw new FailedCheckError(`${relative(options.cwd, target) || target} already exists; nothing was written. Use -o <other file>, -o - for stdout, or --force to replace it.`);
  }
  const result = importCompose(files, {
    envFiles,
    profiles: options.profiles,
    environ: options.environ,
    readFile: (path) => {
      try {
        return readFileSync(resolve(options.cwd, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    schema: schemaReference(target),
  });
  if (toStdout) return { specYaml: result.specYaml, summary: '', warnings: result.warnings };
  await mkdir(dirname(target), { recursive: true });
  await writeFile(`${target}.tmp-${process.pid}`, result.specYaml);
  await rename(`${target}.tmp-${process.pid}`, target);
  return {
    summary: `wrote ${relative(options.cwd, target) || target} (${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}); next: berth validate, berth check, berth generate`,
    warnings: result.warnings,
  };
}
