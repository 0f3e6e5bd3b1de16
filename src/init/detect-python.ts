// Python projects (pyproject.toml, requirements.txt, Pipfile, manage.py): FastAPI, Django and Flask
// apps, the ASGI/WSGI object to serve, the port and host their start commands give, routes and env.
import { callArguments } from './call-arguments.ts';
import type { BuildRecipe, Evidence, Framework, Inferred } from './detection.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import { collectEnv, ENV_EXAMPLE_FILES, readEnvExample, type EnvRead } from './env-variables.ts';
import { chooseHealthRoute, joinRoute, type RouteCandidate } from './health-routes.ts';
import type { DetectorResult } from './service-candidate.ts';
import { basenameOf, citeLine, isLoopback, joinPath, lineAt, lineOf, relativeTo, scanLines, scanText, toPort, withExtensions, type ProjectScope } from './source-scan.ts';
import { parseToml, stringsAt, tableAt } from './toml.ts';

/** Servers installed when the project lists none; pinned so the image is reproducible. */
export const PYTHON_SERVERS = { uvicorn: 'uvicorn==0.34.0', gunicorn: 'gunicorn==23.0.0' } as const;

const DEFAULTS: Record<'fastapi' | 'django' | 'flask', { port: number; host: string; server: string }> = {
  fastapi: { port: 8000, host: '127.0.0.1', server: 'uvicorn' },
  django: { port: 8000, host: '127.0.0.1', server: 'runserver' },
  flask: { port: 5000, host: '127.0.0.1', server: 'flask run' },
};

interface Dependencies {
  readonly names: Set<string>;
  readonly evidence: Map<string, Evidence>;
}

export function detectPythonProject(scope: ProjectScope): DetectorResult {
  const dependencies = readDependencies(scope);
  const sources = withExtensions(scope, ['.py']);
  const framework = detectFramework(scope, sources, dependencies);
  const nameHint = readProjectName(scope) || basenameOf(scope.directory) || findDjangoProject(sources) || 'api';
  if (!framework) {
    const reason = 'no FastAPI, Django or Flask application found';
    const file = scope.paths.find((p) => /(pyproject\.toml|requirements\.txt|Pipfile|setup\.py)$/.test(p)) ?? scope.directory;
    return { services: [], skipped: [{ nameHint, directory: scope.directory, reason, evidence: { file, line: 0, note: reason } }] };
  }
  const kind = framework.value as 'fastapi' | 'django' | 'flask';
  const todo: string[] = [];
  const buildTodo: string[] = [];
  const launch = findLaunch(kind, scope, sources);
  const target = findAppTarget(kind, scope, sources) ?? (launch.target && launch.port ? { target: launch.target, evidence: launch.port.evidence } : undefined);
  if (!target) buildTodo.push(`could not find the ${kind} application object; set the module:attribute the server should load in the Dockerfile CMD`);
  const defaults = DEFAULTS[kind];
  const port: Inferred<number> = launch.port ?? { value: defaults.port, evidence: { ...framework.evidence, note: `${defaults.server} listens on ${defaults.port} by default` } };
  const bindHost: Inferred<string> = launch.host ?? { value: defaults.host, evidence: { ...framework.evidence, note: `${defaults.server} binds ${defaults.host} by default` } };
  const values = new Map<string, Inferred<string>>();
  if (launch.portVariable) values.set(launch.portVariable, { value: String(port.value), evidence: port.evidence });
  if (launch.hostVariable && isLoopback(bindHost.value)) {
    values.set(launch.hostVariable, { value: '0.0.0.0', evidence: { ...bindHost.evidence, note: `binds ${bindHost.value} unless ${launch.hostVariable} is set; a Pod needs 0.0.0.0` } });
  }

  const health = chooseHealthRoute(findRoutes(kind, scope, sources));
  if (health && kind === 'django' && !allowsAnyHost(scope, sources)) {
    todo.push(`Django answers the HTTP probe only if ALLOWED_HOSTS accepts the pod IP (the probe's Host header): allow it (e.g. read ALLOWED_HOSTS from the environment and include the pod IP) or switch the health check to tcp`);
  }
  const env = collectEnv(readPythonEnv(scope, sources), values);
  const uses = detectDependencyUses(env, [...dependencies.names], scope);
  const build = planPythonBuild(kind, scope, sources, dependencies, target, port.value, buildTodo);

  return {
    services: [
      {
        nameHint,
        directory: scope.directory,
        language: 'python',
        framework,
        port,
        ...(launch.portVariable ? { portVariable: launch.portVariable } : {}),
        ...(health ? { health } : {}),
        bindHost,
        ...(launch.hostVariable ? { hostVariable: launch.hostVariable } : {}),
        env: uses.remaining,
        uses: uses.uses,
        writable: [],
        build,
        todo,
        buildTodo,
      },
    ],
    skipped: [],
  };
}

