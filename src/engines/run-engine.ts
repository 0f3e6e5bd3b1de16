// Runs a located engine without a shell (arguments are never re-parsed) and reports its version.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EngineError } from './engine-error.ts';
import type { EngineLocation } from './locate-engine.ts';

export interface RunEngineOptions {
  readonly cwd?: string;
  /**
   * Written to the engine's stdin, which is then closed. Read it with `-` (`helm template -f -`):
   * opening `/dev/stdin` by path fails (ENXIO) because Node connects stdin through a socket.
   */
  readonly input?: string;
  /** The engine is killed after this long and the run fails. @default 120000 */
  readonly timeoutMs?: number;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface EngineRun {
  /** Exit code; 128 + signal number when the engine was killed by a signal. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A non-zero exit is a result, not an error: callers read stderr to report what the engine said. */
export function runEngine(
  location: EngineLocation,
  args: readonly string[],
  options: RunEngineOptions = {},
): Promise<EngineRun> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const command = `${location.name} ${args.join(' ')}`;
  return new Promise((resolvePromise, reject) => {
    // spawn rather than execFile: output is collected without a maxBuffer limit (rendered charts
    // can be large) and stdin can be fed.
    const child = spawn(location.path, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new EngineError(`could not run ${location.path}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new EngineError(`${command} did not finish within ${timeoutMs} ms`));
        return;
      }
      resolvePromise({
        code: code ?? 128 + (signal ? constants.signals[signal] : 0),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });

    // An engine that exits without reading stdin closes the pipe; that is its answer, not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** The engine's own version, e.g. `v3.18.0` for helm or `v1.35.2` for kubectl. */
export async function engineVersion(location: EngineLocation): Promise<string> {
  const args = location.name === 'helm' ? ['version', '--short'] : ['version', '--client', '-o', 'json'];
  const run = await runEngine(location, args, { timeoutMs: 30_000 });
  if (run.code !== 0) {
    throw new EngineError(`${location.path} ${args.join(' ')} exited with ${run.code}: ${run.stderr.trim()}`);
  }
  const reported = location.name === 'helm' ? run.stdout : readKubectlClientVersion(run.stdout);
  // helm prints `v3.18.0+g6838ebc`; the build suffix says nothing about behaviour.
  const version = /v\d+\.\d+\.\d+/.exec(reported ?? '')?.[0];
  if (!version) {
    throw new EngineError(`could not read a version from ${location.path} ${args.join(' ')}: ${run.stdout.trim()}`);
  }
  return version;
}

function readKubectlClientVersion(json: string): string | undefined {
  try {
    return (JSON.parse(json) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    return undefined;
  }
}
