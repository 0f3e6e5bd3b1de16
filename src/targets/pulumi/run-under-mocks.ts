// A generated Pulumi program on disk + stack configs → the resources the real Pulumi SDK registers
// under its mocks (no CLI, no engine, no cluster), as Kubernetes objects. The program runs in a child
// Node process (tsx) that finds @pulumi/* in the program's node_modules, else in berth's own.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import type { CapturedResource, MockHostRequest, MockHostResult, MockHostRun } from './mock-host.ts';
import { moduleFile, packageRoot } from '../../package-files.ts';
import { PULUMI_PACKAGES } from './project-files.ts';
import { parseTypeToken } from './resource-types.ts';

export type { CapturedResource, MockHostRun } from './mock-host.ts';

export interface StackRun {
  readonly stack: string;
  /** PULUMI_CONFIG: `{"<project>:<key>": "<value>"}`, values as strings, as the Pulumi CLI passes them. */
  readonly config: Readonly<Record<string, string>>;
}

export interface MockRunOptions {
  /** The Pulumi project directory (index.ts, package.json...). */
  readonly directory: string;
  readonly project: string;
  readonly runs: readonly StackRun[];
  /** Environment of the child process (PATH, NODE_OPTIONS...); BERTH_PULUMI_SDK names another SDK location. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

export type MockRunResult =
  | { readonly ok: true; readonly engine: string; readonly runs: readonly MockHostRun[] }
  | { readonly ok: false; readonly missing: string }
  | { readonly ok: false; readonly failure: string };

/** berth's own install, where its development dependencies put the SDK. */
const BERTH_ROOT = packageRoot();
const HOST = moduleFile('targets/pulumi/mock-host.ts');
/** tsx's loader from berth's own install (resolved by path, so it works from the sources and the bundle alike). */
const TSX_LOADER = pathToFileURL(createRequire(join(BERTH_ROOT, 'package.json')).resolve('tsx')).href;

export type SdkLocation = { readonly ok: true; readonly nodePath: readonly string[] } | { readonly ok: false; readonly missing: string };

/**
 * Finds @pulumi/pulumi and @pulumi/kubernetes as the program will: its own node_modules first, then
 * the fallback directories (given to the child as NODE_PATH).
 */
export function locatePulumiSdk(directory: string, fallbacks: readonly string[]): SdkLocation {
  const nodePath = new Set<string>();
  const unresolved: string[] = [];
  for (const name of Object.keys(PULUMI_PACKAGES)) {
    if (resolveFrom(join(directory, 'index.ts'), name)) continue;
    const found = fallbacks.map((dir) => resolveFrom(join(dir, 'package.json'), name)).find((p) => p !== undefined);
    if (found) nodePath.add(found.slice(0, found.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length));
    else unresolved.push(name);
  }
  if (unresolved.length === 0) return { ok: true, nodePath: [...nodePath] };
  const pins = Object.entries(PULUMI_PACKAGES).map(([name, version]) => `${name}@${version}`).join(' ');
  return {
    ok: false,
    missing:
      `the Pulumi SDK (${unresolved.join(', ')}) is not installed, so the Pulumi program cannot be run under its mocks. ` +
      `Install it with \`npm install\` in ${directory} (its package.json pins ${pins}); no Pulumi CLI, account or cluster is needed. ` +
      'Or set BERTH_PULUMI_SDK to a directory where they are installed.',
  };
}

function resolveFrom(from: string, name: string): string | undefined {
  try {
    return createRequire(from).resolve(name);
  } catch {
    return undefined;
  }
}

/** Runs the program once per stack config, all in one child process. */
export async function runUnderMocks(options: MockRunOptions): Promise<MockRunResult> {
  const env = options.env ?? process.env;
  if (!existsSync(join(options.directory, 'index.ts'))) return { ok: false, failure: `${options.directory} has no index.ts` };
  const fallbacks = env.BERTH_PULUMI_SDK ? [env.BERTH_PULUMI_SDK] : [BERTH_ROOT];
  const sdk = locatePulumiSdk(options.directory, fallbacks);
  if (!sdk.ok) return sdk;

  const work = await mkdtemp(join(tmpdir(), 'berth-pulumi-'));
  try {
    const requestFile = join(work, 'request.json');
    const resultFile = join(work, 'result.json');
    const request: MockHostRequest = { directory: options.directory, project: options.project, runs: options.runs };
    await writeFile(requestFile, JSON.stringify(request));
    const nodePath = [...sdk.nodePath, ...(env.NODE_PATH ? env.NODE_PATH.split(delimiter) : [])].join(delimiter);
    const child = await runNode(['--import', TSX_LOADER, HOST, requestFile, resultFile], {
      cwd: options.directory,
      env: { ...env, NODE_PATH: nodePath, PULUMI_CONFIG: JSON.stringify(options.runs[0]?.config ?? {}) },
      timeoutMs: options.timeoutMs ?? 300_000,
    });
    if (child.code !== 0 || !existsSync(resultFile)) {
      return { ok: false, failure: `the Pulumi program host exited with ${child.code ?? child.signal}: ${child.stderr.trim().slice(-4000)}` };
    }
    const result = JSON.parse(await readFile(resultFile, 'utf8')) as MockHostResult;
    return {
      ok: true,
      engine: `Pulumi SDK ${result.versions.pulumi} with @pulumi/kubernetes ${result.versions.kubernetes}, under the SDK's mocks`,
      runs: result.runs,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface ChildOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function runNode(args: string[], options: { cwd: string; env: Record<string, string | undefined>; timeoutMs: number }): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** Pulumi's own resources (the stack, providers) are not Kubernetes objects. */
const PULUMI_TYPES = /^pulumi:(pulumi:Stack|providers:)/;

/** The registered resources as Kubernetes objects: apiVersion and kind from the type token, the inputs as the body. */
export function toKubernetesObjects(resources: readonly CapturedResource[]): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const resource of resources) {
    if (PULUMI_TYPES.test(resource.type)) continue;
    const token = parseTypeToken(resource.type);
    if (!token) throw new Error(`the program registered ${resource.type} "${resource.name}", which is not a Kubernetes resource`);
    // `status` is an output the typed classes declare as an input; it is never sent.
    const { status: _status, ...inputs } = resource.inputs;
    // The provider sends the inputs; the token only fills in what a class left out.
    objects.push({ apiVersion: token.apiVersion, kind: token.kind, ...inputs } as KubernetesObject);
  }
  return objects;
}
