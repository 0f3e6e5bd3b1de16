// A full garbage collection at a moment the caller knows most of the heap is garbage: between two
// targets of `generate`, everything the last one built has been handed to the writer thread. V8 sizes
// its next heap limit from what a collection finds live, and left alone it collects in the middle of a
// target, when that target's half-built files are live too: a spec of 1000 components then peaks near
// 900 MB. Collected between targets, the limit follows the model alone (how much above it V8 lets the
// heap grow is set in v8-flags.ts).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use a collection would cost more time than the memory it gives back. */
const WORTH_COLLECTING_BYTES = 128 * 1024 * 1024;

let collect: (() => void) | undefined;

/** Collects garbage now if the heap holds enough to be worth it. */
export function collectGarbageIfLarge(): void {
  if (process.memoryUsage().heapUsed >= WORTH_COLLECTING_BYTES) collectGarbage();
}

/** A full collection now (also what tests use to see what is really live). */
export function collectGarbage(): void {
  if (!collect) {
    // V8's `gc` function, from a context made while the flag that exposes it is on; the flag is then
    // turned off again, so no other context gets one.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  collect();
}
