// What the repository says about a service's settings beyond its own reads of the environment:
// defaults in settings libraries (also in crates it depends on by path), example env files and
// config examples up the tree. Fills in variables, the port, the bind host, dependency URLs and
// the GET routes a probe can use; notes where the examples disagree with the code.
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { DependencyUse, Evidence, Inferred, Language } from './detection.ts';
import { formatEvidence } from './detection.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import { ENV_EXAMPLE_FILES, isPlumbing, isSecretVariable, readEnvExample, type EnvRead } from './env-variables.ts';
import type { RepositoryFiles } from './repository-files.ts';
import type { ServiceCandidate } from './service-candidate.ts';
import { readSettingsDefaults } from './settings-defaults.ts';
import { basenameOf, dirnameOf, isLoopback, lineOf, parseJson, scanLines, toPort, type ProjectScope } from './source-scan.ts';
import { parseToml } from './toml.ts';

const SOURCE_EXTENSIONS: Partial<Record<Language, RegExp>> = {
  rust: /\.rs$/,
  go: /\.go$/,
  java: /\.(java|kt)$/,
  node: /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx)$/,
  dotnet: /\.cs$/,
  python: /\.py$/,
};

export const CONFIG_EXAMPLE_FILES = /(^|\/)config[^/]*\.(example|sample|dist)$|\.(ya?ml|json|toml)\.(example|sample|dist)$|(^|\/)appsettings(\.[\w-]+)?\.json$/;

/** The variable a process reads its port from (an app prefix is fine; a dependency's or a side port's is not). */
const PORT_VARIABLE = /^(?:(?!(?:REDIS|DB|DATABASE|POSTGRES|PG|MYSQL|MONGO|MONGODB|SMTP|MAIL|AMQP|RABBITMQ|KAFKA|METRICS|DEBUG|ADMIN|GRPC|MANAGEMENT)_)[A-Z][A-Z0-9]*_)?(?:HTTP_)?PORT$/;
/** The variable a process reads its bind address from (not a dependency's host such as REDIS_HOST). */
const HOST_VARIABLE = /^((HTTP|SERVER|APP|LISTEN|WEB|API|BIND)_)?(HOST|BIND|BIND_ADDR|BIND_ADDRESS|LISTEN_ADDR|LISTEN_ADDRESS|ADDR|ADDRESS)$/;

/** Connection URLs of backing services berth cannot run in the cluster: external, from a Secret. */
const EXTERNAL_SERVICE_URL: readonly [RegExp, string][] = [
  [/^(MONGO|MONGODB)_(URL|URI|DSN)$/, 'MongoDB'],
  [/^(AMQP|RABBITMQ|RABBIT|BROKER)_(URL|URI)$/, 'RabbitMQ'],
  [/^(MYSQL|MARIADB)_(URL|URI|DSN)$/, 'MySQL'],
  [/^(KAFKA)_(URL|URI|BROKERS?)$/, 'Kafka'],
  [/^(NATS)_(URL|URI)$/, 'NATS'],
  [/^(ELASTICSEARCH|ELASTIC|OPENSEARCH)_(URL|URI)$/, 'Elasticsearch'],
];

export interface SettingsContext {
  readonly files: RepositoryFiles;
  /** Directories of every service candidate in the repository (example files shared between several apply only to what each reads). */
  readonly serviceDirectories: readonly string[];
}

export interface SettingsResult {
  readonly candidate: ServiceCandidate;
  /** Where example files disagree with the code: said once, as information. */
  readonly notes: readonly Inferred<string>[];
}

