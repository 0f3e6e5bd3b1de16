// Java projects (Maven pom.xml, Gradle build files): Spring Boot web apps, with server.port,
// server.address, the actuator health endpoint and ${ENV} placeholders from application config.
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import type { BuildRecipe, Evidence, Framework, Inferred } from './detection.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import { collectEnv, type EnvRead } from './env-variables.ts';
import { chooseHealthRoute, joinRoute, type RouteCandidate } from './health-routes.ts';
import type { DetectorResult } from './service-candidate.ts';
import { basenameOf, citeLine, isLoopback, joinPath, lineAt, lineOf, relativeTo, scanLines, toPort, type ProjectScope } from './source-scan.ts';

const WEB_STARTERS = /spring-boot-starter-(web|webflux)\b/;

/** `buildRoots`: directories whose pom.xml lists <modules> or whose settings.gradle includes projects. */
export function detectJavaProject(scope: ProjectScope, buildRoots: readonly string[]): DetectorResult {
  const pomPath = joinPath(scope.directory, 'pom.xml');
  const pom = scope.files.read(pomPath);
  const gradlePath = ['build.gradle.kts', 'build.gradle'].map((f) => joinPath(scope.directory, f)).find((f) => scope.files.read(f) !== undefined);
  const gradle = gradlePath ? scope.files.read(gradlePath)! : undefined;
  const manifestPath = pom !== undefined ? pomPath : gradlePath!;
  const manifest = pom ?? gradle ?? '';
  const nameHint = (pom !== undefined ? readArtifactId(pom) : readGradleProjectName(scope)) ?? (basenameOf(scope.directory) || 'app');
  if (pom !== undefined && /<packaging>\s*pom\s*<\/packaging>/.test(pom)) {
    return { services: [], skipped: [] };
  }
  const starter = WEB_STARTERS.exec(manifest);
  if (!starter) {
    const reason = 'no Spring Boot web starter (spring-boot-starter-web or -webflux)';
    return { services: [], skipped: [{ nameHint, directory: scope.directory, reason, evidence: { file: manifestPath, line: 0, note: reason } }] };
  }
  const framework: Inferred<Framework> = { value: 'spring-boot', evidence: { file: manifestPath, line: lineAt(manifest, starter.index), note: `depends on ${starter[0]}` } };
  const config = readSpringConfig(scope);
  const todo: string[] = [];
  const values = new Map<string, Inferred<string>>();
  const port: Inferred<number> = config.port ?? { value: 8080, evidence: { ...framework.evidence, note: 'Spring Boot listens on 8080 by default' } };
  if (config.portVariable) values.set(config.portVariable, { value: String(port.value), evidence: port.evidence });
  const bindHost = config.address;
  if (bindHost && isLoopback(bindHost.value)) {
    if (config.addressVariable) values.set(config.addressVariable, { value: '0.0.0.0', evidence: bindHost.evidence });
    else todo.push(`${bindHost.evidence.file}:${bindHost.evidence.line}: server.address=${bindHost.value} is unreachable from probes and the Service; remove it or set 0.0.0.0`);
  }
  const actuator = /spring-boot-starter-actuator\b/.exec(manifest);
  let health: Inferred<string> | undefined;
  if (actuator) {
    const base = config.actuatorBasePath ?? '/actuator';
    const prefix = config.managementPort ? '' : config.contextPath ?? '';
    health = { value: joinRoute(prefix, joinRoute(base, 'health')), evidence: { file: manifestPath, line: lineAt(manifest, actuator.index), note: `Spring Boot actuator serves ${base}/health` } };
  } else {
    health = chooseHealthRoute(findSpringRoutes(scope, config.contextPath ?? ''));
  }
  const env = collectEnv([...config.env, ...readJavaEnv(scope)], values);
  const artifacts = [...manifest.matchAll(/<artifactId>\s*([\w.-]+)\s*<\/artifactId>|['"][\w.-]+:([\w.-]+)(?::[^'"]*)?['"]/g)].map((m) => m[1] ?? m[2]);
  // JDBC wants `jdbc:postgresql://` URLs, not the postgresql:// URL berth injects: only Redis is wired.
  const uses = detectDependencyUses(env, artifacts.filter((a) => !/postgres/i.test(a)), scope);
  const context = buildRoots.filter((root) => root !== scope.directory && (root === '' || scope.directory.startsWith(`${root}/`))).sort((a, b) => b.length - a.length)[0] ?? scope.directory;
  const tool = pom !== undefined ? 'maven' : 'gradle';
  const wrapper = scope.files.read(joinPath(context, tool === 'maven' ? 'mvnw' : 'gradlew')) !== undefined;
  const build: BuildRecipe = {
    kind: 'java',
    context,
    tool,
    wrapper,
    javaMajor: chooseJavaMajor(manifest),
    ...(context !== scope.directory ? { module: relativeTo(context, scope.directory) } : {}),
  };
  return {
    services: [
      {
        nameHint,
        directory: scope.directory,
        language: 'java',
        framework,
        port,
        ...(config.portVariable ? { portVariable: config.portVariable } : {}),
        ...(health ? { health } : {}),
        ...(config.managementPort ? { healthPort: config.managementPort } : {}),
        ...(bindHost ? { bindHost } : {}),
        ...(config.addressVariable ? { hostVariable: config.addressVariable } : {}),
        env: uses.remaining,
        uses: uses.uses,
        writable: [],
        build,
        todo,
        buildTodo: [],
      },
    ],
    skipped: [],
  };
}

