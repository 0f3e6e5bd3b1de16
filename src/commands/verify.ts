// `berth verify`: renders the packaging on disk with each target's own engine, per environment,
// and compares it object by object with a fresh resolve of the spec.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FailedCheckError } from '../diagnostics.ts';
import { resolveObjects, type AppModel } from '../model/resolve.ts';
import { TARGETS } from '../targets/index.ts';
import { targetEnvironments, type Target } from '../targets/target.ts';
import { compareObjects, formatDifferences } from '../verify/compare.ts';
import { selectTargets, outputDirectory } from './generate.ts';
import { loadModel } from './load-model.ts';

export interface VerifyOptions {
  readonly spec?: string;
  readonly out?: string;
  readonly targets?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly progress: (line: string) => void;
}

export async function verifyCommand(options: VerifyOptions): Promise<string> {
  const { model, path } = await loadModel(options.spec, options.cwd);
  const out = outputDirectory(options.out, path, options.cwd);
  const requested = options.targets ? selectTargets(options.targets) : TARGETS;
  const present = requested.filter((t) => t.render && existsSync(resolve(out, t.name)));
  if (present.length === 0) {
    throw new FailedCheckError(`nothing to verify in ${out}: run \`berth generate\` first (or pass --out)`);
  }
  // Targets render side by side (Helm and kubectl runs overlap the Pulumi child process); each
  // target's environments in turn, and the report in the usual order.
  const results = await Promise.all(present.map((target) => verifyTarget(target, model, out, options)));
  const lines = results.flatMap((r) => r.lines);
  const drift = results.reduce((sum, r) => sum + r.drift, 0);
  const unchecked = results.reduce((sum, r) => sum + r.unchecked, 0);
  const report = lines.join('\n');
  if (drift > 0 || unchecked > 0) {
    throw new FailedCheckError(
      `${report}\n${drift > 0 ? `${drift} target/environment pair(s) differ from the spec; regenerate with \`berth generate\`` : ''}${
        unchecked > 0 ? `${drift > 0 ? '; ' : ''}${unchecked} pair(s) could not be checked` : ''
      }`,
    );
  }
  return report;
}

async function verifyTarget(target: Target, model: AppModel, out: string, options: VerifyOptions): Promise<{ lines: string[]; drift: number; unchecked: number }> {
  const lines: string[] = [];
  let drift = 0;
  let unchecked = 0;
  for (const { name, environment } of targetEnvironments(model)) {
    options.progress(`verifying ${target.name} ${name}…`);
    const expected = resolveObjects(model, environment);
    const result = await target.render!(model, environment, { directory: resolve(out, target.name), env: options.env });
    if (!result.ok) {
      unchecked++;
      lines.push('missing' in result ? `${target.name} ${name}: NOT CHECKED — ${result.missing}` : `${target.name} ${name}: FAILED — ${result.failure}`);
      if ('failure' in result) drift++;
      continue;
    }
    const differences = compareObjects(expected, result.objects);
    if (differences.length === 0) {
      lines.push(`${target.name} ${name}: ok — ${expected.length} objects equal (${result.engine})`);
    } else {
      drift++;
      lines.push(`${target.name} ${name}: DRIFT — ${differences.length} difference(s) (${result.engine})`, formatDifferences(differences));
    }
  }
  return { lines, drift, unchecked };
}
