// V8 flags for the length of `generate`, a run of seconds that builds much and keeps little. They are
// set when the command starts, after berth's code is loaded, and set back before its code cache is
// written at exit: V8 refuses a cache made under other flags (`test/built-cli.test.ts` checks that
// the next run uses the cache a `generate` wrote). V8's flags belong to the whole process; a flag the
// user gave Node (on its command line or in NODE_OPTIONS) is left as they set it.
import { setFlagsFromString } from 'node:v8';

/**
 * V8's own `--interrupt-budget` (how much bytecode a function runs before it is compiled with
 * TurboFan), by V8 version: berth can set a flag but not read it, and must put it back exactly.
 */
const DEFAULT_INTERRUPT_BUDGET: Readonly<Record<string, number>> = { '11.3': 67584 };

interface ManagedFlag {
  readonly name: string;
  readonly longRun: string;
  /** V8's default (`--heap-growing-percent=0` is the flag unset). */
  readonly restore: string;
}

/**
 * Heap: after a full collection V8 grows the heap by 50 % of what it found live, instead of up to
 * four times as much when collecting is cheap next to allocating (as it is while `generate` builds
 * strings). 200 components peak near 220 MB instead of 270; 1000 near 480 MB instead of 590.
 *
 * Compiling: a function waits three times as long before TurboFan compiles it, and TurboFan inlines
 * nothing. TurboFan compiles on background threads, which on a machine of two cores take the main
 * thread's core: in `generate` of 200 components they used 2.2 s of CPU beside the main thread's 2 s,
 * most of it compiling functions that run a few times and are done. Now 0.9 s; 2.85 s → 2.45 s wall.
 */
function findManagedFlags(): ManagedFlag[] {
  const flags: ManagedFlag[] = [
    { name: 'heap-growing-percent', longRun: '--heap-growing-percent=50', restore: '--heap-growing-percent=0' },
    { name: 'turbo-inlining', longRun: '--no-turbo-inlining', restore: '--turbo-inlining' },
  ];
  const budget = DEFAULT_INTERRUPT_BUDGET[process.versions.v8.split('.').slice(0, 2).join('.')];
  if (budget !== undefined) flags.push({ name: 'interrupt-budget', longRun: '--interrupt-budget=200000', restore: `--interrupt-budget=${budget}` });
  // V8 reads `_` and `-` alike in flag names.
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map((arg) => arg.replace(/_/g, '-'));
  return flags.filter((flag) => !given.some((arg) => arg === `--${flag.name}` || arg === `--no-${flag.name}` || arg.startsWith(`--${flag.name}=`)));
}

// Worked out once, so that what is set back is exactly what was set.
let managed: readonly ManagedFlag[] | undefined;

export function useLongRunFlags(): void {
  for (const flag of (managed ??= findManagedFlags())) setFlagsFromString(flag.longRun);
}

/** V8's flags as they were. */
export function restoreDefaultFlags(): void {
  for (const flag of (managed ??= findManagedFlags())) setFlagsFromString(flag.restore);
}
