// `berth generate`: emits every requested target, then writes them all, or nothing when a
// hand-edited file would be overwritten.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { dirname, relative, resolve, sep } from 'node:path';
import { FailedCheckError, formatDiagnostic, InputError, type Diagnostic } from '../diagnostics.ts';
import { renderConfigurationReference } from '../docs/configuration-reference.ts';
import { abandonStagedTrees, findHandEdits, stageOutputTree, writeGeneratedFile, type ConflictPolicy, type StagedTree } from '../io/output-tree.ts';
import type { AppModel } from '../model/resolve.ts';
import { TARGETS, targetNames } from '../targets/index.ts';
import type { EmitContext, Target } from '../targets/target.ts';
import { collectGarbageIfLarge } from './collect-garbage.ts';
import { loadModel } from './load-model.ts';
import { restoreDefaultFlags, useLongRunFlags } from './v8-flags.ts';

type WritingTree = Extract<StagedTree, { refused: false }>;
type StagedTarget = { readonly target: Target; readonly directory: string; readonly files: number; readonly tree: WritingTree };
type SkippedTarget = { readonly target: Target; readonly diagnostics: readonly Diagnostic[] };

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
  useLongRunFlags();
  try {
    return await generate(options);
  } finally {
    restoreDefaultFlags();
  }
}