function readDependencies(scope: ProjectScope): Dependencies {
  const names = new Set<string>();
  const found = new Map<string, Evidence>();
  const add = (raw: string, file: string, text: string) => {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?/.exec(raw);
    if (!match) return;
    const name = match[1].toLowerCase().replace(/_/g, '-');
    names.add(name);
    for (const extra of (match[2] ?? '').replace(/[[\]]/g, '').split(',').filter(Boolean)) names.add(`${name}[${extra.trim()}]`);
    if (!found.has(name)) found.set(name, { file, line: lineOf(text, match[1]), note: `depends on ${name}` });
  };
  for (const file of scope.paths.filter((p) => /(^|\/)requirements[^/]*\.txt$/.test(relativeTo(scope.directory, p)) || /^requirements\/[^/]+\.txt$/.test(relativeTo(scope.directory, p)))) {
    const text = scope.files.read(file) ?? '';
    for (const line of text.split(/\r?\n/)) if (!/^\s*(#|-)/.test(line)) add(line, file, text);
  }
  const pyprojectPath = joinPath(scope.directory, 'pyproject.toml');
  const pyproject = scope.files.read(pyprojectPath);
  if (pyproject) {
    const toml = parseToml(pyproject);
    for (const dep of stringsAt(tableAt(toml.project)?.dependencies)) add(dep, pyprojectPath, pyproject);
    const poetry = tableAt(tableAt(tableAt(toml.tool)?.poetry)?.dependencies);
    for (const dep of Object.keys(poetry ?? {})) if (dep !== 'python') add(dep, pyprojectPath, pyproject);
  }
  const pipfilePath = joinPath(scope.directory, 'Pipfile');
  const pipfile = scope.files.read(pipfilePath);
  if (pipfile) for (const dep of Object.keys(tableAt(parseToml(pipfile).packages) ?? {})) add(dep, pipfilePath, pipfile);
  return { names, evidence: found };
}

/** The Django project package (the folder holding wsgi.py) names a repository-root Django app. */
function findDjangoProject(sources: readonly string[]): string | undefined {
  const wsgi = sources.find((f) => f.endsWith('/wsgi.py'));
  return wsgi ? basenameOf(wsgi.slice(0, -'/wsgi.py'.length)) : undefined;
}

function readProjectName(scope: ProjectScope): string | undefined {
  const pyproject = scope.files.read(joinPath(scope.directory, 'pyproject.toml'));
  if (!pyproject) return undefined;
  const toml = parseToml(pyproject);
  const name = tableAt(toml.project)?.name ?? tableAt(tableAt(toml.tool)?.poetry)?.name;
  return typeof name === 'string' ? name : undefined;
}

function detectFramework(scope: ProjectScope, sources: readonly string[], dependencies: Dependencies): Inferred<Framework> | undefined {
  const constructors: [Framework, RegExp, string][] = [
    ['fastapi', /\bFastAPI\(/, 'fastapi'],
    ['django', /DJANGO_SETTINGS_MODULE|django\.core\.(wsgi|asgi)/, 'django'],
    ['flask', /\bFlask\(\s*__name__/, 'flask'],
  ];
  for (const [framework, pattern, dependency] of constructors) {
    const declared = dependencies.evidence.get(dependency);
    if (declared) return { value: framework, evidence: declared };
    const used = scanLines(scope.files, sources, pattern)[0];
    if (used) return { value: framework, evidence: citeLine(used, `uses ${framework}`) };
  }
  return undefined;
}

interface AppTarget {
  /** `module:attribute` (`app.main:app`, `config.wsgi:application`, `app:create_app()`). */
  readonly target: string;
  readonly evidence: Evidence;
  /** Source root to put on PYTHONPATH when the module lives under `src/`. */
  readonly pythonPath?: string;
}

function toModule(scope: ProjectScope, file: string): { module: string; pythonPath?: string } {
  let relative = relativeTo(scope.directory, file).replace(/\.py$/, '').replace(/\/__init__$/, '');
  let pythonPath: string | undefined;
  if (relative.startsWith('src/')) {
    relative = relative.slice(4);
    pythonPath = 'src';
  }
  return { module: relative.split('/').join('.'), ...(pythonPath ? { pythonPath } : {}) };
}

function findAppTarget(kind: 'fastapi' | 'django' | 'flask', scope: ProjectScope, sources: readonly string[]): AppTarget | undefined {
  if (kind === 'django') {
    const wsgi = sources.find((f) => f.endsWith('/wsgi.py') && /get_wsgi_application/.test(scope.files.read(f) ?? ''));
    if (!wsgi) return undefined;
    const { module, pythonPath } = toModule(scope, wsgi);
    return { target: `${module}:application`, evidence: { file: wsgi, line: lineOf(scope.files.read(wsgi), 'application'), note: 'the WSGI application' }, ...(pythonPath ? { pythonPath } : {}) };
  }
  const constructor = kind === 'fastapi' ? /^(\w+)\s*(?::\s*\w+\s*)?=\s*FastAPI\(/ : /^(\w+)\s*=\s*Flask\(/;
  const found = scanLines(scope.files, sources, constructor)[0];
  if (found) {
    const { module, pythonPath } = toModule(scope, found.file);
    return { target: `${module}:${found.match[1]}`, evidence: citeLine(found, `${kind} app ${found.match[1]}`), ...(pythonPath ? { pythonPath } : {}) };
  }
  const factory = scanLines(scope.files, sources, /^def (create_app|make_app|app_factory)\(/)[0];
  if (factory) {
    const { module, pythonPath } = toModule(scope, factory.file);
    return { target: `${module}:${factory.match[1]}()`, evidence: citeLine(factory, `application factory ${factory.match[1]}()`), ...(pythonPath ? { pythonPath } : {}) };
  }
  return undefined;
}

interface Launch {
  readonly port?: Inferred<number>;
  readonly portVariable?: string;
  readonly host?: Inferred<string>;
  readonly hostVariable?: string;
  readonly target?: string;
}

/** Start commands in scripts, Procfiles, Makefiles and docs, then `uvicorn.run` / `app.run` in code. */
function findLaunch(kind: 'fastapi' | 'django' | 'flask', scope: ProjectScope, sources: readonly string[]): Launch {
  const scripts = scope.paths.filter((p) => /(^|\/)(Procfile|Makefile|[^/]*\.(sh|toml|ini|cfg|ya?ml|json))$/.test(p) && !/compose[^/]*\.ya?ml$/.test(p));
  const docs = scope.paths.filter((p) => /\.(md|rst|txt)$/i.test(p) && !/requirements/.test(p));
  const commands: [RegExp, (m: RegExpMatchArray) => CommandLaunch][] = [
    [/\buvicorn\s+([\w.]+:\w+)([^\n`"']*)/, (m) => ({ target: m[1], ...readFlags(m[2], /--port[\s=]+(\d+)/, /--host[\s=]+([^\s]+)/) })],
    [/\bfastapi\s+(run|dev)\b([^\n`"']*)/, (m) => ({ ...readFlags(m[2], /--port[\s=]+(\d+)/, /--host[\s=]+([^\s]+)/), ...(m[1] === 'run' && !/--host/.test(m[2]) ? { hostText: '0.0.0.0' } : {}) })],
    [/\bgunicorn\b([^\n`"']*)/, (m) => readBind(m[1])],
    [/\bmanage\.py\s+runserver(?:\s+(?:([\w.]+):)?(\d+))?/, (m) => ({ ...(m[2] ? { portText: m[2] } : {}), ...(m[1] ? { hostText: m[1] } : {}) })],
    [/\bflask\b[^\n]*?\brun\b([^\n`"']*)/, (m) => readFlags(m[1], /(?:--port|-p)[\s=]+(\d+)/, /(?:--host|-h)[\s=]+([^\s]+)/)],
  ];
  for (const files of [scripts, docs]) {
    for (const [pattern, read] of commands) {
      for (const found of scanLines(scope.files, files, pattern)) {
        const launch = read(found.match);
        const at = citeLine(found, found.match[0].trim());
        const port = toPort(launch.portText);
        if (port === undefined && launch.hostText === undefined) continue;
        return {
          ...(port !== undefined ? { port: { value: port, evidence: { ...at, note: `${found.match[0].trim()}` } } } : {}),
          ...(launch.hostText !== undefined ? { host: { value: launch.hostText, evidence: at } } : {}),
          ...(launch.target ? { target: launch.target } : {}),
        };
      }
    }
  }
  const runner = kind === 'fastapi' ? /\buvicorn\.run\(/ : kind === 'flask' ? /\b\w+\.run\(/ : undefined;
  if (runner) {
    for (const found of scanText(scope.files, sources, runner)) {
      const text = scope.files.read(found.file) ?? '';
      const args = callArguments(text, (found.match.index ?? 0) + found.match[0].length - 1);
      const keyword = (name: string) => args.find((a) => new RegExp(`^${name}\\s*=`).test(a))?.replace(/^\w+\s*=\s*/, '');
      const portExpression = keyword('port');
      const hostExpression = keyword('host');
      if (portExpression === undefined && hostExpression === undefined) continue;
      const port = portExpression !== undefined ? evaluatePython(portExpression) : undefined;
      const host = hostExpression !== undefined ? evaluatePython(hostExpression) : undefined;
      const call = found.match[0].replace(/\($/, '');
      return {
        ...(port?.text !== undefined && toPort(port.text) !== undefined
          ? { port: { value: toPort(port.text)!, evidence: citeLine(found, port.variable ? `${call}(port=$${port.variable}, ${port.text} by default)` : `${call}(port=${port.text})`) } }
          : {}),
        ...(port?.variable ? { portVariable: port.variable } : {}),
        ...(host?.text !== undefined ? { host: { value: host.text, evidence: citeLine(found, host.variable ? `${call}(host=$${host.variable}, ${host.text} by default)` : `${call}(host='${host.text}')`) } } : {}),
        ...(host?.variable ? { hostVariable: host.variable } : {}),
      };
    }
  }
  return {};
}

/** What a start command line says, as written. */
interface CommandLaunch {
  readonly portText?: string;
  readonly hostText?: string;
  readonly target?: string;
}

function readFlags(text: string, port: RegExp, host: RegExp): { portText?: string; hostText?: string } {
  const p = port.exec(text)?.[1];
  const h = host.exec(text)?.[1];
  return { ...(p ? { portText: p } : {}), ...(h ? { hostText: h.replace(/['"]/g, '') } : {}) };
}

function readBind(text: string): { portText?: string; hostText?: string } {
  const address = /(?:-b|--bind)[\s=]+['"]?([^\s'"]+)/.exec(text)?.[1];
  if (!address) return {};
  const match = /^(?:(.*):)?(\d+)$/.exec(address);
  return match ? { portText: match[2], ...(match[1] !== undefined ? { hostText: match[1] } : {}) } : {};
}

/** `8000`, `"0.0.0.0"`, `int(os.environ.get("PORT", 8000))`, `os.getenv("HOST", "127.0.0.1")`. */
function evaluatePython(expression: string): { text?: string; variable?: string } {
  const env = /(?:os\.environ\.get|os\.getenv|environ\.get)\(\s*['"](\w+)['"]\s*(?:,\s*(?:['"]([^'"]*)['"]|(\d+)))?/.exec(expression);
  if (env) return { variable: env[1], ...(env[2] ?? env[3] ? { text: env[2] ?? env[3] } : {}) };
  const literal = /^\s*(?:['"]([^'"]*)['"]|(\d+))\s*$/.exec(expression);
  if (literal) return { text: literal[1] ?? literal[2] };
  return {};
}

function findRoutes(kind: 'fastapi' | 'django' | 'flask', scope: ProjectScope, sources: readonly string[]): RouteCandidate[] {
  const candidates: RouteCandidate[] = [];
  if (kind === 'django') {
    for (const found of scanLines(scope.files, sources.filter((f) => f.endsWith('urls.py')), /\b(?:re_)?path\(\s*r?['"]\^?([^'"$]*)\$?['"]/)) {
      candidates.push({ path: `/${found.match[1]}`, evidence: citeLine(found, `urlpattern ${found.match[1]}`) });
    }
    return candidates;
  }
  const includes = scanLines(scope.files, sources, /(?:include_router|register_blueprint)\(\s*([\w.]+)\s*,[^)]*?(?:url_)?prefix\s*=\s*['"]([^'"]*)['"]/);
  for (const file of sources) {
    const text = scope.files.read(file) ?? '';
    const prefixes = new Map<string, string>();
    for (const router of text.matchAll(/^(\w+)\s*=\s*(?:APIRouter|Blueprint)\(([^)]*)\)/gm)) {
      const own = /(?:url_)?prefix\s*=\s*['"]([^'"]*)['"]/.exec(router[2])?.[1] ?? '';
      const module = toModule(scope, file).module;
      const mounted = includes.find((i) => i.match[1] === router[1] || i.match[1].endsWith(`${module.split('.').pop()}.${router[1]}`))?.match[2] ?? '';
      prefixes.set(router[1], joinRoute(mounted, own));
    }
    for (const decorator of text.matchAll(/^[ \t]*@(\w+)\.(get|head|route|api_route)\(\s*['"]([^'"]*)['"]/gm)) {
      const path = joinRoute(prefixes.get(decorator[1]) ?? '', decorator[3]);
      candidates.push({ path, evidence: { file, line: lineAt(text, decorator.index ?? 0), note: `@${decorator[1]}.${decorator[2]}('${decorator[3]}')` } });
    }
  }
  return candidates;
}

function allowsAnyHost(scope: ProjectScope, sources: readonly string[]): boolean {
  return scanLines(scope.files, sources, /ALLOWED_HOSTS\s*=\s*\[\s*['"]\*['"]/).length > 0;
}

function readPythonEnv(scope: ProjectScope, sources: readonly string[]): EnvRead[] {
  const reads: EnvRead[] = [];
  const call = /(?:os\.environ\.get|os\.getenv|environ\.get|env\.(?:str|int|bool|list|float|url|db_url))\(\s*['"]([A-Za-z_]\w*)['"]\s*(?:,\s*(?:default\s*=\s*)?(?:['"]([^'"]*)['"]|(\d+(?:\.\d+)?)|(True|False)))?/;
  for (const found of scanLines(scope.files, sources, call)) {
    const fallback = found.match[2] ?? found.match[3] ?? found.match[4];
    reads.push({ name: found.match[1], ...(fallback !== undefined ? { fallback } : {}), evidence: citeLine(found, `reads ${found.match[1]}`) });
  }
  for (const found of scanLines(scope.files, sources, /(?:os\.environ|\benv)\[\s*['"]([A-Za-z_]\w*)['"]\s*\]|\benv\(\s*['"]([A-Z_][A-Z0-9_]*)['"]/)) {
    const name = found.match[1] ?? found.match[2];
    reads.push({ name, evidence: citeLine(found, `reads ${name}`) });
  }
  reads.push(...readSettingsFields(scope, sources));
  for (const file of scope.paths.filter((p) => ENV_EXAMPLE_FILES.test(p))) reads.push(...readEnvExample(scope.files.read(file) ?? '', file));
  return reads;
}

/** pydantic-settings: every field of a `BaseSettings` class is an environment variable (upper-cased, with env_prefix). */
function readSettingsFields(scope: ProjectScope, sources: readonly string[]): EnvRead[] {
  const reads: EnvRead[] = [];
  for (const file of sources) {
    const text = scope.files.read(file) ?? '';
    if (!/BaseSettings/.test(text)) continue;
    const lines = text.split(/\r?\n/);
    let inside = false;
    let prefix = '';
    lines.forEach((line, index) => {
      if (/^class\s+\w+\(.*BaseSettings.*\):/.test(line)) {
        inside = true;
        prefix = '';
        return;
      }
      if (inside && /^\S/.test(line) && line.trim()) inside = false;
      if (!inside) return;
      const envPrefix = /env_prefix\s*=\s*['"]([^'"]*)['"]/.exec(line);
      if (envPrefix) prefix = envPrefix[1];
      const field = /^\s{4}([a-z_][a-z0-9_]*)\s*:\s*[^=]+?(?:=\s*(?:['"]([^'"]*)['"]|(\d+(?:\.\d+)?)|(True|False)))?\s*(#.*)?$/.exec(line);
      if (!field || field[1] === 'model_config') return;
      const fallback = field[2] ?? field[3] ?? field[4];
      const name = `${prefix}${field[1]}`.toUpperCase();
      reads.push({ name, ...(fallback !== undefined ? { fallback } : {}), evidence: { file, line: index + 1, note: `settings field ${field[1]}` } });
    });
  }
  return reads;
}

function planPythonBuild(
  kind: 'fastapi' | 'django' | 'flask',
  scope: ProjectScope,
  sources: readonly string[],
  dependencies: Dependencies,
  target: AppTarget | undefined,
  port: number,
  todo: string[],
): BuildRecipe {
  const relativePaths = scope.paths.map((p) => relativeTo(scope.directory, p));
  const requirements = ['requirements.txt', 'requirements/production.txt', 'requirements/prod.txt', 'requirements/base.txt'].find((f) => relativePaths.includes(f));
  let install: Extract<BuildRecipe, { kind: 'python' }>['install'];
  if (requirements) install = { kind: 'requirements', file: requirements };
  else if (relativePaths.includes('uv.lock')) install = { kind: 'uv' };
  else {
    install = { kind: 'pyproject' };
    const pyproject = scope.files.read(joinPath(scope.directory, 'pyproject.toml'));
    if (!pyproject) todo.push('no requirements.txt or pyproject.toml: the Dockerfile expects one (e.g. `pipenv requirements > requirements.txt`)');
    else if (!/\[build-system\]/.test(pyproject)) todo.push('pyproject.toml has no [build-system]: `pip install .` in the Dockerfile needs one, or export a requirements.txt');
  }
  const has = (name: string) => dependencies.names.has(name);
  const extraPackages: string[] = [];
  let command: string[];
  const app = target?.target ?? (kind === 'fastapi' ? 'main:app' : kind === 'flask' ? 'app:app' : 'config.wsgi:application');
  if (kind === 'fastapi') {
    if (!has('uvicorn') && !has('fastapi[standard]') && !has('fastapi[all]')) extraPackages.push(PYTHON_SERVERS.uvicorn);
    command = ['uvicorn', app, '--host', '0.0.0.0', '--port', String(port)];
  } else {
    if (!has('gunicorn')) extraPackages.push(PYTHON_SERVERS.gunicorn);
    command = ['gunicorn', '--bind', `0.0.0.0:${port}`, app];
  }
  const collectStatic = kind === 'django' && scanLines(scope.files, sources, /^STATIC_ROOT\s*=/).length > 0;
  return {
    kind: 'python',
    context: scope.directory,
    pythonMinor: choosePythonMinor(scope),
    install,
    extraPackages,
    command,
    collectStatic,
    ...(target?.pythonPath ? { pythonPath: target.pythonPath } : {}),
  };
}

/** 11, 12 or 13 from requires-python, .python-version or runtime.txt; 12 when nothing says. */
function choosePythonMinor(scope: ProjectScope): number {
  const pyproject = scope.files.read(joinPath(scope.directory, 'pyproject.toml'));
  const requires = pyproject ? tableAt(parseToml(pyproject).project)?.['requires-python'] : undefined;
  const pinned = scope.files.read(joinPath(scope.directory, '.python-version')) ?? scope.files.read(joinPath(scope.directory, 'runtime.txt'));
  const clamp = (n: number) => Math.min(13, Math.max(11, n));
  const exact = pinned ? /3\.(\d+)/.exec(pinned)?.[1] : undefined;
  if (exact) return clamp(Number(exact));
  if (typeof requires === 'string') {
    const minimum = /3\.(\d+)/.exec(requires)?.[1];
    if (minimum) return /^\s*>=?/.test(requires) ? clamp(Math.max(12, Number(minimum))) : clamp(Number(minimum));
  }
  return 12;
}
