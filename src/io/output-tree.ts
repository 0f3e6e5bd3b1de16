// Writes a target's generated files safely: never over a hand edit, never half-written.
// berth records what it wrote (path → SHA-256) in `.berth-generated.json`; a file whose content no
// longer matches that record was edited by hand and is not overwritten unless the user says so.
// The new tree is built beside the old one and swapped in with renames, so an interrupted run
// leaves the previous packaging intact.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { GeneratedFile } from '../targets/target.ts';
import { stopWriting, writeInBackground, type WriteJob } from './background-writer.ts';
import { sha256Hex } from './sha256.ts';
import { additionsToKeep, topLevelDigests } from './yaml-additions.ts';

export const RECORD_FILE = '.berth-generated.json';

export interface GeneratedRecord {
  readonly generator: string;
  readonly files: Record<string, string>;
  /** For YAML mappings: the digest of each top-level value berth wrote, so added keys can be kept. */
  readonly keys?: Record<string, Record<string, string>>;
}

export type ConflictPolicy = 'refuse' | 'overwrite' | 'keep-mine';

export interface WriteOutcome {
  readonly written: number;
  readonly unchanged: number;
  /** Hand-edited files (relative paths) and what happened to them. */
  readonly conflicts: readonly string[];
  /** With `keep-mine`: where the new versions were written instead (`<file>.berth-new`). */
  readonly keptBeside: readonly string[];
  readonly refused: boolean;
}

const digest = sha256Hex;

/**
 * What to carry over, as coarse as possible: a directory that holds no generated or recorded file
 * is one entry (moved whole); otherwise its files are listed one by one.
 */
async function listEntries(root: string, generated: Iterable<string>): Promise<string[]> {
  const record = await readRecord(root);
  // Every directory that holds an owned file, so each directory is one lookup, not a scan.
  const ownedDirectories = new Set<string>();
  for (const path of [...Object.keys(record?.files ?? {}), ...generated]) {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) ownedDirectories.add(path.slice(0, cut));
  }
  const entries: string[] = [];
  const walk = async (relativeDirectory: string): Promise<void> => {
    const absolute = join(root, relativeDirectory);
    if (!existsSync(absolute)) return;
    for (const entry of await readdir(absolute, { withFileTypes: true })) {
      const path = relativeDirectory ? `${relativeDirectory}/${entry.name}` : entry.name;
      if (entry.isDirectory() && ownedDirectories.has(path)) await walk(path);
      else entries.push(path);
    }
  };
  await walk('');
  return entries.sort();
}

async function readRecord(directory: string): Promise<GeneratedRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(directory, RECORD_FILE), 'utf8')) as GeneratedRecord;
  } catch {
    return undefined;
  }
}

/**
 * What regeneration does with one file: write berth's new version, append the user's added YAML keys
 * to it, or stop because the user changed what berth wrote.
 */
/** What regeneration does with one file (see planFile). */
interface FilePlan {
  readonly edited: boolean;
  readonly content: string;
  /** The file on disk is `content` already. */
  readonly unchanged: boolean;
}

async function planFile(
  directory: string,
  file: GeneratedFile,
  record: GeneratedRecord | undefined,
  exists = existsSync(join(directory, file.path)),
): Promise<FilePlan> {
  const path = join(directory, file.path);
  if (!exists) return { edited: false, content: file.content, unchanged: false };
  const current = await readFile(path, 'utf8');
  // Already the new version: nothing of the user's to merge, nothing to parse.
  if (current === file.content) return { edited: false, content: file.content, unchanged: true };
  const recordedKeys = record?.keys?.[file.path];
  if (recordedKeys) {
    const additions = additionsToKeep(current, recordedKeys, file.content);
    if (additions !== undefined) {
      const content = `${file.content}${additions}`;
      return { edited: false, content, unchanged: current === content };
    }
  }
  // Without a record the directory predates berth (or someone else wrote it): treat it as the user's.
  const recorded = record?.files[file.path];
  const edited = recorded === undefined || recorded !== digest(current);
  return { edited, content: file.content, unchanged: false };
}

/** Files in `directory` edited by hand since berth wrote them (or present but never written by berth). */
export async function findHandEdits(directory: string, generated: readonly GeneratedFile[]): Promise<string[]> {
  const record = await readRecord(directory);
  return editedPaths(generated, await mapWithLimit(generated, 16, (file) => planFile(directory, file, record)));
}

function editedPaths(files: readonly GeneratedFile[], plans: readonly FilePlan[]): string[] {
  return files.filter((_, i) => plans[i].edited).map((file) => file.path);
}