async function generate(options: GenerateOptions): Promise<string> {
  const explicit = options.targets !== undefined && options.targets !== 'all';
  const { model, path, fileWarnings } = await loadModel(options.spec, options.cwd);
  options.warn?.(fileWarnings);
  const targets = selectTargets(options.targets).filter((t) => explicit || !t.applies || t.applies(model));
  const out = outputDirectory(options.out, path, options.cwd);
  const context = emitContext(path, out, options.version ?? '0.1.0');
  const inOut = targets.filter((t) => !t.repositoryDirectory).map((t) => t.name);
  const reference = { path: 'README.md', content: renderConfigurationReference(model, inOut) };
  const refuse = options.onConflict === 'refuse';

  // The trees are swapped in only when every one is written and none would overwrite a hand edit.
  const conflicts: string[] = refuse ? (await findHandEdits(out, [reference])).map((file) => resolve(out, file)) : [];
  // A first run that fails leaves no empty output directory behind.
  const outExisted = existsSync(out);
  const createdOut = outExisted ? undefined : out;
  // Stopped (Ctrl-C, a CI job cancelled) before anything is swapped in, the run removes what it
  // staged and leaves the trees as they were; once the swap has begun it is let finish (renames only).
  const guard = guardAgainstSignals(async (signal) => {
    await abandonStagedTrees();
    if (createdOut) await rm(createdOut, { recursive: true, force: true });
    options.progress(`stopped by ${signal}; nothing was written, the packaging in ${out} is as it was`);
  });
  try {
    const { staged, skipped } = await stageTargets(targets, { model, context, specPath: path, out, createdOut, explicit, conflicts, options });
    if (conflicts.length > 0) {
      await discard(staged, createdOut);
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
    guard.swapping();
    for (const { target, directory, files, tree } of staged) {
      const outcome = await tree.commit();
      summary.push(
        `${target.name}: ${files} file${files === 1 ? '' : 's'} in ${directory} (${outcome.written} written, ${outcome.unchanged} unchanged` +
          (outcome.keptBeside.length > 0 ? `, ${outcome.keptBeside.length} new versions kept beside your edits` : '') +
          ')',
      );
    }
    for (const { target, diagnostics } of skipped) {
      const stale = existsSync(resolve(out, target.name)) ? `; ${resolve(out, target.name)} is from an earlier run` : '';
      summary.push(`${target.name}: not generated, it cannot write ${diagnostics.length === 1 ? 'a field' : `${diagnostics.length} fields`} of this spec (berth generate --target ${target.name} says which)${stale}`);
    }
    const written = skipped.length === 0 ? reference : { ...reference, content: renderConfigurationReference(model, inOut.filter((name) => !skipped.some((s) => s.target.name === name))) };
    await writeGeneratedFile(out, written, { onConflict: options.onConflict });
    summary.push(`configuration reference: ${resolve(out, 'README.md')}`);
    return summary.join('\n');
  } finally {
    guard.release();
  }
}

type StagingRun = {
  readonly model: AppModel;
  readonly context: EmitContext;
  readonly specPath: string;
  readonly out: string;
  readonly createdOut: string | undefined;
  readonly explicit: boolean;
  readonly conflicts: string[];
  readonly options: GenerateOptions;
};

/**
 * Emits each target and hands its files to the writer thread, to be written to a staging directory
 * beside its tree while the next one is emitted, so only the targets not yet written are in memory.
 * A hand edit found is added to `conflicts` (and the remaining targets are only searched for theirs);
 * a failure discards everything staged. Settles once every staged tree is on disk.
 */
async function stageTargets(targets: readonly Target[], run: StagingRun): Promise<{ staged: StagedTarget[]; skipped: SkippedTarget[] }> {
  const staged: StagedTarget[] = [];
  const skipped: SkippedTarget[] = [];
  try {
    for (const target of targets) {
      // The last target's files are with the writer thread: what is left of it is garbage.
      collectGarbageIfLarge();
      const outcome = await stageTarget(target, run);
      if (outcome && 'tree' in outcome) staged.push(outcome);
      else if (outcome) skipped.push(outcome);
    }
    await Promise.all(staged.map(({ tree }) => tree.written));
  } catch (error) {
    await discard(staged, run.createdOut);
    throw error;
  }
  return { staged, skipped };
}

/**
 * One target of `stageTargets`: staged, skipped (a format that cannot write the spec), or undefined
 * when a hand edit stops the run. A function of its own so that the target's files, once with the
 * writer thread, are no longer reachable from the loop (a local of the loop would keep them alive
 * while the next target is emitted).
 */
async function stageTarget(target: Target, run: StagingRun): Promise<StagedTarget | SkippedTarget | undefined> {
  const { conflicts, options } = run;
  options.progress(`generating ${target.name}…`);
  const directory = target.repositoryDirectory ? resolve(repositoryRoot(run.specPath), target.repositoryDirectory) : resolve(run.out, target.name);
  let files;
  try {
    files = target.emit(run.model, run.context);
  } catch (error) {
    // Without --target, a format that cannot write one of the spec's fields is left out, with where
    // and why, instead of costing the user every other format; asked for by name, it is an error.
    if (run.explicit || !cannotExpress(error)) throw error;
    options.progress(`skipping ${target.name}, which cannot write this spec:\n${error.diagnostics.map(formatDiagnostic).join('\n')}`);
    return { target, diagnostics: error.diagnostics };
  }
  // Once a hand edit stops the run, the other targets are only searched for theirs, to list them all.
  if (conflicts.length > 0) {
    for (const file of await findHandEdits(directory, files)) conflicts.push(resolve(directory, file));
    return undefined;
  }
  const tree = await stageOutputTree(directory, files, { generator: `berth ${target.name}`, onConflict: options.onConflict });
  if (tree.refused) {
    for (const file of tree.outcome.conflicts) conflicts.push(resolve(directory, file));
    return undefined;
  }
  return { target, directory, files: files.length, tree };
}

/**
 * Until `swapping`, SIGINT and SIGTERM run `abandon` and end the process (exit 128 + the signal's
 * number; a second signal ends it at once); after it they are ignored until `release` (the swap is
 * renames only), so a swap of trees is never cut half-way.
 */
function guardAgainstSignals(abandon: (signal: NodeJS.Signals) => Promise<void>): { swapping(): void; release(): void } {
  let swapping = false;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + osConstants.signals[signal];
    if (stopping) {
      restoreDefaultFlags();
      process.exit(code);
    }
    if (swapping) return;
    stopping = true;
    void abandon(signal).finally(() => {
      restoreDefaultFlags();
      process.exit(code);
    });
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return {
    swapping: () => void (swapping = true),
    release: () => void process.off('SIGINT', onSignal).off('SIGTERM', onSignal),
  };
}

/** A target's refusal of a field it has no way to write (not a mistake in the spec). */
function cannotExpress(error: unknown): error is InputError {
  return error instanceof InputError && error.diagnostics.length > 0 && error.diagnostics.every((d) => d.code.endsWith('-unsupported-field'));
}

async function discard(staged: readonly { tree: WritingTree }[], createdOut?: string): Promise<void> {
  await Promise.all(staged.map(({ tree }) => tree.discard()));
  if (createdOut) await rm(createdOut, { recursive: true, force: true });
}
