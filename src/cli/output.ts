// Where the CLI writes: results to stdout, messages and progress to stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-files.ts';

export interface Output {
  readonly version: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** A progress line on stderr ("generating helm…"). */
  progress(line: string): void;
  /** Set by a command that finished but found problems (exit 1). */
  exitCode?: number;
}

export function berthVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function createOutput(proc: NodeJS.Process): Output {
  // A reader that stops early (`berth render | head`) closes the pipe: the rest of the output is not
  // wanted, which is no failure of berth's. Any other failure to write is said plainly.
  proc.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') proc.stderr.write(`berth: cannot write the output: ${error.message}\n`);
    proc.exit(error.code === 'EPIPE' ? (proc.exitCode ?? 0) : 2);
  });
  // Messages and progress nobody reads any more (`berth generate 2>&1 | head -1`) are no reason to stop
  // the work half-way: the command goes on, and its exit code still says how it ended.
  proc.stderr.on('error', () => undefined);
  return {
    version: berthVersion(),
    stdout: (text) => void proc.stdout.write(text),
    stderr: (text) => void proc.stderr.write(text),
    progress: (line) => void proc.stderr.write(`berth: ${line}\n`),
  };
}

/** Collects everything, for tests. */
export function createMemoryOutput(): Output & { out: string; err: string } {
  const memory = {
    version: berthVersion(),
    out: '',
    err: '',
    stdout(text: string) {
      memory.out += text;
    },
    stderr(text: string) {
      memory.err += text;
    },
    progress(line: string) {
      memory.err += `berth: ${line}\n`;
    },
  } as Output & { out: string; err: string };
  return memory;
}