export function applyRepositorySettings(candidate: ServiceCandidate, scope: ProjectScope, context: SettingsContext): SettingsResult {
  if (candidate.framework.value === 'vite-static' || candidate.language === 'unknown') return { candidate: { ...candidate, routes: candidate.routes ?? [] }, notes: [] };
  const { files } = context;
  const extension = SOURCE_EXTENSIONS[candidate.language];
  const sources = [...scope.paths.filter((p) => extension?.test(p)), ...listPathDependencySources(files, candidate)];
  const code = readSettingsDefaults(files, candidate.language, sources);
  const known = new Set([...candidate.env.map((e) => e.value.name), ...code.map((r) => r.name), ...(candidate.portVariable ? [candidate.portVariable] : []), ...(candidate.hostVariable ? [candidate.hostVariable] : [])]);
  const examples: EnvRead[] = [];
  for (const file of listApplicableFiles(files, candidate.directory, ENV_EXAMPLE_FILES, scope)) {
    const shared = isShared(dirnameOf(file), candidate.directory, context.serviceDirectories);
    examples.push(...readEnvExample(files.read(file) ?? '', file).filter((r) => !shared || known.has(r.name)));
  }
  for (const read of examples) known.add(read.name);
  const configs: EnvRead[] = [];
  for (const file of listApplicableFiles(files, candidate.directory, CONFIG_EXAMPLE_FILES, scope)) {
    // A config file's keys are not variables: they only confirm or give a value to ones the code reads.
    configs.push(...readConfigExample(files.read(file) ?? '', file).filter((r) => known.has(r.name)));
  }
  const buildTimeOnly = (name: string) => /^(NEXT_PUBLIC_|VITE_)/.test(name);
  const reads = [...code, ...examples, ...configs].filter((r) => !buildTimeOnly(r.name) && !isPlumbing(r.name));

  const env = new Map(candidate.env.map((e) => [e.value.name, e] as const));
  for (const read of reads) {
    const seen = env.get(read.name);
    if (!seen) {
      env.set(read.name, { value: { name: read.name, ...(read.fallback !== undefined ? { fallback: read.fallback } : {}), secret: isSecretVariable(read.name) || carriesCredentials(read.fallback) }, evidence: read.evidence });
    } else if (seen.value.fallback === undefined && seen.value.value === undefined && read.fallback !== undefined && !seen.value.secret) {
      env.set(read.name, { value: { ...seen.value, fallback: read.fallback, secret: carriesCredentials(read.fallback) }, evidence: seen.evidence });
    }
  }
  // Credentials in an example value make a variable secret whatever its name.
  for (const read of [...examples, ...configs]) {
    const seen = env.get(read.name);
    if (seen && !seen.value.secret && seen.value.value === undefined && carriesCredentials(rawValue(read, files))) env.set(read.name, { value: { name: seen.value.name, secret: true }, evidence: seen.evidence });
  }

  let port = candidate.port;
  let portVariable = candidate.portVariable;
  let bindHost = candidate.bindHost;
  let hostVariable = candidate.hostVariable;
  const todo = [...candidate.todo];
  const notes: Inferred<string>[] = [];
  const byPriority = [...code, ...examples, ...configs];
  if (!port) {
    const read = byPriority.find((r) => PORT_VARIABLE.test(r.name) && toPort(r.fallback) !== undefined);
    if (read) {
      port = { value: toPort(read.fallback)!, evidence: { ...read.evidence, note: `listens on $${read.name}, ${read.fallback} by default` } };
      portVariable = read.name;
      for (let i = todo.length - 1; i >= 0; i--) if (todo[i].startsWith('port:')) todo.splice(i, 1);
    }
  } else if (!portVariable) {
    const read = code.find((r) => PORT_VARIABLE.test(r.name) && toPort(r.fallback) === port!.value);
    if (read) portVariable = read.name;
  }
  if (port && portVariable) {
    const seen = env.get(portVariable);
    env.set(portVariable, { value: { name: portVariable, ...(seen?.value.fallback !== undefined ? { fallback: seen.value.fallback } : {}), value: String(port.value), secret: false }, evidence: port.evidence });
    for (const read of [...examples, ...configs].filter((r) => r.name === portVariable && toPort(r.fallback) !== undefined && toPort(r.fallback) !== port!.value)) {
      notes.push({ value: `${read.evidence.file} sets ${read.name} to ${read.fallback}, the code listens on ${port.value} by default (${formatEvidence(port.evidence)}); berth.yaml sets ${read.name}=${port.value}`, evidence: read.evidence });
    }
  }
  if (!hostVariable) {
    const appPrefix = portVariable && /^(\w+_)PORT$/.exec(portVariable)?.[1];
    const isHostVariable = (name: string) => HOST_VARIABLE.test(name) || (appPrefix !== undefined && appPrefix !== null && HOST_VARIABLE.test(name.slice(appPrefix.length)) && name.startsWith(appPrefix));
    const read = byPriority.find((r) => isHostVariable(r.name) && r.fallback !== undefined && isLoopback(r.fallback.replace(/:\d+$/, '')));
    if (read) {
      const host = read.fallback!.replace(/:\d+$/, '');
      bindHost = { value: host, evidence: { ...read.evidence, note: `binds $${read.name}, ${read.fallback} by default` } };
      hostVariable = read.name;
      const index = todo.findIndex((t) => / binds .*which no probe or Service can reach/.test(t));
      if (index >= 0) todo.splice(index, 1);
    }
  }
  if (hostVariable && bindHost && isLoopback(bindHost.value)) {
    const seen = env.get(hostVariable);
    const addressStyle = /ADDR|BIND$/.test(hostVariable) && /:\d+$/.test(seen?.value.fallback ?? bindHost.evidence.note);
    const value = addressStyle && port ? `0.0.0.0:${port.value}` : '0.0.0.0';
    if (seen?.value.value === undefined) {
      env.set(hostVariable, { value: { name: hostVariable, ...(seen?.value.fallback !== undefined ? { fallback: seen.value.fallback } : {}), value, secret: false }, evidence: { ...bindHost.evidence, note: `binds ${bindHost.value} unless ${hostVariable} is set: unreachable from probes and the Service, so every interface` } });
    }
  }

  const sorted = [...env.values()].sort((a, b) => (a.value.name < b.value.name ? -1 : a.value.name > b.value.name ? 1 : 0));
  const uses: Inferred<DependencyUse>[] = [...candidate.uses];
  let remaining = sorted.filter((e) => !uses.some((u) => u.value.env === e.value.name));
  if (candidate.language !== 'dotnet') {
    const found = detectDependencyUses(remaining, listManifestPackages(files, candidate), scope);
    for (const use of found.uses) {
      if (candidate.language === 'java' && use.value.kind === 'postgres') continue;
      if (uses.some((u) => u.value.kind === use.value.kind)) continue;
      uses.push(use);
    }
    remaining = remaining.filter((e) => !uses.some((u) => u.value.env === e.value.name));
  }
  remaining = remaining.map((e) => {
    const external = EXTERNAL_SERVICE_URL.find(([pattern]) => pattern.test(e.value.name));
    return external && e.value.value === undefined ? { value: { name: e.value.name, secret: true }, evidence: { ...e.evidence, note: `a ${external[1]} URL` } } : e;
  });

  const routes = candidate.routes ?? scanGetRoutes(files, candidate.language, sources);
  return {
    candidate: {
      ...candidate,
      ...(port ? { port } : {}),
      ...(portVariable ? { portVariable } : {}),
      ...(bindHost ? { bindHost } : {}),
      ...(hostVariable ? { hostVariable } : {}),
      env: remaining,
      uses,
      routes,
      todo,
    },
    notes,
  };
}

