// A connection-URL variable plus a client library for it means the service uses that backing
// service: berth.yaml declares the dependency and `uses` injects the URL instead of a hand-made Secret.
import type { DependencyKind, DependencyUse, EnvVariable, Inferred } from './detection.ts';
import type { ProjectScope } from './source-scan.ts';

const URL_VARIABLES: Record<DependencyKind, RegExp> = {
  postgres: /^(DATABASE|DB|POSTGRES|POSTGRESQL|PG)_(URL|URI|DSN)$/,
  redis: /^REDIS_(URL|URI)$/,
};

/** Client libraries by package name (npm, PyPI, Go modules, crates, Maven artifacts, NuGet). */
const CLIENTS: Record<DependencyKind, RegExp> = {
  postgres: /^(pg|postgres|pg-promise|psycopg|psycopg2|psycopg2-binary|psycopg-binary|asyncpg|github\.com\/lib\/pq|github\.com\/jackc\/pgx(\/v\d+)?|tokio-postgres|postgresql|npgsql|npgsql\.entityframeworkcore\.postgresql|r2dbc-postgresql)$/i,
  redis: /^(redis|ioredis|@redis\/client|aioredis|github\.com\/redis\/go-redis(\/v\d+)?|github\.com\/go-redis\/redis(\/v\d+)?|spring-boot-starter-data-redis|jedis|lettuce-core|stackexchange\.redis|fred|deadpool-redis|bb8-redis)$/i,
};

export function detectDependencyUses(
  env: readonly Inferred<EnvVariable>[],
  packages: readonly string[],
  scope: ProjectScope,
): { uses: Inferred<DependencyUse>[]; remaining: Inferred<EnvVariable>[] } {
  const uses: Inferred<DependencyUse>[] = [];
  const remaining: Inferred<EnvVariable>[] = [];
  for (const variable of env) {
    const kind = (Object.keys(URL_VARIABLES) as DependencyKind[]).find(
      (k) => URL_VARIABLES[k].test(variable.value.name) && !uses.some((u) => u.value.kind === k) && hasClient(k, packages, scope),
    );
    if (kind && variable.value.value === undefined) {
      uses.push({ value: { kind, env: variable.value.name }, evidence: { ...variable.evidence, note: `reads ${variable.value.name} and has a ${kind} client` } });
    } else {
      remaining.push(variable);
    }
  }
  return { uses, remaining };
}

function hasClient(kind: DependencyKind, packages: readonly string[], scope: ProjectScope): boolean {
  if (packages.some((p) => CLIENTS[kind].test(p))) return true;
  // ORMs name the database in their own config: Prisma's schema, sqlx/diesel features.
  if (kind === 'postgres') {
    const prisma = scope.paths.find((p) => p.endsWith('schema.prisma'));
    if (prisma && /provider\s*=\s*"postgres(ql)?"/.test(scope.files.read(prisma) ?? '')) return true;
    if (packages.some((p) => /^(sqlx|diesel|sea-orm)$/.test(p))) {
      return scope.paths.some((p) => p.endsWith('Cargo.toml') && /postgres/.test(scope.files.read(p) ?? ''));
    }
  }
  return false;
}
