// Writes files on a thread of its own, so that berth builds the next target while the disk takes the
// last one: creating thousands of files is kernel time, which a second core can spend while the first
// goes on computing. The thread writes one batch after another, in the order they were given.
import { Worker } from 'node:worker_threads';

/** One file to make: `content` written, or the file at `copyFrom` copied. */
export type WriteJob = { readonly path: string; readonly content: string } | { readonly path: string; readonly copyFrom: string };

// Plain JavaScript, evaluated by the thread: it must not depend on how berth itself was loaded
// (sources under tsx, or the built bundle).
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
// One-shot where Node has it (20.12 and later): no Hash object per file.
const sha256Hex = crypto.hash ? (data) => crypto.hash('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex');
const { copyFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { dirname } = require('node:path');
parentPort.on('message', ({ id, jobs, bytes }) => {
  const made = new Set();
  const contents = Buffer.from(bytes);
  const digests = [];
  try {
    for (const job of jobs) {
      const directory = dirname(job.path);
      if (!made.has(directory)) {
        mkdirSync(directory, { recursive: true });
        made.add(directory);
      }
      if (job.copyFrom !== undefined) {
        copyFileSync(job.copyFrom, job.path);
        digests.push(null);
      } else {
        const content = contents.subarray(job.start, job.end);
        writeFileSync(job.path, content);
        digests.push(sha256Hex(content));
      }
    }
    // The buffer goes back to be freed (see writeInBackground).
    parentPort.postMessage({ id, digests, bytes }, [bytes]);
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code, errno: error.errno, syscall: error.syscall, path: error.path }, bytes }, [bytes]);
  }
});
`;

interface Reply {
  readonly id: number;
  readonly digests?: readonly (string | null)[];
  readonly error?: { message: string; code?: string; errno?: number; syscall?: string; path?: string };
}

let thread: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (digests: readonly (string | null)[]) => void; reject: (error: Error) => void }>();

function writerThread(): Worker {
  if (thread) return thread;
  // Not the process's own options (`--input-type=module`, a loader): the thread is plain CommonJS.
  const worker = new Worker(THREAD_SOURCE, { eval: true, execArgv: [] });
  worker.on('message', ({ id, digests, error }: Reply) => {
    const waiting = pending.get(id);
    pending.delete(id);
    // An idle thread must not keep the process alive; a busy one must, or the process would end first.
    if (pending.size === 0) worker.unref();
    if (!waiting) return;
    if (error) waiting.reject(Object.assign(new Error(error.message), error));
    else waiting.resolve(digests ?? []);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', () => {
    thread = undefined;
    failAll(new Error('the thread writing files stopped'));
  });
  worker.unref();
  return (thread = worker);
}

/** Stops the writer thread at once: the files of batches not yet written may be missing, and their promises reject. */
export async function stopWriting(): Promise<void> {
  await thread?.terminate();
}

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

/**
 * Makes the files (and their directories) in order, on the writer thread. The contents are encoded for
 * it, so the caller's strings can go as soon as this returns; the promise settles once all are on disk,
 * with the SHA-256 (hex) of each file written from `content`, in the jobs' order (null for a copy), or
 * with the first error (the remaining files of the batch are not written). The thread takes the
 * digests too: they are work the caller would otherwise do before its next target.
 */
export function writeInBackground(jobs: readonly WriteJob[]): Promise<readonly (string | null)[]> {
  if (jobs.length === 0) return Promise.resolve([]);
  const worker = writerThread();
  const id = nextId++;
  const done = new Promise<readonly (string | null)[]>((resolve, reject) => pending.set(id, { resolve, reject }));
  // The contents go as one buffer, handed over rather than copied: the thread's heap never holds them
  // as strings. The thread hands the buffer back with its reply: it makes so little garbage that it
  // would seldom collect, and every batch would stay in memory until the run ends (24 MB of a
  // 200-component spec); this thread collects often and frees it.
  let size = 0;
  for (const job of jobs) if ('content' in job) size += Buffer.byteLength(job.content);
  const bytes = new Uint8Array(new ArrayBuffer(size));
  const contents = Buffer.from(bytes.buffer);
  let offset = 0;
  const slices = jobs.map((job) => {
    if (!('content' in job)) return job;
    const start = offset;
    offset += contents.write(job.content, offset);
    return { path: job.path, start, end: offset };
  });
  worker.ref();
  worker.postMessage({ id, jobs: slices, bytes: bytes.buffer }, [bytes.buffer]);
  return done;
}
