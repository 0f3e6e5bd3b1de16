// Node projects (package.json): Next.js, NestJS, Express/Fastify/Koa/Hono servers and Vite static
// sites, with the port, bind host, health route and environment their code declares.
import { callArguments, objectProperties, stringLiteral } from './call-arguments.ts';
import type { BuildRecipe, Evidence, Framework, Inferred } from './detection.ts';
import { collectEnv, ENV_EXAMPLE_FILES, readEnvExample, type EnvRead } from './env-variables.ts';
import { chooseHealthRoute, joinRoute, type RouteCandidate } from './health-routes.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import type { DetectorResult, ServiceCandidate } from './service-candidate.ts';
import { citeLine, isLoopback, joinPath, lineAt, lineOf, parseJson, relativeTo, scanLines, scanText, toPort, withExtensions, type ProjectScope } from './source-scan.ts';

const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

/** Server frameworks in the order they win when several are installed (Nest runs on Express). */
const SERVER_FRAMEWORKS: readonly [string, Framework][] = [
  ['@nestjs/core', 'nestjs'],
  ['fastify', 'fastify'],
  ['express', 'express'],
  ['koa', 'koa'],
  ['@hono/node-server', 'hono'],
];

/** Frameworks that bind only the loopback interface unless given a host. */
const LOOPBACK_BY_DEFAULT: ReadonlySet<Framework> = new Set(['fastify']);

interface PackageJson {
  readonly name?: string;
  readonly main?: string;
  readonly scripts: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly engines?: { node?: string };
  readonly workspaces?: unknown;
  readonly packageManager?: string;
}

