// Rust crates (Cargo.toml, workspaces included): each binary target that opens a listener (axum,
// actix-web, warp, rocket, tonic, plain TcpListener) is a service; the others are CLIs and skipped.
import type { BuildRecipe, Framework, Inferred } from './detection.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import { collectEnv, ENV_EXAMPLE_FILES, readEnvExample, type EnvRead } from './env-variables.ts';
import { chooseHealthRoute, type RouteCandidate } from './health-routes.ts';
import type { DetectorResult, ServiceCandidate } from './service-candidate.ts';
import { basenameOf, dirnameOf, citeLine, isLoopback, joinPath, lineOf, relativeTo, scanLines, toPort, type LineMatch, type ProjectScope } from './source-scan.ts';
import { parseToml, tableAt, type TomlTable } from './toml.ts';

const LISTENS = /TcpListener::bind|axum::serve\(|Server::bind\(|HttpServer::new\(|warp::serve\(|rocket::build\(|#\[(?:rocket::)?launch\]|Server::builder\(\)|\.bind\(\s*\(|\.bind\(\s*"|\.listen\(\s*\w/;

const FRAMEWORKS: readonly [string, Framework][] = [
  ['axum', 'axum'],
  ['actix-web', 'actix-web'],
  ['warp', 'warp'],
  ['rocket', 'rocket'],
  ['tonic', 'tonic'],
];

interface BinaryTarget {
  readonly name: string;
  readonly file: string;
}

/** `workspaceRoots`: directories whose Cargo.toml declares [workspace], to find each crate's build context. */
export function detectRustCrate(scope: ProjectScope, workspaceRoots: readonly string[]): DetectorResult {
  const manifestPath = joinPath(scope.directory, 'Cargo.toml');
  const manifestText = scope.files.read(manifestPath) ?? '';
  const manifest = parseToml(manifestText);
  const pkg = tableAt(manifest.package);
  const packageName = typeof pkg?.name === 'string' ? pkg.name : undefined;
  if (!packageName) return { services: [], skipped: [] };
  const context = workspaceRoots.filter((root) => root === scope.directory || root === '' || scope.directory.startsWith(`${root}/`)).sort((a, b) => b.length - a.length)[0] ?? scope.directory;
  const workspaceManifest = parseToml(scope.files.read(joinPath(context, 'Cargo.toml')) ?? '');
  const dependencies = listDependencies(manifest, workspaceManifest);
  const sources = scope.paths.filter((p) => p.endsWith('.rs'));
  const binaries = listBinaryTargets(scope, manifest, packageName);
  const frameworkEntry = FRAMEWORKS.find(([crate]) => dependencies.includes(crate));
  const lock = scope.files.read(joinPath(context, 'Cargo.lock'));
  // Without a lock file, guess from the manifest: reqwest's default TLS is native-tls (OpenSSL on Linux).
  const needsOpenssl =
    lock !== undefined
      ? /name = "openssl-sys"/.test(lock)
      : dependencies.includes('openssl') || dependencies.includes('native-tls') || /^reqwest\s*=\s*(?:"[^"]*"|\{(?![^}]*rustls)[^}]*\})/m.test(manifestText);
  const result: DetectorResult = { services: [], skipped: [] };
  for (const binary of binaries) {
    const binaryFiles = collectBinaryFiles(binary, sources, scope);
    const listen = scanLines(scope.files, binaryFiles, LISTENS)[0];
    if (!listen) {
      const cli = scanLines(scope.files, [binary.file], /#\[derive\([^)]*Parser|clap::|std::env::args\(\)/)[0];
      const reason = cli ? 'a command-line tool (argument parsing, no listener)' : 'a binary that opens no listener';
      result.skipped.push({ nameHint: binary.name, directory: scope.directory, reason, evidence: cli ? citeLine(cli, reason) : { file: binary.file, line: 0, note: reason } });
      continue;
    }
    const framework: Inferred<Framework> = frameworkEntry
      ? { value: frameworkEntry[1], evidence: { file: manifestPath, line: lineOf(manifestText, new RegExp(`^${frameworkEntry[0]}\\b`, 'm')), note: `depends on ${frameworkEntry[0]}` } }
      : { value: 'rust-tcp', evidence: citeLine(listen, 'opens a TCP listener') };
    result.services.push(describeRustService(scope, binary, binaryFiles, framework, listen, dependencies, {
      kind: 'rust',
      context,
      packageName,
      binary: binary.name,
      locked: lock !== undefined,
      needsOpenssl,
    }));
  }
  return result;
}

function listDependencies(manifest: TomlTable, workspace: TomlTable): string[] {
  const names = new Set<string>();
  for (const table of [manifest.dependencies, tableAt(workspace.workspace)?.dependencies]) {
    for (const name of Object.keys(tableAt(table) ?? {})) names.add(name);
  }
  return [...names].sort();
}

function listBinaryTargets(scope: ProjectScope, manifest: TomlTable, packageName: string): BinaryTarget[] {
  const targets = new Map<string, string>();
  const has = (relative: string) => scope.files.read(joinPath(scope.directory, relative)) !== undefined;
  const autobins = tableAt(manifest.package)?.autobins !== false;
  if (autobins && has('src/main.rs')) targets.set(packageName, joinPath(scope.directory, 'src/main.rs'));
  if (autobins) {
    for (const path of scope.paths) {
      const relative = relativeTo(scope.directory, path);
      const single = /^src\/bin\/([^/]+)\.rs$/.exec(relative);
      const nested = /^src\/bin\/([^/]+)\/main\.rs$/.exec(relative);
      const name = single?.[1] ?? nested?.[1];
      if (name) targets.set(name, path);
    }
  }
  for (const bin of Array.isArray(manifest.bin) ? manifest.bin : []) {
    const table = tableAt(bin);
    const name = typeof table?.name === 'string' ? table.name : undefined;
    if (!name) continue;
    const path = typeof table?.path === 'string' ? table.path : name === packageName ? 'src/main.rs' : `src/bin/${name}.rs`;
    targets.set(name, joinPath(scope.directory, path));
  }
  return [...targets].map(([name, file]) => ({ name, file })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The binary's own file and folder, plus the library sources it can call (not other binaries). */
function collectBinaryFiles(binary: BinaryTarget, sources: readonly string[], scope: ProjectScope): string[] {
  const own = dirnameOf(binary.file);
  const srcDirectory = joinPath(scope.directory, 'src');
  const isOtherBinary = (f: string) => f.startsWith(`${srcDirectory}/bin/`) && !(f === binary.file || (basenameOf(binary.file) === 'main.rs' && dirnameOf(f) === own));
  return [binary.file, ...sources.filter((f) => f !== binary.file && !isOtherBinary(f) && (dirnameOf(f) === own || f.startsWith(`${srcDirectory}/`)))];
}

function describeRustService(
  scope: ProjectScope,
  binary: BinaryTarget,
  files: string[],
  framework: Inferred<Framework>,
  listen: LineMatch,
  dependencies: string[],
  build: BuildRecipe,
): ServiceCandidate {
  const todo: string[] = [];
  const address = findAddress(scope, files);
  const values = new Map<string, Inferred<string>>();
  const port = address.port;
  if (port && address.portVariable) values.set(address.portVariable, { value: String(port.value), evidence: port.evidence });
  if (!port) todo.push(`port: no bind address with a port was found near ${listen.file}:${listen.line}; set \`port:\``);
  const bindHost = address.host;
  if (bindHost && isLoopback(bindHost.value)) {
    if (address.hostVariable) values.set(address.hostVariable, { value: '0.0.0.0', evidence: { ...bindHost.evidence, note: `binds ${bindHost.value} unless ${address.hostVariable} is set; a Pod needs 0.0.0.0` } });
    else todo.push(`${bindHost.evidence.file}:${bindHost.evidence.line}: the server binds ${bindHost.value}, which no probe or Service can reach; bind 0.0.0.0`);
  }
  const routes: RouteCandidate[] = [];
  for (const found of scanLines(scope.files, files, /\.route\(\s*"(\/[^"]*)"|#\[(?:get|head|route)\(\s*"(\/[^"]*)"|web::resource\(\s*"(\/[^"]*)"|warp::path!?\(\s*"(\w[\w-]*)"/)) {
    const path = found.match[1] ?? found.match[2] ?? found.match[3] ?? `/${found.match[4]}`;
    routes.push({ path, evidence: citeLine(found, `route ${path}`) });
  }
  const health = chooseHealthRoute(routes);
  const env = collectEnv(readRustEnv(scope, files), values);
  const uses = detectDependencyUses(env, dependencies, scope);
  return {
    nameHint: binary.name,
    directory: scope.directory,
    language: 'rust',
    framework,
    ...(port ? { port } : {}),
    ...(address.portVariable ? { portVariable: address.portVariable } : {}),
    ...(health ? { health } : {}),
    ...(bindHost ? { bindHost } : {}),
    ...(address.hostVariable ? { hostVariable: address.hostVariable } : {}),
    env: uses.remaining,
    uses: uses.uses,
    writable: [],
    build,
    todo,
    buildTodo: [],
  };
}

interface AddressFacts {
  readonly port?: Inferred<number>;
  readonly portVariable?: string;
  readonly host?: Inferred<string>;
  readonly hostVariable?: string;
}

const VARIABLE_DEFAULT = /(?:env::var(?:_os)?|dotenvy::var|dotenv::var)\(\s*"(\w+)"\s*\)/;

/** The address the binary binds: env variables with defaults, clap args with defaults, literals. */
function findAddress(scope: ProjectScope, files: readonly string[]): AddressFacts {
  let facts: { -readonly [K in keyof AddressFacts]: AddressFacts[K] } = {};
  // The default sits on the read's line or the next few (`.unwrap_or_else(|_| "3000".into())`).
  const withDefault = (found: LineMatch): string | undefined => {
    const lines = (scope.files.read(found.file) ?? '').split(/\r?\n/).slice(found.line - 1, found.line + 3).join('\n');
    return /unwrap_or(?:_else)?\([^"\d]*"([^"]*)"|unwrap_or\(\s*(\d{2,5})\s*\)|default_value(?:_t)?\s*=\s*"?([^",)\s]+)"?/.exec(lines)?.slice(1).find((v) => v !== undefined);
  };
  const reads = [
    ...scanLines(scope.files, files, VARIABLE_DEFAULT).map((m) => ({ m, variable: m.match[1] })),
    ...scanLines(scope.files, files, /\benv\s*=\s*"(\w+)"/).map((m) => ({ m, variable: m.match[1] })),
  ];
  for (const { m, variable } of reads) {
    const fallback = withDefault(m);
    if (fallback === undefined) continue;
    if (/PORT/.test(variable) && toPort(fallback) !== undefined && !facts.port) {
      facts = { ...facts, port: { value: toPort(fallback)!, evidence: citeLine(m, `listens on $${variable}, ${fallback} by default`) }, portVariable: variable };
    } else if (/HOST|ADDR|BIND/.test(variable) && !facts.host) {
      const [, host, portText] = /^(.*?)(?::(\d+))?$/.exec(fallback) ?? [];
      if (host) facts = { ...facts, host: { value: host, evidence: citeLine(m, `binds $${variable}, ${fallback} by default`) }, hostVariable: variable };
      if (portText && !facts.port) facts = { ...facts, port: { value: Number(portText), evidence: citeLine(m, `$${variable} defaults to ${fallback}`) } };
    }
  }
  if (!facts.port || !facts.host) {
    const literal =
      scanLines(scope.files, files, /"((?:\d{1,3}\.){3}\d{1,3}|localhost|\[::1?\]|::):(\d{2,5})"/)[0] ??
      scanLines(scope.files, files, /\(\s*"((?:\d{1,3}\.){3}\d{1,3}|localhost|::)"\s*,\s*(\d{2,5})\s*\)/)[0];
    const socket = scanLines(scope.files, files, /\(\[\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\s*\],\s*(\d{2,5})\s*\)/)[0];
    const at = literal ?? socket;
    if (at) {
      const host = literal ? literal.match[1] : socket!.match.slice(1, 5).join('.');
      const port = Number(literal ? literal.match[2] : socket!.match[5]);
      if (!facts.port) facts = { ...facts, port: { value: port, evidence: citeLine(at, `binds ${host}:${port}`) } };
      if (!facts.host) facts = { ...facts, host: { value: host, evidence: citeLine(at, `binds ${host}:${port}`) } };
    }
  }
  return facts;
}

function readRustEnv(scope: ProjectScope, files: readonly string[]): EnvRead[] {
  const reads: EnvRead[] = [];
  for (const found of [...scanLines(scope.files, files, VARIABLE_DEFAULT), ...scanLines(scope.files, files, /\benv\s*=\s*"(\w+)"/)]) {
    const fallback = /unwrap_or(?:_else)?\([^"]*"([^"]*)"|default_value\s*=\s*"([^"]*)"/.exec(found.text);
    const value = fallback?.[1] ?? fallback?.[2];
    reads.push({ name: found.match[1], ...(value !== undefined ? { fallback: value } : {}), evidence: citeLine(found, `reads ${found.match[1]}`) });
  }
  for (const file of scope.paths.filter((p) => ENV_EXAMPLE_FILES.test(p))) reads.push(...readEnvExample(scope.files.read(file) ?? '', file));
  return reads;
}

export function isWorkspaceManifest(text: string): boolean {
  return tableAt(parseToml(text).workspace) !== undefined;
}
