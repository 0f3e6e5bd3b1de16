// `berth generate`: emits every requested target, then writes them all, or nothing when a
// hand-edited file would be overwritten.
import { dirname, resolve } from 'node:path';
import { FailedCheckError, InputError } from '../diagnostics.ts';
import { renderConfigurationReference } from '../docs/configuration-reference.ts';
import { findHandEdits, writeGeneratedFile, writeOutputTree, type ConflictPolicy } from '../io/output-tree.ts';
import { TARGETS, targetNames } from '../targets/index.ts';
import type { Target } from '../targets/target.ts';
import { loadModel } from './load-model.ts';

export interface GenerateOptions {
  readonly spec?: string;
  readonly targets?: string;
  readonly out?: string;
  readonly onConflict: ConflictPolicy;
  readonly cwd: string;
  readonly progress: (line: string) => void;
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

export async function generateCommand(options: GenerateOptions): Promise<string> {
  const targets = selectTargets(options.targets);
  const { model, path } = await loadModel(options.spec, options.cwd);
  const out = outputDirectory(options.out, path, options.cwd);
  const emitted = targets.map((target) => {
    options.progress(`generating ${target.name}…`);
    return { target, files: target.emit(model), directory: resolve(out, target.name) };
  });

  const reference = { path: 'README.md', content: renderConfigurationReference(model, emitted.map((e) => e.target.name)) };

  if (options.onConflict === 'refuse') {
    const conflicts: string[] = [];
    for (const file of await findHandEdits(out, [reference])) conflicts.push(resolve(out, file));
    for (const { directory, files } of emitted) {
      for (const file of await findHandEdits(directory, files)) conflicts.push(resolve(directory, file));
    }
    if (conflicts.length > 0) {
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
  }
  const summary: string[] = [];
  for (const { target, files, directory } of emitted) {
    const outcome = await writeOutputTree(directory, files, { generator: `berth ${target.name}`, onConflict: options.onConflict });
    summary.push(
      `${target.name}: ${files.length} files in ${directory} (${outcome.written} written, ${outcome.unchanged} unchanged` +
        (outcome.keptBeside.length > 0 ? `, ${outcome.keptBeside.length} new versions kept beside your edits` : '') +
        ')',
    );
  }
  await writeGeneratedFile(out, reference, { onConflict: options.onConflict });
  summary.push(`configuration reference: ${resolve(out, 'README.md')}`);
  return summary.join('\n');
}
