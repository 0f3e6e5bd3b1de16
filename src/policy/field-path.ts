// Field paths name a place inside an object the way people read it:
// `spec.template.spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`.
// Rules build them with these helpers; parse-manifests reads them back to find source lines.

export type PathSegment = string | number;

const plainKey = /^[A-Za-z0-9_$-]+$/;

/** Appends one key or list index to a path. */
export function childPath(base: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${base}[${segment}]`;
  if (!plainKey.test(segment)) return `${base}[${JSON.stringify(segment)}]`;
  return base === '' ? segment : `${base}.${segment}`;
}

/** Appends several segments: `joinPath('spec', 'template', 'spec')`. */
export function joinPath(base: string, ...segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => childPath(path, segment), base);
}

/** Splits a path built by childPath back into its segments; undefined when it is not one. */
export function parsePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (i === 0 || i === path.length - 1) return undefined;
      i += 1;
      continue;
    }
    if (ch === '[') {
      const close = findClosingBracket(path, i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          segments.push(String(JSON.parse(inner)));
        } catch {
          return undefined;
        }
      } else return undefined;
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') end += 1;
    segments.push(path.slice(i, end));
    i = end;
  }
  return segments;
}

function findClosingBracket(path: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < path.length; i += 1) {
    const ch = path[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ']') return i;
  }
  return -1;
}

/** Orders paths segment by segment, list indexes numerically (`[2]` before `[10]`). */
export function comparePaths(a: string, b: string): number {
  const sa = parsePath(a) ?? [a];
  const sb = parsePath(b) ?? [b];
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i += 1) {
    const x = sa[i];
    const y = sb[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return sa.length - sb.length;
}