export async function writeOutputTree(
  directory: string,
  files: readonly GeneratedFile[],
  options: { generator: string; onConflict: ConflictPolicy },
): Promise<WriteOutcome> {
  const staged = await stageOutputTree(directory, files, options);
  return staged.refused ? staged.outcome : staged.commit();
}

/**
 * A new tree written beside the old one: `commit` swaps it in, `discard` removes it. `written` settles
 * once every file is on disk (or with the error that stopped the writing); commit and discard wait for it.
 */
export type StagedTree =
  | { readonly refused: true; readonly outcome: WriteOutcome }
  | { readonly refused: false; readonly written: Promise<void>; commit(): Promise<WriteOutcome>; discard(): Promise<void> };

/**
 * The first half of writeOutputTree: plans the new version of the tree and hands its files to the
 * writer thread, to be written into a staging directory beside the tree, leaving the tree itself
 * untouched; so several trees can be written all or none, the next one computed while the last is
 * written, without holding every file in memory.
 */
export async function stageOutputTree(
  directory: string,
  files: readonly GeneratedFile[],
  options: { generator: string; onConflict: ConflictPolicy },
): Promise<StagedTree> {
  const previous = await readRecord(directory);
  // Each file on disk is read and compared with what berth wrote once: the conflicts and the writes
  // share that plan. In a directory not made yet no file is asked for.
  const fresh = !existsSync(directory);
  const plans = await mapWithLimit(files, 16, (file) => planFile(directory, file, previous, fresh ? false : undefined));
  const conflicts = editedPaths(files, plans);
  if (conflicts.length > 0 && options.onConflict === 'refuse') {
    return { refused: true, outcome: { written: 0, unchanged: 0, conflicts, keptBeside: [], refused: true } };
  }
  const staging = `${directory}.berth-staging-${process.pid}`;
  const retired = `${directory}.berth-previous-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  stagingDirectories.add(staging);
  await mkdir(staging, { recursive: true });
  const { jobs, record, written: writtenCount, unchanged, keptBeside } = stagedFiles(directory, staging, files, plans, previous, options);
  const written = writeInBackground(jobs).then((digests) => writeFile(join(staging, RECORD_FILE), `${JSON.stringify(record(digests), null, 2)}\n`));
  // Until commit or discard waits for it, a failed write is only remembered, not an unhandled rejection.
  written.catch(() => undefined);
  const generatedPaths = new Set(files.map((f) => f.path));

  // commit and discard live until every tree is staged: no closure of this function may reach the
  // files or their plans (helpers take them), or every target's contents would stay in memory.
  const commit = async (): Promise<WriteOutcome> => {
    await written;
    // Files berth did not write (the user's own additions, an installed node_modules) move over
    // untouched — renamed, not copied, so symlinks survive and large trees cost nothing; files berth
    // wrote before and no longer generates are dropped.
    for (const entry of await listEntries(directory, generatedPaths)) {
      if (entry === RECORD_FILE || generatedPaths.has(entry) || keptBeside.includes(entry)) continue;
      const recorded = previous?.files[entry];
      if (recorded !== undefined && recorded === digest(await readFile(join(directory, entry)))) continue;
      await mkdir(dirname(join(staging, entry)), { recursive: true });
      await rename(join(directory, entry), join(staging, entry));
    }
    await mkdir(dirname(directory), { recursive: true });
    if (existsSync(directory)) await rename(directory, retired);
    await rename(staging, directory);
    stagingDirectories.delete(staging);
    await rm(retired, { recursive: true, force: true });
    return { written: writtenCount, unchanged, conflicts, keptBeside, refused: false };
  };
  const discard = async () => {
    await written.catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    stagingDirectories.delete(staging);
  };
  return { refused: false, written, commit, discard };
}

/** Staging directories made and neither swapped in nor removed yet. */
const stagingDirectories = new Set<string>();

/**
 * For a run that is stopped (Ctrl-C) before it swaps anything in: stops the writer thread and removes
 * every staging directory, which hold only berth's new files; the trees themselves are as they were.
 */
export async function abandonStagedTrees(): Promise<void> {
  await stopWriting();
  for (const staging of stagingDirectories) await rm(staging, { recursive: true, force: true });
  stagingDirectories.clear();
}

/**
 * What to write into `staging` for the planned files, what a commit needs to know, and the record of
 * it, made from the digests of the files as the writer thread wrote them.
 */
function stagedFiles(
  directory: string,
  staging: string,
  files: readonly GeneratedFile[],
  plans: readonly FilePlan[],
  previous: GeneratedRecord | undefined,
  options: { generator: string; onConflict: ConflictPolicy },
): { jobs: WriteJob[]; record: (digests: readonly (string | null)[]) => GeneratedRecord; written: number; unchanged: number; keptBeside: string[] } {
  const jobs: WriteJob[] = [];
  const keptBeside: string[] = [];
  let written = 0;
  let unchanged = 0;
  // Each generated path with the digest berth keeps for it: the one it had (a file kept as the user
  // left it), or the index of the job that writes berth's version.
  const recordFiles: [path: string, digest: string | number][] = [];
  const recordKeys: Record<string, Record<string, string>> = {};
  files.forEach((generated, index) => {
    const plan = plans[index];
    // A hand-edited file keeps berth's new version as it is; any other gets the user's additions merged in.
    const keepMine = plan.edited && options.onConflict === 'keep-mine';
    const target = keepMine ? `${generated.path}.berth-new` : generated.path;
    jobs.push({ path: join(staging, target), content: plan.content });
    if (keepMine) {
      jobs.push({ path: join(staging, generated.path), copyFrom: join(directory, generated.path) });
      keptBeside.push(target);
      recordFiles.push([generated.path, previous?.files[generated.path] ?? '']);
      const keptKeys = previous?.keys?.[generated.path];
      if (keptKeys) recordKeys[generated.path] = keptKeys;
    } else {
      recordFiles.push([generated.path, jobs.length - 1]);
      // The keys berth wrote (not the user's additions merged in): what a later run compares against.
      // Helm templates are not YAML until Helm renders them: parsing them is costly and gives nothing.
      const keys = /\.ya?ml$/.test(generated.path) && !generated.content.includes('{{') ? (generated.keyDigests === undefined ? topLevelDigests(generated.content) : (generated.keyDigests ?? undefined)) : undefined;
      if (keys) recordKeys[generated.path] = keys;
    }
    if (plan.unchanged) unchanged++;
    else written++;
  });
  recordFiles.sort(([a], [b]) => (a < b ? -1 : 1));
  return { jobs, record: recordOf(options.generator, recordFiles, recordKeys), written, unchanged, keptBeside };
}

/**
 * The record once the digests are known. Made outside `stagedFiles`: a closure there would keep that
 * function's whole scope, the plans and so every file's content, alive until the trees are swapped in.
 */
function recordOf(
  generator: string,
  recordFiles: readonly (readonly [path: string, digest: string | number])[],
  recordKeys: Record<string, Record<string, string>>,
): (digests: readonly (string | null)[]) => GeneratedRecord {
  // Loops rather than destructured pairs: a record lists every file of a target, and unpacking an
  // array argument walks its iterator.
  return (digests) => {
    const files: Record<string, string> = {};
    for (const entry of recordFiles) files[entry[0]] = typeof entry[1] === 'number' ? digests[entry[1]]! : entry[1];
    const keys: Record<string, Record<string, string>> = {};
    for (const path of Object.keys(recordKeys).sort()) keys[path] = recordKeys[path];
    return { generator, files, keys };
  };
}

/** `work` over every item, at most `limit` at a time; the results in the items' order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * One generated file outside any target directory (deploy/README.md), with the same promise:
 * a hand edit is reported, never overwritten silently; the write is atomic.
 */
export async function writeGeneratedFile(
  directory: string,
  file: GeneratedFile,
  options: { onConflict: ConflictPolicy },
): Promise<{ conflict: boolean; path: string }> {
  const recordPath = join(directory, RECORD_FILE);
  const record = (await readRecord(directory)) ?? { generator: 'berth', files: {} };
  const path = join(directory, file.path);
  let conflict = false;
  if (existsSync(path)) {
    const current = digest(await readFile(path));
    conflict = current !== digest(file.content) && record.files[file.path] !== current;
  }
  if (conflict && options.onConflict === 'refuse') return { conflict, path };
  const target = conflict && options.onConflict === 'keep-mine' ? `${path}.berth-new` : path;
  await mkdir(directory, { recursive: true });
  await writeFile(`${target}.tmp-${process.pid}`, file.content);
  await rename(`${target}.tmp-${process.pid}`, target);
  if (!(conflict && options.onConflict === 'keep-mine')) {
    const files = { ...record.files, [file.path]: digest(file.content) };
    await writeFile(`${recordPath}.tmp-${process.pid}`, `${JSON.stringify({ generator: 'berth', files }, null, 2)}\n`);
    await rename(`${recordPath}.tmp-${process.pid}`, recordPath);
  }
  return { conflict, path: target };
}
