// Child process of run-under-mocks: runs a Pulumi program once per stack config under the SDK's
// mocks, the way the Pulumi language host runs it (runInPulumiStack), and writes what it registered.
// Usage: node --import tsx mock-host.ts <request.json> <result.json>
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

export interface MockHostRequest {
  readonly directory: string;
  readonly project: string;
  readonly runs: readonly { readonly stack: string; readonly config: Readonly<Record<string, string>> }[];
}

export interface CapturedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** Logical names of the resources it depends on (the dependencies the SDK sent to the engine). */
  readonly dependencies: readonly string[];
  /** How long Pulumi waits for it to become ready, where the program says (`1860s`). */
  readonly timeouts?: { readonly create: string; readonly update: string };
  /** `retainOnDelete`: the resource stays in the cluster on `pulumi destroy`. */
  readonly retainOnDelete?: boolean;
}

export type MockHostRun =
  | { readonly ok: true; readonly resources: CapturedResource[]; readonly outputs: Record<string, unknown> }
  | { readonly ok: false; readonly failure: string };

export interface MockHostResult {
  readonly versions: { readonly pulumi: string; readonly kubernetes: string };
  readonly runs: MockHostRun[];
}

/** The parts of the SDK the host uses (it is loaded at run time from wherever the program finds it). */
interface PulumiSdk {
  readonly runtime: {
    setAllConfig(config: Readonly<Record<string, string>>, secretKeys: string[]): void;
    setMocks(mocks: object, project: string, stack: string, preview: boolean): Promise<void>;
    getMonitor(): Monitor;
    runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
    waitForRPCs?(): Promise<void>;
  };
}

interface Monitor {
  registerResource(request: RegisterRequest, callback: unknown): unknown;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string } | undefined;
  getRetainondelete(): boolean | undefined;
}

interface Registration {
  readonly dependencies: string[];
  readonly timeouts?: { readonly create: string; readonly update: string };
  readonly retainOnDelete?: boolean;
}

async function main(requestFile: string, resultFile: string): Promise<void> {
  const parsed = JSON.parse(readFileSync(requestFile, 'utf8')) as MockHostRequest;
  // The module cache is keyed by real paths.
  const request = { ...parsed, directory: realpathSync(parsed.directory) };
  const program = join(request.directory, 'index.ts');
  // Resolve the SDK as the program will (its own node_modules, then NODE_PATH): one module instance.
  const load = createRequire(program);
  const pulumi = load('@pulumi/pulumi') as PulumiSdk;
  const versions = {
    pulumi: (load('@pulumi/pulumi/package.json') as { version: string }).version,
    kubernetes: (load('@pulumi/kubernetes/package.json') as { version: string }).version,
  };
  const runs: MockHostRun[] = [];
  for (const run of request.runs) runs.push(await runOnce(pulumi, load, program, request, run));
  writeFileSync(resultFile, JSON.stringify({ versions, runs } satisfies MockHostResult));
}

async function runOnce(
  pulumi: PulumiSdk,
  load: NodeRequire,
  program: string,
  request: MockHostRequest,
  run: MockHostRequest['runs'][number],
): Promise<MockHostRun> {
  const resources = new Map<string, { type: string; name: string; inputs: Record<string, unknown>; dependencies: string[] }>();
  const registrations = new Map<string, Registration>();
  rejections.length = 0;
  try {
    // What the Pulumi CLI does for a stack: the stack's config in PULUMI_CONFIG (read into the SDK's store).
    process.env.PULUMI_CONFIG = JSON.stringify(run.config);
    pulumi.runtime.setAllConfig(run.config, []);
    await pulumi.runtime.setMocks(
      {
        newResource(args: { type: string; name: string; inputs: Record<string, unknown> }) {
          resources.set(`${args.type}::${args.name}`, { type: args.type, name: args.name, inputs: args.inputs, dependencies: [] });
          return { id: `${args.name}_id`, state: args.inputs };
        },
        call(args: { inputs: unknown }) {
          return args.inputs;
        },
      },
      request.project,
      run.stack,
      false,
    );
    recordRegistrations(pulumi.runtime.getMonitor(), registrations);
    forgetProgram(load, request.directory);
    const outputs = await pulumi.runtime.runInPulumiStack(async () => load(program));
    await pulumi.runtime.waitForRPCs?.();
    await settle();
    if (rejections.length > 0) throw rejections[0];
    const captured = [...resources.values()].map((r) => ({ ...r, ...registrations.get(`${r.type}::${r.name}`) }));
    return { ok: true, resources: captured, outputs: (outputs ?? {}) as Record<string, unknown> };
  } catch (error) {
    // Late rejections of a failed run belong to it, not to the next one.
    await settle();
    return { ok: false, failure: describeError(error) };
  }
}

/** Rejections nobody handled during the current run (a failed program leaves some behind). */
const rejections: unknown[] = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The message and the first frames: enough to find the line of the program. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return (error.stack ?? error.message).split('\n').slice(0, 5).join('\n');
}

/** The mocks do not show resource options; the registration request the SDK sends the monitor does. */
function recordRegistrations(monitor: Monitor, into: Map<string, Registration>): void {
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request: RegisterRequest, callback: unknown) => {
    const dependencies = request.getDependenciesList().map((urn) => urn.slice(urn.lastIndexOf('::') + 2)).sort();
    const timeouts = request.getCustomtimeouts();
    const create = timeouts?.getCreate() ?? '';
    const update = timeouts?.getUpdate() ?? '';
    const retainOnDelete = request.getRetainondelete() === true;
    into.set(`${request.getType()}::${request.getName()}`, { dependencies, ...(create || update ? { timeouts: { create, update } } : {}), ...(retainOnDelete ? { retainOnDelete } : {}) });
    return register(request, callback);
  };
}

/** Each run loads the program afresh (its own files only; the SDK stays loaded). */
function forgetProgram(load: NodeRequire, directory: string): void {
  const prefix = directory.endsWith(sep) ? directory : `${directory}${sep}`;
  for (const file of Object.keys(load.cache)) {
    if (file.startsWith(prefix) && !file.slice(prefix.length).split(sep).includes('node_modules')) delete load.cache[file];
  }
}

const [requestFile, resultFile] = process.argv.slice(2);
if (requestFile && resultFile) {
  main(requestFile, resultFile).catch((error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(3);
  });
}
