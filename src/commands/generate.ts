// `berth generate`: emits every requested target, then writes them all, or nothing when a
// hand-edited file would be overwritten.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { FailedCheckError, InputError, type Diagnostic } from '../diagnostics.ts';
import { renderConfigurationReference } from '../docs/configuration-reference.ts';
import { findHandEdits, stageOutputTree, writeGeneratedFile, type ConflictPolicy, type StagedTree } from '../io/output-tree.ts';
import { TARGETS, targetNames } from '../targets/index.ts';
import type { EmitContext, Target } from '../targets/target.ts';
import { loadModel } from './load-model.ts';

export interface GenerateOptions {
  readonly spec?: string;
  readonly targets?: string;
  readonly out?: string;
  readonly onConflict: ConflictPolicy;
  readonly cwd: string;
  readonly progress: (line: string) => void;
  /** Warnings a valid spec still earns (a sealed file not made yet). */
  readonly warn?: (warnings: readonly Diagnostic[]) => void;
  /** berth's own version, written into CI so it installs the same release. */
  readonly version?: string;
}

export function selectTargets(list: string | undefined): Target[] {
  if (list === undefined || list === 'all') return [...TARGETS];
  const names = list.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !targetNames().includes(n));
  if (unknown.length > 0) throw new InputError(`unknown target ${unknown.join(', ')}; berth has: ${targetNames().join(', ')}, all`);
  return TARGETS.filter((t) => names.includes(t.name));
}

/** `--out` is relative to the working directory; without it, `deploy/` beside the spec. */
export function outputDirectory(out: string | undefined, specPath: string, cwd: string): string {
  return out === undefined ? resolve(dirname(specPath), 'deploy') : resolve(cwd, out);
}

/** The repository that holds the spec: the nearest directory with `.git`, else the spec's own directory. */
export function repositoryRoot(specPath: string): string {
  for (let directory = dirname(specPath); ; directory = dirname(directory)) {
    if (existsSync(resolve(directory, '.git'))) return directory;
    if (dirname(directory) === directory) return dirname(specPath);
  }
}

export function emitContext(specPath: string, out: string, version: string): EmitContext {
  const root = repositoryRoot(specPath);
  const fromRoot = (path: string) => relative(root, path).split(sep).join('/') || '.';
  return { specFile: fromRoot(specPath), outDirectory: fromRoot(out), berthVersion: version };
}

export async function generateCommand(options: GenerateOptions): Promise<string> {
  const explicit = options.targets !== undefined && options.targets !== 'all';
  const { model, path, fileWarnings } = await loadModel(options.spec, options.cwd);
  options.warn?.(fileWarnings);
  const targets = selectTargets(options.targets).filter((t) => explicit || !t.applies || t.applies(model));
  const out = outputDirectory(options.out, path, options.cwd);
  const context = emitContext(path, out, options.version ?? '0.1.0');
  const inOut = targets.filter((t) => !t.repositoryDirectory).map((t) => t.name);
  const reference = { path: 'README.md', content: renderConfigurationReference(model, inOut) };
  const refuse = options.onConflict === 'refuse';

  // Each target is emitted and written to a staging directory beside its tree before the next one is
  // emitted, so only one target's files are in memory; the trees are swapped in only when no target
  // would overwrite a hand edit.
  const conflicts: string[] = refuse ? (await findHandEdits(out, [reference])).map((file) => resolve(out, file)) : [];
  const staged: { target: Target; directory: string; files: number; tree: StagedTree }[] = [];
  // A first run that fails leaves no empty output directory behind.
  const outExisted = existsSync(out);
  try {
    for (const target of targets) {
      options.progress(`generating ${target.name}…`);
      const directory = target.repositoryDirectory ? resolve(repositoryRoot(path), target.repositoryDirectory) : resolve(out, target.name);
      const files = target.emit(model, context);
      if (refuse) for (const file of await findHandEdits(directory, files)) conflicts.push(resolve(directory, file));
      if (conflicts.length > 0) continue;
      staged.push({ target, directory, files: files.length, tree: await stageOutputTree(directory, files, { generator: `berth ${target.name}`, onConflict: options.onConflict }) });
    }
  } catch (error) {
    await discard(staged, outExisted ? undefined : out);
    throw error;
  }
  if (conflicts.length > 0) {
    await discard(staged, outExisted ? undefined : out);
    throw new FailedCheckError(
      [
        `refusing to overwrite ${conflicts.length} file(s) edited by hand since berth wrote them:`,
        ...conflicts.map((c) => `  ${c}`),
        'Nothing was written. Move the change into berth.yaml, then either:',
        '  berth generate --keep-mine   writes the new versions beside yours as <file>.berth-new',
        '  berth generate --force       overwrites your edits',
      ].join('\n'),
    );
  }
  const summary: string[] = [];
  for (const { target, directory, files, tree } of staged) {
    const outcome = tree.refused ? tree.outcome : await tree.commit();
    summary.push(
      `${target.name}: ${files} files in ${directory} (${outcome.written} written, ${outcome.unchanged} unchanged` +
        (outcome.keptBeside.length > 0 ? `, ${outcome.keptBeside.length} new versions kept beside your edits` : '') +
        ')',
    );
  }
  await writeGeneratedFile(out, reference, { onConflict: options.onConflict });
  summary.push(`configuration reference: ${resolve(out, 'README.md')}`);
  return summary.join('\n');
}

async function discard(staged: readonly { tree: StagedTree }[], createdOut?: string): Promise<void> {
  await Promise.all(staged.map(({ tree }) => (tree.refused ? undefined : tree.discard())));
  if (createdOut) await rm(createdOut, { recursive: true, force: true });
}
