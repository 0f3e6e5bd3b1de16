// Compose units → Kubernetes ones: byte sizes (`1.5G`, `512m`, `10000Mb`: 1024-based, as Docker
// reads them) → binary quantities, CPU counts → millicores, Go durations (`1m30s`) → seconds.

const BYTE_UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** `1.5G` → 1610612736; undefined when it is not a size. */
export function parseBytes(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([kmgtp]?)i?b?$/i.exec(text.trim());
  if (!match) return undefined;
  return Math.ceil(Number(match[1]) * BYTE_UNITS[match[2].toLowerCase()]);
}

/** Bytes → the largest binary unit that divides them exactly: 1610612736 → `1536Mi`. */
export function bytesToQuantity(bytes: number): string {
  for (const [suffix, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** `1.5G` → `1536Mi`. */
export function sizeToQuantity(text: string): string | undefined {
  const bytes = parseBytes(text);
  return bytes === undefined || bytes <= 0 ? undefined : bytesToQuantity(bytes);
}

/** `0.5` → `500m`, `2` → `2`; under 1m rounds up to `1m` (Kubernetes' smallest CPU unit). */
export function cpusToQuantity(text: string): { quantity: string; rounded: boolean } | undefined {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) return undefined;
  const cpus = Number(text);
  if (!(cpus > 0)) return undefined;
  const exact = cpus * 1000;
  const millis = Math.max(1, Math.round(exact));
  const rounded = Math.abs(millis - exact) > 1e-9;
  return { quantity: millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`, rounded };
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go duration (`1m30s`, `500ms`, `10s`) or a bare number of seconds → seconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const pattern = /(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/gy; // \u00b5: µ, so the bundle stays ASCII
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(pattern)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]];
    consumed += match[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? total : undefined;
}

/** Seconds for a probe field: whole seconds, rounded up, at least `minimum`. */
export function probeSeconds(seconds: number, minimum: number): number {
  return Math.max(minimum, Math.ceil(seconds - 1e-9));
}