export function detectNodeProject(scope: ProjectScope): DetectorResult {
  const manifestPath = joinPath(scope.directory, 'package.json');
  const manifestText = scope.files.read(manifestPath);
  const pkg = readPackageJson(manifestText);
  const nameHint = (pkg.name ?? '').replace(/^@[^/]+\//, '');
  if (!manifestText) return { services: [], skipped: [] };
  const dependencyLine = (name: string) => lineOf(manifestText, `"${name}"`);
  const runtime = { ...pkg.devDependencies, ...pkg.dependencies };
  // Entry files without an extension (express-generator's bin/www) are source too.
  const entry = /^node\s+(?:-\S+\s+)*(\S+)/.exec(pkg.scripts.start ?? '')?.[1];
  const entryPath = entry ? joinPath(scope.directory, entry) : undefined;
  const sources = [...withExtensions(scope, SOURCE_EXTENSIONS), ...(entryPath && !/\.\w+$/.test(entryPath) && scope.paths.includes(entryPath) ? [entryPath] : [])];

  let framework: Inferred<Framework> | undefined;
  if (runtime.next) framework = { value: 'nextjs', evidence: { file: manifestPath, line: dependencyLine('next'), note: 'depends on next' } };
  for (const [dependency, value] of SERVER_FRAMEWORKS) {
    if (framework) break;
    if (pkg.dependencies[dependency]) framework = { value, evidence: { file: manifestPath, line: dependencyLine(dependency), note: `depends on ${dependency}` } };
  }
  if (!framework && runtime.vite && pkg.scripts.build) {
    framework = { value: 'vite-static', evidence: { file: manifestPath, line: dependencyLine('vite'), note: 'a Vite build with no server framework: a static site' } };
  }
  const listenCalls = findListenCalls(scope, sources);
  if (!framework && listenCalls.length > 0 && (pkg.scripts.start || pkg.main)) {
    framework = { value: 'node-http', evidence: citeLine(listenCalls[0].match, 'starts a server with .listen()') };
  }
  if (!framework) {
    const reason = pkg.workspaces ? 'a workspace root (its packages are detected on their own)' : 'no server framework, listen() call or static build';
    return { services: [], skipped: [{ nameHint: nameHint || 'app', directory: scope.directory, reason, evidence: { file: manifestPath, line: 0, note: reason } }] };
  }

  const todo: string[] = [];
  const buildTodo: string[] = [];
  const envReads: EnvRead[] = [];
  const values = new Map<string, Inferred<string>>();
  let port: Inferred<number> | undefined;
  let bindHost: Inferred<string> | undefined;
  let hostVariable: string | undefined;
  let portVariable: string | undefined;
  const writable: Inferred<string>[] = [];
  const start = findStartCommand(pkg, framework.value, scope, buildTodo);

  if (framework.value === 'nextjs') {
    const script = pkg.scripts.start ?? '';
    const flag = /(?:-p|--port)[\s=]+(\d+)/.exec(script);
    port = flag
      ? { value: Number(flag[1]), evidence: { file: manifestPath, line: lineOf(manifestText, flag[0]), note: `next start ${flag[0]}` } }
      : { value: 3000, evidence: { ...framework.evidence, note: 'Next.js listens on $PORT, 3000 by default' } };
    values.set('PORT', { value: String(port.value), evidence: port.evidence });
    portVariable = 'PORT';
    const config = readNextConfig(scope);
    if (config.standalone) {
      // The standalone server binds $HOSTNAME, which Kubernetes sets to the pod name.
      bindHost = { value: '$HOSTNAME', evidence: config.standalone };
      hostVariable = 'HOSTNAME';
      values.set('HOSTNAME', { value: '0.0.0.0', evidence: { ...config.standalone, note: 'the standalone server binds $HOSTNAME, which Kubernetes sets to the pod name; 0.0.0.0 listens on every interface' } });
    } else {
      buildTodo.push(`${config.file ?? 'next.config.js'}: set \`output: 'standalone'\` for a much smaller image; the Dockerfile runs \`next start\` with production node_modules until then`);
    }
    writable.push({ value: '/app/.next/cache', evidence: { ...framework.evidence, note: 'Next.js writes its image and fetch cache to .next/cache' } });
  } else if (framework.value === 'vite-static') {
    port = { value: 8080, evidence: { ...framework.evidence, note: 'served by nginx-unprivileged, which listens on 8080' } };
  } else {
    const listen = resolveListen(listenCalls, scope);
    if (listen.port) {
      port = listen.port;
      portVariable = listen.portVariable;
      if (portVariable) values.set(portVariable, { value: String(port.value), evidence: port.evidence });
    } else {
      const defaultPort = framework.value === 'hono' ? 3000 : undefined;
      if (defaultPort) port = { value: defaultPort, evidence: { ...framework.evidence, note: `${framework.value} listens on ${defaultPort} by default` } };
      else todo.push('port: no listen() call with a port was found; set `port:` to the port the server listens on');
    }
    bindHost = listen.host ?? (LOOPBACK_BY_DEFAULT.has(framework.value) ? { value: '127.0.0.1', evidence: { ...framework.evidence, note: `${framework.value} binds 127.0.0.1 unless given a host` } } : undefined);
    hostVariable = listen.hostVariable;
    if (bindHost && isLoopback(bindHost.value)) {
      if (hostVariable) values.set(hostVariable, { value: '0.0.0.0', evidence: { ...bindHost.evidence, note: `binds ${bindHost.value} unless ${hostVariable} is set; a Pod needs 0.0.0.0` } });
      else todo.push(`${bindHost.evidence.file}:${bindHost.evidence.line}: the server binds ${bindHost.value}, which no probe or Service can reach; listen on 0.0.0.0 (or read a HOST variable)`);
    }
  }

  const health = chooseHealthRoute(findHealthCandidates(scope, sources, framework.value)) ?? findHomePage(scope, sources, framework.value);
  envReads.push(...readNodeEnv(scope, sources));
  const buildTimeOnly = envReads.filter((r) => /^(NEXT_PUBLIC_|VITE_)/.test(r.name)).map((r) => r.name);
  if (buildTimeOnly.length > 0) {
    todo.push(`${[...new Set(buildTimeOnly)].sort().join(', ')}: inlined at build time, so setting them in the Pod changes nothing; pass them as build arguments`);
  }
  const env = framework.value === 'vite-static' ? [] : collectEnv(envReads.filter((r) => !/^(NEXT_PUBLIC_|VITE_)/.test(r.name)), values);
  const uses = detectDependencyUses(env, Object.keys(runtime), scope);

  const build = planNodeBuild(scope, pkg, framework.value, start);
  if (build.kind === 'node' && !build.lockfile) buildTodo.push(`no lock file in ${scope.directory || 'the repository root'}: the Dockerfile runs \`${build.packageManager} install\`; commit a lock file for reproducible builds`);

  const service: ServiceCandidate = {
    nameHint: nameHint || 'web',
    directory: scope.directory,
    language: 'node',
    framework,
    ...(port ? { port } : {}),
    ...(portVariable ? { portVariable } : {}),
    ...(health ? { health } : {}),
    ...(bindHost ? { bindHost } : {}),
    ...(hostVariable ? { hostVariable } : {}),
    env: uses.remaining,
    uses: uses.uses,
    writable,
    build,
    todo,
    buildTodo,
  };
  return { services: [service], skipped: [] };
}

function readPackageJson(text: string | undefined): PackageJson {
  const raw = parseJson(text) ?? {};
  const record = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {});
  return {
    ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
    ...(typeof raw.main === 'string' ? { main: raw.main } : {}),
    scripts: record(raw.scripts),
    dependencies: record(raw.dependencies),
    devDependencies: record(raw.devDependencies),
    ...(raw.engines ? { engines: record(raw.engines) } : {}),
    ...(raw.workspaces ? { workspaces: raw.workspaces } : {}),
    ...(typeof raw.packageManager === 'string' ? { packageManager: raw.packageManager } : {}),
  };
}

