// Which of the routes a service declares is its health check: the conventional names, best first.
import type { Evidence, Inferred } from './detection.ts';

const PREFERRED = ['/healthz', '/health', '/livez', '/health/live', '/health/liveness', '/readyz', '/ready', '/health/ready', '/healthcheck', '/health-check', '/_health', '/api/health', '/api/healthz', '/api/healthcheck', '/status', '/ping'];

export interface RouteCandidate {
  readonly path: string;
  readonly evidence: Evidence;
}

export function isHealthLike(path: string): boolean {
  return rank(path) < Number.MAX_SAFE_INTEGER;
}

export function chooseHealthRoute(candidates: readonly RouteCandidate[]): Inferred<string> | undefined {
  const ranked = candidates
    .map((c) => ({ c, rank: rank(c.path) }))
    .filter((r) => r.rank < Number.MAX_SAFE_INTEGER && !/[:{<*]/.test(r.c.path))
    .sort((a, b) => a.rank - b.rank || (a.c.evidence.file < b.c.evidence.file ? -1 : a.c.evidence.file > b.c.evidence.file ? 1 : a.c.evidence.line - b.c.evidence.line));
  const best = ranked[0];
  return best ? { value: best.c.path, evidence: best.c.evidence } : undefined;
}

function rank(path: string): number {
  const normalised = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const index = PREFERRED.indexOf(normalised.toLowerCase());
  if (index >= 0) return index;
  if (/(^|\/)(health|healthz|livez|readyz)(\/|$)/i.test(normalised)) return PREFERRED.length;
  return Number.MAX_SAFE_INTEGER;
}

/** `/a` + `/b/` → `/a/b/`; keeps one slash between segments. */
export function joinRoute(prefix: string, path: string): string {
  const joined = `/${[prefix, path].map((p) => p.replace(/^\/+/, '')).filter(Boolean).join('/')}`;
  return joined.replace(/\/{2,}/g, '/');
}
