// Kubernetes quantities as numbers, so requests can be compared with limits.

const SUFFIXES: Record<string, number> = {
  '': 1, m: 1e-3, u: 1e-6, n: 1e-9, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** `250m` → 0.25, `1Gi` → 1073741824; undefined when it is not a quantity. */
export function parseQuantity(value: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?([a-zA-Z]*)$/.exec(value.trim());
  if (!match) return undefined;
  const multiplier = SUFFIXES[match[3]];
  if (multiplier === undefined) return undefined;
  return Number(match[1]) * 10 ** Number(match[2] ?? 0) * multiplier;
}