function readArtifactId(pom: string): string | undefined {
  const own = pom.replace(/<parent>[\s\S]*?<\/parent>/, '').replace(/<(dependencies|dependencyManagement|build|profiles|plugins)>[\s\S]*?<\/\1>/g, '');
  return /<artifactId>\s*([\w.-]+)\s*<\/artifactId>/.exec(own)?.[1];
}

function readGradleProjectName(scope: ProjectScope): string | undefined {
  const settings = scope.files.read(joinPath(scope.directory, 'settings.gradle.kts')) ?? scope.files.read(joinPath(scope.directory, 'settings.gradle'));
  return settings ? /rootProject\.name\s*=\s*['"]([^'"]+)['"]/.exec(settings)?.[1] : undefined;
}

function chooseJavaMajor(manifest: string): number {
  const found =
    /<java\.version>\s*(?:1\.)?(\d+)/.exec(manifest) ??
    /<maven\.compiler\.(?:release|source|target)>\s*(?:1\.)?(\d+)/.exec(manifest) ??
    /JavaLanguageVersion\.of\(\s*(\d+)\s*\)/.exec(manifest) ??
    /(?:source|target)Compatibility\s*=\s*['"]?(?:JavaVersion\.VERSION_)?(?:1[._])?(\d+)/.exec(manifest);
  const major = found ? Number(found[1]) : 21;
  return major >= 21 ? 21 : 17;
}

interface SpringConfig {
  port?: Inferred<number>;
  portVariable?: string;
  address?: Inferred<string>;
  addressVariable?: string;
  managementPort?: Inferred<number>;
  actuatorBasePath?: string;
  contextPath?: string;
  env: EnvRead[];
}

/** application.properties / application.yml of the default profile (src/main/resources). */
function readSpringConfig(scope: ProjectScope): SpringConfig {
  const config: SpringConfig = { env: [] };
  const files = ['application.properties', 'application.yml', 'application.yaml'].map((f) => joinPath(scope.directory, `src/main/resources/${f}`)).filter((f) => scope.files.read(f) !== undefined);
  for (const file of files) {
    const text = scope.files.read(file)!;
    const properties = file.endsWith('.properties') ? readProperties(text) : readYamlProperties(text);
    const at = (key: string): Evidence => ({ file, line: lineOf(text, file.endsWith('.properties') ? new RegExp(`^\\s*${key.replace(/\./g, '\\.')}\\s*[=:]`, 'm') : new RegExp(`^\\s*${key.split('.').pop()}\\s*:`, 'm')), note: `${key}` });
    const resolve = (key: string) => {
      const raw = properties.get(key);
      if (raw === undefined) return undefined;
      const placeholder = /^\$\{([A-Za-z_][\w.]*)(?::([^}]*))?\}$/.exec(raw.trim());
      return placeholder ? { value: placeholder[2], variable: /^[A-Z_][A-Z0-9_]*$/.test(placeholder[1]) ? placeholder[1] : undefined } : { value: raw.trim(), variable: undefined };
    };
    const port = resolve('server.port');
    if (port && toPort(port.value) !== undefined && !config.port) {
      config.port = { value: toPort(port.value)!, evidence: { ...at('server.port'), note: port.variable ? `server.port=\${${port.variable}:${port.value}}` : `server.port=${port.value}` } };
      if (port.variable) config.portVariable = port.variable;
    }
    const address = resolve('server.address');
    if (address?.value && !config.address) {
      config.address = { value: address.value, evidence: { ...at('server.address'), note: `server.address=${address.value}` } };
      if (address.variable) config.addressVariable = address.variable;
    }
    const management = resolve('management.server.port');
    if (management && toPort(management.value) !== undefined) config.managementPort = { value: toPort(management.value)!, evidence: { ...at('management.server.port'), note: `management.server.port=${management.value}` } };
    const basePath = resolve('management.endpoints.web.base-path')?.value;
    if (basePath !== undefined) config.actuatorBasePath = basePath;
    const contextPath = resolve('server.servlet.context-path')?.value ?? resolve('spring.webflux.base-path')?.value;
    if (contextPath) config.contextPath = contextPath;
    text.split(/\r?\n/).forEach((line, index) => {
      if (/^\s*#/.test(line)) return;
      for (const m of line.matchAll(/\$\{([A-Z_][A-Z0-9_]*)(?::([^}]*))?\}/g)) {
        config.env.push({ name: m[1], ...(m[2] !== undefined ? { fallback: m[2] } : {}), evidence: { file, line: index + 1, note: `placeholder \${${m[1]}}` } });
      }
    });
  }
  return config;
}

function readProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (match && !line.trim().startsWith('#')) properties.set(match[1], match[2]);
  }
  return properties;
}

/** Flattens the first YAML document (the default profile) to dotted keys. */
function readYamlProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  let value: unknown;
  try {
    value = parseAllDocuments(text)[0]?.toJS() ?? parseYaml(text);
  } catch {
    return properties;
  }
  const walk = (node: unknown, prefix: string) => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else if (node !== null && node !== undefined && typeof node !== 'object') {
      properties.set(prefix, String(node));
    }
  };
  walk(value, '');
  return properties;
}

function findSpringRoutes(scope: ProjectScope, contextPath: string): RouteCandidate[] {
  const candidates: RouteCandidate[] = [];
  for (const file of scope.paths.filter((p) => /\.(java|kt)$/.test(p))) {
    const text = scope.files.read(file) ?? '';
    if (!/@(Rest)?Controller/.test(text)) continue;
    const classPrefix = /@RequestMapping\(\s*(?:value\s*=\s*|path\s*=\s*)?"([^"]*)"[^)]*\)\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:public\s+)?(?:final\s+)?class/.exec(text)?.[1] ?? '';
    for (const m of text.matchAll(/@(?:Get|Request)Mapping\(\s*(?:value\s*=\s*|path\s*=\s*)?"([^"]*)"/g)) {
      if (m[1] === classPrefix && /@RequestMapping/.test(m[0])) continue;
      const path = joinRoute(contextPath, joinRoute(classPrefix, m[1]));
      candidates.push({ path, evidence: { file, line: lineAt(text, m.index ?? 0), note: `${m[0]})` } });
    }
  }
  return candidates;
}

function readJavaEnv(scope: ProjectScope): EnvRead[] {
  return scanLines(scope.files, scope.paths.filter((p) => /\.(java|kt)$/.test(p)), /System\.getenv\(\s*"([A-Za-z_]\w*)"\s*\)/).map((m) => ({ name: m.match[1], evidence: citeLine(m, `reads ${m.match[1]}`) }));
}