interface ListenCall {
  readonly match: { file: string; line: number };
  readonly args: string[];
  readonly fileText: string;
}

/** `x.listen(...)` and `serve({ port })` (Hono) calls with their arguments. */
function findListenCalls(scope: ProjectScope, sources: readonly string[]): ListenCall[] {
  const calls: ListenCall[] = [];
  for (const found of scanText(scope.files, sources, /\.listen\(|\bserve\(\s*\{/)) {
    const fileText = scope.files.read(found.file) ?? '';
    const open = (found.match.index ?? 0) + found.match[0].indexOf('(');
    calls.push({ match: { file: found.file, line: found.line }, args: callArguments(fileText, open), fileText });
  }
  return calls;
}

interface ListenFacts {
  readonly port?: Inferred<number>;
  readonly portVariable?: string;
  readonly host?: Inferred<string>;
  readonly hostVariable?: string;
}

function resolveListen(calls: readonly ListenCall[], scope: ProjectScope): ListenFacts {
  for (const call of calls) {
    const [first = '', second = ''] = call.args;
    const object = objectProperties(first);
    const portExpression = object.size > 0 ? object.get('port') ?? '' : first;
    const hostExpression = object.size > 0 ? object.get('host') ?? object.get('hostname') ?? '' : /^\s*(\(|function\b|async\b|[A-Za-z_$][\w$]*\s*=>)/.test(second) ? '' : second;
    const port = evaluateExpression(portExpression, call.fileText, scope, 0);
    if (port.number === undefined) continue;
    const portVariable = port.variables.find((v) => /PORT/i.test(v)) ?? port.variables[0];
    const facts: ListenFacts = {
      port: { value: port.number, evidence: { ...call.match, note: portVariable ? `listens on $${portVariable}, ${port.number} by default` : `listens on ${port.number}` } },
      ...(portVariable ? { portVariable } : {}),
    };
    if (hostExpression) {
      const host = evaluateExpression(hostExpression, call.fileText, scope, 0);
      if (host.text !== undefined) {
        const hostVariable = host.variables[0];
        return {
          ...facts,
          host: { value: host.text, evidence: { ...call.match, note: hostVariable ? `binds $${hostVariable}, ${host.text} by default` : `binds ${host.text}` } },
          ...(hostVariable ? { hostVariable } : {}),
        };
      }
    }
    return facts;
  }
  return {};
}

interface Evaluated {
  readonly number?: number;
  readonly text?: string;
  readonly variables: string[];
}

/**
 * What a port or host expression comes to: `process.env.PORT || 4000`, `Number(process.env.PORT ?? '4000')`,
 * a constant declared in the same file, or a `port:` property of a config module.
 */
function evaluateExpression(expression: string, fileText: string, scope: ProjectScope, depth: number): Evaluated {
  const trimmed = expression.trim();
  const variables = [...trimmed.matchAll(/process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])/g)].map((m) => m[1] ?? m[2]);
  const literal = stringLiteral(trimmed);
  if (literal !== undefined) return { number: toPort(literal), text: literal, variables };
  if (toPort(trimmed) !== undefined) return { number: toPort(trimmed), text: trimmed, variables };
  const fallback = /(?:\|\||\?\?)\s*(?:(['"`])([^'"`]*)\1|(\d+))/.exec(trimmed) ?? /(['"`])(\d{2,5})\1/.exec(trimmed);
  if (fallback) {
    const text = fallback[2] ?? fallback[3];
    return { number: toPort(text), text, variables };
  }
  if (depth < 2) {
    const identifier = /^(?:Number|parseInt|String)?\(?\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*(?:,\s*10\s*)?\)?$/.exec(trimmed);
    if (identifier) {
      const name = identifier[1];
      const last = name.split('.').pop()!;
      const declaration = new RegExp(`\\b(?:const|let|var)\\s+${escapeRegExp(name)}\\s*(?::\\s*[\\w<>|]+\\s*)?=\\s*([^;\\n]+)`).exec(fileText);
      if (declaration) {
        const inner = evaluateExpression(declaration[1], fileText, scope, depth + 1);
        return { ...inner, variables: [...variables, ...inner.variables] };
      }
      if (name.includes('.')) {
        for (const file of withExtensions(scope, SOURCE_EXTENSIONS)) {
          const text = scope.files.read(file) ?? '';
          const property = new RegExp(`\\b${escapeRegExp(last)}\\s*:\\s*([^,\\n}]+)`).exec(text);
          if (property) {
            const inner = evaluateExpression(property[1], text, scope, depth + 1);
            if (inner.number !== undefined || inner.text !== undefined) return { ...inner, variables: [...variables, ...inner.variables] };
          }
        }
      }
    }
  }
  return { variables };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function findHealthCandidates(scope: ProjectScope, sources: readonly string[], framework: Framework): RouteCandidate[] {
  const candidates: RouteCandidate[] = [];
  if (framework === 'nextjs') {
    const basePath = readNextConfig(scope).basePath ?? '';
    for (const file of sources) {
      const relative = relativeTo(scope.directory, file);
      const appRoute = /^(?:src\/)?app\/(.*?)\/?route\.[cm]?[jt]sx?$/.exec(relative);
      const pagesApi = /^(?:src\/)?pages\/(api\/.*?)(?:\/index)?\.[cm]?[jt]sx?$/.exec(relative);
      const segments = appRoute?.[1] ?? pagesApi?.[1];
      if (segments === undefined) continue;
      const path = joinRoute(basePath, segments.split('/').filter((s) => !/^\(.*\)$/.test(s)).join('/'));
      candidates.push({ path, evidence: { file, line: 0, note: `route handler for ${path}` } });
    }
    return candidates;
  }
  for (const found of scanLines(scope.files, sources, /\.(?:get|all|head|route|use)\(\s*(['"`])(\/[^'"`]*)\1/)) {
    candidates.push({ path: found.match[2], evidence: citeLine(found, `route ${found.match[2]}`) });
  }
  if (framework === 'nestjs') candidates.push(...findNestRoutes(scope, sources));
  return candidates;
}

/** Without a health route, a page that always exists: the static site's index, Next.js's home page. */
function findHomePage(scope: ProjectScope, sources: readonly string[], framework: Framework): Inferred<string> | undefined {
  if (framework === 'vite-static') {
    return { value: '/', evidence: { file: joinPath(scope.directory, 'index.html'), line: 0, note: 'nginx serves the built index.html' } };
  }
  if (framework !== 'nextjs') return undefined;
  const home = sources.find((f) => /^(?:src\/)?(app\/page|pages\/index)\.[cm]?[jt]sx?$/.test(relativeTo(scope.directory, f)));
  return home ? { value: readNextConfig(scope).basePath ?? '/', evidence: { file: home, line: 0, note: 'the home page renders' } } : undefined;
}

/** `@Controller('health')` + `@Get()` → /health, with `setGlobalPrefix` unless health is excluded. */
function findNestRoutes(scope: ProjectScope, sources: readonly string[]): RouteCandidate[] {
  const prefixMatch = scanLines(scope.files, sources, /setGlobalPrefix\(\s*['"]([^'"]*)['"]\s*(,[^)]*)?\)/)[0];
  const candidates: RouteCandidate[] = [];
  for (const file of sources) {
    const text = scope.files.read(file) ?? '';
    const controller = /@Controller\(\s*(?:['"]([^'"]*)['"]|\{[^}]*path:\s*['"]([^'"]*)['"][^}]*\})?\s*\)/.exec(text);
    if (!controller) continue;
    const base = controller[1] ?? controller[2] ?? '';
    for (const get of text.matchAll(/@Get\(\s*(?:['"]([^'"]*)['"])?\s*\)/g)) {
      const path = joinRoute(base, get[1] ?? '');
      const excluded = prefixMatch?.match[2] !== undefined && /health/.test(prefixMatch.match[2]);
      const full = prefixMatch && !excluded ? joinRoute(prefixMatch.match[1], path) : path;
      candidates.push({ path: full, evidence: { file, line: lineAt(text, get.index ?? 0), note: `@Controller('${base}') @Get('${get[1] ?? ''}')` } });
    }
  }
  return candidates;
}