/** `scheme://user:password@host`: the value carries a credential. */
export function carriesCredentials(value: string | undefined): boolean {
  return value !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value.trim());
}

/** readEnvExample drops secret-looking values; the credential check needs the text as written. */
function rawValue(read: EnvRead, files: RepositoryFiles): string | undefined {
  if (read.fallback !== undefined) return read.fallback;
  const line = (files.read(read.evidence.file) ?? '').split(/\r?\n/)[read.evidence.line - 1] ?? '';
  return /=\s*['"]?([^'"\s#]+)/.exec(line)?.[1];
}

/** Files matching `pattern` in the service's directory and every directory above it, outside other projects' scopes. */
function listApplicableFiles(files: RepositoryFiles, directory: string, pattern: RegExp, scope: ProjectScope): string[] {
  const ancestors = new Set<string>();
  for (let d = directory; ; d = dirnameOf(d)) {
    ancestors.add(d);
    if (d === '') break;
  }
  for (let d = scope.directory; ; d = dirnameOf(d)) {
    ancestors.add(d);
    if (d === '') break;
  }
  return files.list().filter((p) => pattern.test(p) && ancestors.has(dirnameOf(p)) && !/(^|\/)\.env$/.test(p));
}

/** An example file above several services speaks for all of them: each takes only what it reads. */
function isShared(fileDirectory: string, serviceDirectory: string, serviceDirectories: readonly string[]): boolean {
  const under = (d: string) => fileDirectory === '' || d === fileDirectory || d.startsWith(`${fileDirectory}/`);
  return serviceDirectories.filter(under).length > 1 && fileDirectory !== serviceDirectory;
}

/** Leaf keys of a YAML/JSON/TOML config example as variable names (`server.port` → SERVER_PORT; appsettings `A:B` → A__B). */
export function readConfigExample(text: string, file: string): EnvRead[] {
  const name = basenameOf(file);
  let value: unknown;
  try {
    value = /\.toml(\.\w+)?$/.test(name) ? parseToml(text) : /\.json(\.\w+)?$/.test(name) ? parseJson(text) : parseYaml(text);
  } catch {
    return [];
  }
  const dotnet = /^appsettings/.test(name);
  const reads: EnvRead[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
      return;
    }
    if (node === null || node === undefined || typeof node === 'object' || path.length === 0) return;
    const variable = dotnet ? path.join('__') : path.join('_').replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
    const key = path[path.length - 1];
    const line = lineOf(text, new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*[:=]`, 'm'));
    const raw = String(node);
    reads.push({ name: variable, ...(isSecretVariable(variable) || carriesCredentials(raw) ? {} : { fallback: raw }), evidence: { file, line, note: `${path.join('.')} in ${file}` } });
  };
  walk(value, []);
  return reads;
}

/** Sources of the crates a Rust crate depends on by path (directly or through the workspace), transitively. */
function listPathDependencySources(files: RepositoryFiles, candidate: ServiceCandidate): string[] {
  if (candidate.language !== 'rust') return [];
  const workspace = files.read(posix.join(candidate.build.context || '.', 'Cargo.toml').replace(/^\.\//, '')) ?? '';
  const workspacePaths = new Map<string, string>();
  for (const m of workspace.matchAll(/^\s*([\w-]+)\s*=\s*\{[^}\n]*\bpath\s*=\s*"([^"]+)"/gm)) workspacePaths.set(m[1], posix.normalize(posix.join(candidate.build.context || '.', m[2])));
  const seen = new Set<string>([candidate.directory]);
  const queue = [candidate.directory];
  const crates: string[] = [];
  while (queue.length > 0) {
    const directory = queue.shift()!;
    const manifest = files.read(directory ? `${directory}/Cargo.toml` : 'Cargo.toml') ?? '';
    const dependencies = manifest.split(/^\[/m).filter((section) => /^(dependencies|target\.[^\]]+\.dependencies)\]/.test(section)).join('\n');
    for (const m of dependencies.matchAll(/^\s*([\w-]+)\s*=\s*\{([^}\n]*)\}/gm)) {
      const own = /\bpath\s*=\s*"([^"]+)"/.exec(m[2])?.[1];
      const path = own !== undefined ? posix.normalize(posix.join(directory || '.', own)) : /\bworkspace\s*=\s*true/.test(m[2]) ? workspacePaths.get(m[1]) : undefined;
      const normal = path === '.' ? '' : path?.replace(/^\.\//, '');
      if (normal === undefined || seen.has(normal)) continue;
      seen.add(normal);
      queue.push(normal);
      crates.push(normal);
    }
  }
  return files.list().filter((p) => p.endsWith('.rs') && crates.some((c) => p.startsWith(c ? `${c}/src/` : 'src/')));
}

/** Package names from the manifests in the service's folder and build context (client libraries for `uses`). */
function listManifestPackages(files: RepositoryFiles, candidate: ServiceCandidate): string[] {
  const names = new Set<string>();
  for (const directory of new Set([candidate.directory, candidate.build.context])) {
    const at = (name: string) => files.read(directory ? `${directory}/${name}` : name);
    const pkg = parseJson(at('package.json'));
    for (const table of ['dependencies', 'devDependencies', 'optionalDependencies']) for (const name of Object.keys((pkg?.[table] as object | undefined) ?? {})) names.add(name);
    for (const m of (at('Cargo.toml') ?? '').matchAll(/^\s*([\w-]+)\s*=/gm)) names.add(m[1]);
    for (const m of (at('go.mod') ?? '').matchAll(/^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[^\s]+)\s+v/gm)) names.add(m[1]);
    for (const m of `${at('requirements.txt') ?? ''}\n${at('pyproject.toml') ?? ''}`.matchAll(/^\s*["']?([A-Za-z][\w.-]*)/gm)) names.add(m[1].toLowerCase());
    for (const m of (at('pom.xml') ?? '').matchAll(/<artifactId>([^<]+)<\/artifactId>/g)) names.add(m[1]);
    for (const m of `${at('build.gradle') ?? ''}\n${at('build.gradle.kts') ?? ''}`.matchAll(/['"][\w.-]+:([\w.-]+)(?::[^'"]*)?['"]/g)) names.add(m[1]);
  }
  return [...names].sort();
}

const GET_ROUTES: Partial<Record<Language, RegExp>> = {
  rust: /\.route\(\s*"(\/[^"]*)"\s*,\s*(?:axum::routing::)?get\(|#\[get\(\s*"(\/[^"]*)"/,
  go: /(?:HandleFunc|Handle)\(\s*"(?:GET\s+)?(\/[^"]*)"|\.(?:GET|Get)\(\s*"(\/[^"]*)"/,
  python: /@\w+\.(?:get|route)\(\s*['"](\/[^'"]*)['"]()/,
  node: /\b(?:app|router|server|fastify)\.get\(\s*['"`](\/[^'"`]*)['"`]()/,
  java: /@GetMapping\(\s*(?:value\s*=\s*|path\s*=\s*)?"(\/[^"]*)"()/,
  dotnet: /MapGet\(\s*"(\/[^"]*)"()/,
};

/** GET routes with a fixed path: what a probe may request when the service has no health route. */
function scanGetRoutes(files: RepositoryFiles, language: Language, sources: readonly string[]): Inferred<string>[] {
  const pattern = GET_ROUTES[language];
  if (!pattern) return [];
  const routes = new Map<string, Evidence>();
  for (const found of scanLines(files, sources, pattern)) {
    const path = found.match[1] ?? found.match[2];
    if (!path || /[:{<*]/.test(path) || routes.has(path)) continue;
    routes.set(path, { file: found.file, line: found.line, note: `GET ${path}` });
  }
  return [...routes].map(([value, evidence]) => ({ value, evidence })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

