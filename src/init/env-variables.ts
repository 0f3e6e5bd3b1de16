// Environment variables the code reads, as berth.yaml should declare them: credentials become Secret
// references, the bind port and host get the values a Pod needs, process plumbing is left out.
import { looksLikeSecretName } from '../policy-dockerfile/index.ts';
import type { EnvVariable, Evidence, Inferred } from './detection.ts';

export interface EnvRead {
  readonly name: string;
  readonly fallback?: string;
  readonly evidence: Evidence;
}

/** Set by the runtime, the container or berth itself: declaring them would only get in the way. */
const PLUMBING = new Set([
  'PATH', 'HOME', 'PWD', 'USER', 'SHELL', 'TERM', 'LANG', 'TMPDIR', 'CI', 'NODE_ENV', 'NODE_OPTIONS', 'NEXT_RUNTIME', 'NEXT_PHASE',
  'PYTHONPATH', 'PYTHONUNBUFFERED', 'DJANGO_SETTINGS_MODULE', 'VIRTUAL_ENV', 'GOPATH', 'GOOS', 'GOARCH', 'CARGO_PKG_NAME',
  'CARGO_PKG_VERSION', 'CARGO_MANIFEST_DIR', 'RUST_BACKTRACE', 'JAVA_HOME', 'ASPNETCORE_ENVIRONMENT', 'DOTNET_ENVIRONMENT',
  'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'HOSTNAME',
]);

const CONNECTION_URL = /(^|_)(DATABASE|DB|POSTGRES|POSTGRESQL|PG|MYSQL|MARIADB|MONGO|MONGODB|REDIS|AMQP|RABBITMQ|BROKER|KAFKA_SASL|SMTP)_?(URL|URI|DSN)$|CONNECTION_?STRING/;

export function isSecretVariable(name: string): boolean {
  return looksLikeSecretName(name) || CONNECTION_URL.test(name.toUpperCase());
}

export function isPlumbing(name: string): boolean {
  return PLUMBING.has(name) || name.startsWith('npm_') || name.startsWith('VERCEL');
}

/**
 * One entry per variable (the first read in file/line order is the evidence; a fallback from any read
 * is kept), sorted by name. `values` sets what berth.yaml gives a variable (PORT, HOST).
 */
export function collectEnv(reads: readonly EnvRead[], values: ReadonlyMap<string, Inferred<string>> = new Map()): Inferred<EnvVariable>[] {
  const byName = new Map<string, { first: EnvRead; fallback?: string }>();
  for (const read of [...reads].sort(compareReads)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(read.name)) continue;
    const seen = byName.get(read.name);
    if (!seen) byName.set(read.name, { first: read, fallback: read.fallback });
    else if (seen.fallback === undefined && read.fallback !== undefined) seen.fallback = read.fallback;
  }
  const result: Inferred<EnvVariable>[] = [];
  for (const [name, set] of values) {
    if (!byName.has(name)) byName.set(name, { first: { name, evidence: set.evidence } });
  }
  for (const [name, { first, fallback }] of [...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const set = values.get(name);
    if (!set && isPlumbing(name)) continue;
    result.push({
      value: {
        name,
        ...(fallback !== undefined ? { fallback } : {}),
        ...(set ? { value: set.value } : {}),
        secret: !set && isSecretVariable(name),
      },
      evidence: set?.evidence ?? first.evidence,
    });
  }
  return result;
}

/** Reads in code come before example env files, so the evidence names the code. */
function compareReads(a: EnvRead, b: EnvRead): number {
  const exampleA = ENV_EXAMPLE_FILES.test(a.evidence.file);
  if (exampleA !== ENV_EXAMPLE_FILES.test(b.evidence.file)) return exampleA ? 1 : -1;
  if (a.evidence.file !== b.evidence.file) return a.evidence.file < b.evidence.file ? -1 : 1;
  return a.evidence.line - b.evidence.line;
}

/** `KEY=value` lines of example env files (.env.example, .env.sample, .env.template): names and defaults. */
export function readEnvExample(text: string, file: string): EnvRead[] {
  const reads: EnvRead[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) return;
    const raw = match[2].replace(/\s+#.*$/, '');
    const value = raw.replace(/^(['"])(.*)\1$/, '$2');
    reads.push({
      name: match[1],
      ...(value && !isSecretVariable(match[1]) && !/^<.*>$|changeme|your[-_]/i.test(value) ? { fallback: value } : {}),
      evidence: { file, line: index + 1, note: `listed in ${file}` },
    });
  });
  return reads;
}

export const ENV_EXAMPLE_FILES = /(^|\/)\.env\.(example|sample|template|dist|defaults)$|(^|\/)(example|sample)\.env$/;