function readNodeEnv(scope: ProjectScope, sources: readonly string[]): EnvRead[] {
  const reads: EnvRead[] = [];
  const pattern = /process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])(?:\s*(?:\|\||\?\?)\s*(?:(['"`])([^'"`]*)\3|(\d+(?:\.\d+)?)))?|import\.meta\.env\.([A-Za-z_]\w*)/;
  for (const found of scanLines(scope.files, sources, pattern)) {
    const name = found.match[1] ?? found.match[2] ?? found.match[6];
    const fallback = found.match[4] ?? found.match[5];
    reads.push({ name, ...(fallback !== undefined ? { fallback } : {}), evidence: citeLine(found, `reads ${name}`) });
  }
  for (const file of scope.paths.filter((p) => ENV_EXAMPLE_FILES.test(p))) reads.push(...readEnvExample(scope.files.read(file) ?? '', file));
  return reads;
}

function readNextConfig(scope: ProjectScope): { file?: string; standalone?: Evidence; basePath?: string } {
  const file = ['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs'].map((f) => joinPath(scope.directory, f)).find((f) => scope.files.read(f) !== undefined);
  if (!file) return {};
  const text = scope.files.read(file)!;
  const standalone = /output\s*:\s*['"]standalone['"]/.exec(text);
  const basePath = /basePath\s*:\s*['"]([^'"]+)['"]/.exec(text);
  return {
    file,
    ...(standalone ? { standalone: { file, line: lineAt(text, standalone.index), note: "output: 'standalone'" } } : {}),
    ...(basePath ? { basePath: basePath[1] } : {}),
  };
}

/** The command the runtime image starts: `node <file>` from the start script, main, or a conventional file. */
function findStartCommand(pkg: PackageJson, framework: Framework, scope: ProjectScope, todo: string[]): string[] {
  if (framework === 'nextjs' || framework === 'vite-static') return [];
  const script = pkg.scripts.start;
  if (script) {
    const words = script.trim().split(/\s+/);
    if (words[0] === 'node' && words.length > 1 && !/[;&|$]/.test(script)) return words;
    if (/^nest\s+start\b/.test(script)) return ['node', 'dist/main.js'];
  }
  if (framework === 'nestjs') return ['node', 'dist/main.js'];
  if (pkg.main && /\.[cm]?js$/.test(pkg.main)) return ['node', pkg.main];
  const conventional = ['server.js', 'index.js', 'app.js', 'src/server.js', 'src/index.js', 'src/app.js'].find((f) => scope.files.read(joinPath(scope.directory, f)) !== undefined);
  if (conventional) return ['node', conventional];
  todo.push(`the start command could not be read from package.json (scripts.start is ${script ? `\`${script}\`` : 'missing'}); the Dockerfile runs \`npm start\`: replace it with \`node <built entry file>\``);
  return ['npm', 'start'];
}

function planNodeBuild(scope: ProjectScope, pkg: PackageJson, framework: Framework, start: string[]): BuildRecipe {
  const lockfiles: [string, 'npm' | 'pnpm' | 'yarn'][] = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
  ];
  const local = lockfiles.find(([file]) => scope.files.read(joinPath(scope.directory, file)) !== undefined);
  const root = lockfiles.find(([file]) => scope.files.read(file) !== undefined);
  const declared = /^(npm|pnpm|yarn)@/.exec(pkg.packageManager ?? '')?.[1] as 'npm' | 'pnpm' | 'yarn' | undefined;
  const packageManager = local?.[1] ?? declared ?? root?.[1] ?? 'npm';
  const mode = framework === 'nextjs' ? (readNextConfig(scope).standalone ? 'next-standalone' : 'next') : framework === 'vite-static' ? 'static' : 'server';
  const viteConfig = ['vite.config.ts', 'vite.config.js', 'vite.config.mjs', 'vite.config.mts'].map((f) => scope.files.read(joinPath(scope.directory, f))).find((t) => t !== undefined);
  const outDir = viteConfig ? /outDir\s*:\s*['"]([^'"]+)['"]/.exec(viteConfig)?.[1] : undefined;
  return {
    kind: 'node',
    context: scope.directory,
    mode,
    packageManager,
    ...(local ? { lockfile: local[0] } : {}),
    nodeMajor: chooseNodeMajor(scope, pkg),
    buildScript: pkg.scripts.build !== undefined,
    start,
    outputDirectory: (outDir ?? 'dist').replace(/^\.\//, '').replace(/\/$/, ''),
    hasPublicDirectory: scope.paths.some((p) => p.startsWith(joinPath(scope.directory, 'public/'))),
  };
}

/** The Node major the project asks for (engines.node, .nvmrc, .node-version); 22 otherwise. */
function chooseNodeMajor(scope: ProjectScope, pkg: PackageJson): number {
  const sources = [pkg.engines?.node, scope.files.read(joinPath(scope.directory, '.nvmrc')), scope.files.read(joinPath(scope.directory, '.node-version'))];
  for (const source of sources) {
    const major = source ? /(\d+)/.exec(source)?.[1] : undefined;
    if (major) {
      const n = Number(major);
      if (n >= 22) return 22;
      if (n >= 20) return 20;
      if (n >= 18) return 18;
    }
  }
  return 22;
}

