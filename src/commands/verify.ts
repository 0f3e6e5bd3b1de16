// `berth verify`: renders the packaging on disk with each target's own engine, per environment,
// and compares it object by object with a fresh resolve of the spec.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FailedCheckError } from '../diagnostics.ts';
import { resolveObjects } from '../model/resolve.ts';
import { TARGETS } from '../targets/index.ts';
import { targetEnvironments } from '../targets/target.ts';
import { compareObjects, formatDifferences, withoutFields } from '../verify/compare.ts';
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

export interface VerifyResult {
  /** One line per target and environment, with the differences under a drifting pair. */
  readonly report: string;
  /** Empty when every pair is equal; otherwise what failed and what to do, for stderr. */
  readonly failure: string;
}

export async function verifyCommand(options: VerifyOptions): Promise<VerifyResult> {
  const { model, path } = await loadModel(options.spec, options.cwd);
  const out = outputDirectory(options.out, path, options.cwd);
  const requested = options.targets ? selectTargets(options.targets) : TARGETS;
  const present = requested.filter((t) => t.render && existsSync(resolve(out, t.name)));
  if (present.length === 0) {
    throw new FailedCheckError(`nothing to verify in ${out}: run \`berth generate\` first (or pass --out)`);
  }
  const lines: string[] = [];
  let drift = 0;
  let failed = 0;
  let unchecked = 0;
  for (const target of present) {
    for (const { name, environment } of targetEnvironments(model)) {
      options.progress(`verifying ${target.name} ${name}…`);
      const expected = withoutFields(resolveObjects(model, environment), target.omittedFields ?? []);
      const result = await target.render!(model, environment, { directory: resolve(out, target.name), env: options.env });
      if (!result.ok) {
        if ('missing' in result) {
          unchecked++;
          lines.push(`${target.name} ${name}: NOT CHECKED — ${result.missing}`);
        } else {
          failed++;
          lines.push(`${target.name} ${name}: FAILED — ${result.failure}`);
        }
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
  }
  const problems = [
    drift > 0 ? `${drift} target/environment pair(s) differ from the spec; regenerate with \`berth generate\`` : '',
    failed > 0 ? `${failed} pair(s) failed to render` : '',
    unchecked > 0 ? `${unchecked} pair(s) could not be checked` : '',
  ].filter(Boolean);
  return { report: lines.join('\n'), failure: problems.join('; ') };
}
