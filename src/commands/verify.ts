// `berth verify`: renders the packaging on disk with each target's own engine, per environment,
// and compares it object by object with a fresh resolve of the spec.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FailedCheckError } from '../diagnostics.ts';
import { resolveObjects, type AppModel } from '../model/resolve.ts';
import { TARGETS } from '../targets/index.ts';
import { targetEnvironments, type RenderContext, type Target } from '../targets/target.ts';
import { buildVerifyRecord, digestSpec, parseVerifyRecord, VERIFY_RECORD_FILE, type VerifyResult as PairResult } from '../report/verify-record.ts';
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
  /** Written into the record `berth report` reads. */
  readonly version?: string;
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
  // Each target's engine is a process of its own (helm, kubectl, the Pulumi host) or runs in this
  // one: the targets are verified side by side, each target's environments in turn, and reported in
  // the order of the targets.
  const checked = await Promise.all(
    present.map(async (target) => {
      const pairs: CheckedPair[] = [];
      for (const { name, environment } of targetEnvironments(model)) {
        options.progress(`verifying ${target.name} ${name}…`);
        pairs.push(await checkPair(model, target, name, environment, { directory: resolve(out, target.name), env: options.env }));
      }
      return pairs;
    }),
  );
  const lines: string[] = [];
  const results: PairResult[] = [];
  let drift = 0;
  let failed = 0;
  let unchecked = 0;
  for (const pair of checked.flat()) {
    lines.push(...pair.lines);
    results.push(pair.result);
    if (pair.result.status === 'drift') drift++;
    else if (pair.result.status === 'failed') failed++;
    else if (pair.result.status === 'not-checked') unchecked++;
  }
  // Kept beside the packaging for `berth report`: the same run, as data.
  // A run over some targets keeps what an earlier run proved for the others, for the same spec.
  const specText = await readFile(path, 'utf8');
  const previous = existsSync(resolve(out, VERIFY_RECORD_FILE)) ? parseVerifyRecord(await readFile(resolve(out, VERIFY_RECORD_FILE), 'utf8')) : undefined;
  const kept = previous && previous.specDigest === digestSpec(specText) ? previous.results.filter((r) => !present.some((t) => t.name === r.target)) : [];
  const record = buildVerifyRecord(specText, options.version ?? 'unknown', [...kept, ...results]);
  await writeFile(resolve(out, VERIFY_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  const problems = [
    drift > 0 ? `${drift} target/environment pair(s) differ from the spec; regenerate with \`berth generate\`` : '',
    failed > 0 ? `${failed} pair(s) failed to render` : '',
    unchecked > 0 ? `${unchecked} pair(s) could not be checked` : '',
  ].filter(Boolean);
  return { report: lines.join('\n'), failure: problems.join('; ') };
}

interface CheckedPair {
  readonly lines: readonly string[];
  readonly result: PairResult;
}

/** One target in one environment: rendered by its engine and compared with the canonical objects. */
async function checkPair(model: AppModel, target: Target, name: string, environment: string | undefined, context: RenderContext): Promise<CheckedPair> {
  const expected = withoutFields(resolveObjects(model, environment), target.omittedFields ?? []);
  const result = await target.render!(model, environment, context);
  if (!result.ok) {
    if ('missing' in result) {
      return { lines: [`${target.name} ${name}: NOT CHECKED — ${result.missing}`], result: { target: target.name, environment: name, status: 'not-checked', detail: result.missing } };
    }
    return { lines: [`${target.name} ${name}: FAILED — ${result.failure}`], result: { target: target.name, environment: name, status: 'failed', detail: result.failure } };
  }
  const differences = compareObjects(expected, result.objects);
  const pair: PairResult = { target: target.name, environment: name, status: differences.length === 0 ? 'ok' : 'drift', engine: result.engine, objects: expected.length, ...(differences.length > 0 ? { differences: differences.length } : {}) };
  if (differences.length === 0) return { lines: [`${target.name} ${name}: ok — ${expected.length} objects equal (${result.engine})`], result: pair };
  return { lines: [`${target.name} ${name}: DRIFT — ${differences.length} difference(s) (${result.engine})`, formatDifferences(differences)], result: pair };
}
