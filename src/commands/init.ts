// `berth init [dir]`: detects the services of a repository and writes berth.yaml, plus a Dockerfile
// and .dockerignore for each service that has none. Never overwrites a file that exists. A
// repository with Compose files is imported from them instead (`berth import compose`).
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { FailedCheckError, InputError, type Diagnostic } from '../diagnostics.ts';
import type { Readable, Writable } from 'node:stream';
import { applyReviewAnswers, detectRepository, initSpec, listReviewQuestions, planInitWrites, readRepository, readRepositoryHistory, runInitReview, sanitizeName, SPEC_FILE } from '../init/index.ts';
import { importComposeCommand } from './import-compose.ts';

export interface InitCommandOptions {
  readonly directory?: string;
  readonly name?: string;
  readonly registry?: string;
  readonly ignoreCompose: boolean;
  readonly cwd: string;
  readonly environ: Readonly<Record<string, string | undefined>>;
  readonly progress: (line: string) => void;
  /** Streams for the interactive review of what detection could not decide; absent (`--yes`, no terminal) means none. */
  readonly review?: { readonly input: Readable; readonly output: Writable };
}

export async function initCommand(options: InitCommandOptions): Promise<{ summary: string; warnings: readonly Diagnostic[] }> {
  const directory = resolve(options.cwd, options.directory ?? '.');
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new InputError(`${options.directory ?? '.'} is not a directory`);
  options.progress(`reading ${directory}…`);
  const files = readRepository(directory);
  const detected = detectRepository(files, readRepositoryHistory(directory));
  if (detected.specFile) {
    throw new FailedCheckError(`${join(directory, detected.specFile)} already exists; berth init never overwrites it. Edit it, or delete it and run init again.`);
  }
  if (detected.composeFiles.length > 0 && !options.ignoreCompose) {
    options.progress(`found ${detected.composeFiles.join(', ')}: importing it (pass --ignore-compose to detect from the sources instead)`);
    const imported = await importComposeCommand({
      files: detected.composeFiles.slice(0, 1).map((f) => relative(options.cwd, join(directory, f))),
      output: relative(options.cwd, join(directory, SPEC_FILE)),
      envFiles: [],
      profiles: [],
      force: false,
      cwd: options.cwd,
      environ: options.environ,
    });
    return imported;
  }
  const name = options.name ?? sanitizeName(basename(directory));
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new InputError(`"${name}" is not a valid app name; pass --name <dns-label>`);
  let detection = detected;
  let registry = options.registry;
  if (options.review) {
    const answers = await runInitReview(listReviewQuestions(detected, { name, registry }), options.review.input, options.review.output);
    detection = applyReviewAnswers(detected, answers);
    registry = answers.registry ?? registry;
  }
  const result = initSpec(detection, { name, registry });
  if (result.files.length === 0) {
    throw new FailedCheckError(
      [`found no service to deploy in ${directory}.`, ...detection.todo.map((t) => `  ${t}`), 'Write berth.yaml by hand (see examples/), or point berth init at the service directory.'].join('\n'),
    );
  }
  const plan = planInitWrites(result, files);
  for (const file of plan.write) {
    const target = join(directory, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(`${target}.tmp-${process.pid}`, file.content);
    await rename(`${target}.tmp-${process.pid}`, target);
  }
  const lines = [
    `detected ${detection.services.length} service(s): ${detection.services.map((s) => s.name).join(', ')}`,
    ...plan.write.map((f) => `  wrote ${join(relative(options.cwd, directory) || '.', f.path)}`),
    ...plan.kept.map((f) => `  kept  ${join(relative(options.cwd, directory) || '.', f)} (exists)`),
    'next: read the TODO comments in berth.yaml, then berth validate, berth check, berth generate',
  ];
  return { summary: lines.join('\n'), warnings: result.warnings };
}
