// Go modules (go.mod): every `package main` is a binary; the ones that listen are services (net/http,
// gin, echo, fiber, gRPC). Port, bind host, routes and env come from the main package and the
// module-local packages it imports.
import type { BuildRecipe, Evidence, Inferred } from './detection.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import { collectEnv, ENV_EXAMPLE_FILES, readEnvExample, type EnvRead } from './env-variables.ts';
import { chooseHealthRoute, type RouteCandidate } from './health-routes.ts';
import type { DetectorResult, ServiceCandidate, SkippedCandidate } from './service-candidate.ts';
import { basenameOf, dirnameOf, citeLine, isLoopback, joinPath, relativeTo, scanLines, toPort, type LineMatch, type ProjectScope } from './source-scan.ts';

const LISTENS = /\b(?:http\.ListenAndServe(?:TLS)?\(|\.ListenAndServe(?:TLS)?\(\)|net\.Listen\(|\.Serve\(\s*\w+\s*\)|\.Start\(\s*"|\.Listen\(\s*"|grpc\.NewServer\()/;
/** gin's `r.Run()`: only where gin is a dependency, since exec.Cmd has a Run() too. */
const GIN_RUN = /\.Run\(\s*(?:"[^"]*"\s*)?\)/;

export function detectGoModule(scope: ProjectScope): DetectorResult {
  const modPath = joinPath(scope.directory, 'go.mod');
  const mod = scope.files.read(modPath) ?? '';
  const module = /^module\s+(\S+)/m.exec(mod)?.[1] ?? '';
  const goMinor = Number(/^go\s+1\.(\d+)/m.exec(mod)?.[1] ?? 23);
  const requires = [...mod.matchAll(/^\s*(?:require\s+)?([\w.-]+\.[\w.-]+\/[^\s]+)\s+v[\w.+-]+/gm)].map((m) => m[1]);
  const goFiles = scope.paths.filter((p) => p.endsWith('.go'));
  const mains = [...new Set(goFiles.filter((f) => /^package main\b/m.test(scope.files.read(f) ?? '')).map(dirnameOf))].sort();
  const services: ServiceCandidate[] = [];
  const skipped: SkippedCandidate[] = [];
  for (const main of mains) {
    const packageFiles = collectReachableFiles(scope, goFiles, main, module);
    const binary = main === scope.directory ? basenameOf(module) || basenameOf(scope.directory) || 'server' : basenameOf(main);
    const usesGin = requires.some((r) => r.startsWith('github.com/gin-gonic/gin'));
    const listen = scanLines(scope.files, packageFiles, LISTENS)[0] ?? (usesGin ? scanLines(scope.files, packageFiles, GIN_RUN)[0] : undefined);
    if (!listen) {
      const file = goFiles.find((f) => dirnameOf(f) === main)!;
      skipped.push({ nameHint: binary, directory: main, reason: 'a Go binary that opens no listener (a CLI or a one-off job)', evidence: { file, line: 0, note: 'package main without a listener' } });
      continue;
    }
    services.push(describeGoService(scope, main, binary, packageFiles, listen, goMinor, requires, mod));
  }
  return { services, skipped };
}

/** The main package's files plus those of module-local packages it imports, transitively. */
function collectReachableFiles(scope: ProjectScope, goFiles: readonly string[], main: string, module: string): string[] {
  const seen = new Set<string>([main]);
  const queue = [main];
  while (queue.length > 0) {
    const directory = queue.shift()!;
    for (const file of goFiles.filter((f) => dirnameOf(f) === directory)) {
      const text = scope.files.read(file) ?? '';
      for (const imported of text.matchAll(/"([^"\s]+)"/g)) {
        if (!module || !imported[1].startsWith(`${module}/`)) continue;
        const local = joinPath(scope.directory, imported[1].slice(module.length + 1));
        if (!seen.has(local)) {
          seen.add(local);
          queue.push(local);
        }
      }
    }
  }
  return goFiles.filter((f) => seen.has(dirnameOf(f)));
}

function describeGoService(scope: ProjectScope, main: string, binary: string, files: string[], listen: LineMatch, goMinor: number, requires: string[], mod: string): ServiceCandidate {
  const todo: string[] = [];
  const frameworkEvidence: Evidence = citeLine(listen, `listens: ${listen.text}`);
  const address = findAddress(scope, files);
  const values = new Map<string, Inferred<string>>();
  let port = address.port;
  let ginPort = false;
  if (!port && /\.Run\(\s*\)/.test(listen.text)) {
    port = { value: 8080, evidence: { ...frameworkEvidence, note: 'gin Run() listens on $PORT, 8080 by default' } };
    values.set('PORT', { value: '8080', evidence: port.evidence });
    ginPort = true;
  }
  if (address.portVariable && port) values.set(address.portVariable, { value: address.addressStyle ? `:${port.value}` : String(port.value), evidence: port.evidence });
  if (!port) todo.push('port: no listen address with a port was found; set `port:` to the port the server listens on');
  const bindHost = address.host;
  if (bindHost && isLoopback(bindHost.value)) {
    if (address.hostVariable) values.set(address.hostVariable, { value: '0.0.0.0', evidence: { ...bindHost.evidence, note: `binds ${bindHost.value} unless ${address.hostVariable} is set; a Pod needs 0.0.0.0` } });
    else if (address.portVariable && address.addressStyle && port) values.set(address.portVariable, { value: `:${port.value}`, evidence: { ...bindHost.evidence, note: `binds ${bindHost.value} unless ${address.portVariable} is set; ":${port.value}" listens on every interface` } });
    else todo.push(`${bindHost.evidence.file}:${bindHost.evidence.line}: the server binds ${bindHost.value}, which no probe or Service can reach; listen on ":${port?.value ?? 'PORT'}"`);
  }
  const routeMatches = scanLines(scope.files, files, /(?:HandleFunc|Handle|GET|Get|HEAD|Head|Any|Handler|Route)\(\s*"(?:(?:GET|HEAD)\s+)?(\/[^"]*)"/);
  const candidates: RouteCandidate[] = routeMatches.map((m) => ({ path: m.match[1], evidence: citeLine(m, `handler for ${m.match[1]}`) }));
  const health = chooseHealthRoute(candidates);
  const env = collectEnv(readGoEnv(scope, files, main), values);
  const uses = detectDependencyUses(env, requires, scope);
  const cgo = /github\.com\/mattn\/go-sqlite3/.test(mod) || scanLines(scope.files, files, /^import\s+"C"/).length > 0;
  const relative = relativeTo(scope.directory, main);
  const build: BuildRecipe = {
    kind: 'go',
    context: scope.directory,
    goMinor,
    packagePath: relative ? `./${relative}` : '.',
    binary,
    hasGoSum: scope.files.read(joinPath(scope.directory, 'go.sum')) !== undefined,
    cgo,
  };
  return {
    nameHint: binary,
    directory: main,
    language: 'go',
    framework: { value: 'go-http', evidence: frameworkEvidence },
    ...(port ? { port } : {}),
    ...(address.portVariable && !address.addressStyle ? { portVariable: address.portVariable } : ginPort ? { portVariable: 'PORT' } : {}),
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
  /** The variable holds a whole address (`:8080`), not a bare port. */
  readonly addressStyle?: boolean;
  readonly host?: Inferred<string>;
  readonly hostVariable?: string;
}

function findAddress(scope: ProjectScope, files: readonly string[]): AddressFacts {
  // A helper with a default: getEnv("PORT", "8080"), envOr("ADDR", ":8080").
  const helper = scanLines(scope.files, files, /\(\s*"(\w*(?:PORT|ADDR|ADDRESS|LISTEN)\w*)"\s*,\s*"([^"]*?):?(\d{2,5})"\s*\)/)[0];
  if (helper) return readAddressLiteral(helper, helper.match[1], `${helper.match[2]}:${helper.match[3]}`, /ADDR|LISTEN/.test(helper.match[1]) || helper.text.includes(`":${helper.match[3]}"`));
  // os.Getenv("PORT") with the fallback assigned a few lines below.
  for (const read of scanLines(scope.files, files, /os\.(?:Getenv|LookupEnv)\(\s*"(\w*(?:PORT|ADDR|ADDRESS|LISTEN)\w*)"\s*\)/)) {
    const lines = (scope.files.read(read.file) ?? '').split(/\r?\n/).slice(read.line - 1, read.line + 6).join('\n');
    const fallback = /"([\w.-]*?):?(\d{2,5})"/.exec(lines);
    if (fallback) {
      const literal = fallback[0].slice(1, -1);
      return readAddressLiteral(read, read.match[1], literal.includes(':') ? literal : `:${literal}`, literal.includes(':'));
    }
  }
  const literal = scanLines(scope.files, files, /(?:ListenAndServe(?:TLS)?\(|Listen\(\s*(?:"tcp[46]?"\s*,\s*)?|\.Run\(|\.Start\(|Addr\s*:\s*|Addr\s*=\s*)\s*"([\w.-]*|\[[:\w]*\]):(\d{2,5})"/)[0];
  if (literal) return readAddressLiteral(literal, undefined, `${literal.match[1]}:${literal.match[2]}`, false);
  const flag = scanLines(scope.files, files, /flag\.(?:String|Int|Uint)(?:Var)?\([^"]*"(?:addr|port|listen|http[-_.]?addr|http[-_.]?port|listen[-_.]?addr)"\s*,\s*"?([\w.-]*?):?(\d{2,5})"?/)[0];
  if (flag) return readAddressLiteral(flag, undefined, `${flag.match[1]}:${flag.match[2]}`, false);
  return {};
}

function readAddressLiteral(at: LineMatch, variable: string | undefined, address: string, addressStyle: boolean): AddressFacts {
  const [, host = '', text] = /^(.*):(\d+)$/.exec(address) ?? [];
  const port = toPort(text);
  if (port === undefined) return {};
  const note = variable ? `listens on $${variable}, ${address} by default` : `listens on ${address}`;
  const hostVariable = host && variable && /HOST/.test(variable) ? variable : undefined;
  return {
    port: { value: port, evidence: citeLine(at, note) },
    ...(variable && !hostVariable ? { portVariable: variable, addressStyle } : {}),
    ...(host ? { host: { value: host, evidence: citeLine(at, note) } } : {}),
    ...(hostVariable ? { hostVariable } : {}),
  };
}

function readGoEnv(scope: ProjectScope, files: readonly string[], main: string): EnvRead[] {
  const reads: EnvRead[] = [];
  for (const found of scanLines(scope.files, files, /os\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_]\w*)"\s*\)/)) {
    reads.push({ name: found.match[1], evidence: citeLine(found, `reads ${found.match[1]}`) });
  }
  for (const found of scanLines(scope.files, files, /\b\w*[Ee]nv\w*\(\s*"([A-Z_][A-Z0-9_]*)"\s*,\s*"([^"]*)"\s*\)/)) {
    reads.push({ name: found.match[1], fallback: found.match[2], evidence: citeLine(found, `reads ${found.match[1]}`) });
  }
  for (const found of scanLines(scope.files, files, /`[^`]*\b(?:env|envconfig)\s*:\s*"([A-Z_][A-Z0-9_]*)[^"]*"[^`]*`/)) {
    const fallback = /\b(?:envDefault|default)\s*:\s*"([^"]*)"/.exec(found.match[0])?.[1];
    reads.push({ name: found.match[1], ...(fallback !== undefined ? { fallback } : {}), evidence: citeLine(found, `struct tag ${found.match[1]}`) });
  }
  for (const file of scope.paths.filter((p) => ENV_EXAMPLE_FILES.test(p) && (dirnameOf(p) === main || dirnameOf(p) === scope.directory))) {
    reads.push(...readEnvExample(scope.files.read(file) ?? '', file));
  }
  return reads;
}
