// .NET projects (*.csproj): ASP.NET Core web apps (Sdk="Microsoft.NET.Sdk.Web"), with the port from
// code, appsettings.json or launchSettings.json, health endpoints, and the variables the code reads.
import type { BuildRecipe, Evidence, Inferred } from './detection.ts';
import { detectDependencyUses } from './dependency-uses.ts';
import { collectEnv, type EnvRead } from './env-variables.ts';
import { chooseHealthRoute, joinRoute, type RouteCandidate } from './health-routes.ts';
import type { DetectorResult } from './service-candidate.ts';
import { basenameOf, dirnameOf, citeLine, isLoopback, joinPath, lineAt, lineOf, parseJson, relativeTo, scanLines, toPort, type ProjectScope } from './source-scan.ts';

export function detectDotnetProject(scope: ProjectScope, projectFile: string): DetectorResult {
  const text = scope.files.read(projectFile) ?? '';
  const assembly = /<AssemblyName>\s*([^<\s]+)\s*<\/AssemblyName>/.exec(text)?.[1] ?? basenameOf(projectFile).replace(/\.csproj$/, '');
  const sdk = /<Project\s+Sdk="([^"]+)"/.exec(text);
  if (!sdk || sdk[1] !== 'Microsoft.NET.Sdk.Web') {
    const reason = `not an ASP.NET Core web project (Sdk="${sdk?.[1] ?? 'unknown'}")`;
    return { services: [], skipped: [{ nameHint: assembly, directory: scope.directory, reason, evidence: { file: projectFile, line: lineOf(text, '<Project'), note: reason } }] };
  }
  const framework = { value: 'aspnetcore' as const, evidence: { file: projectFile, line: lineAt(text, sdk.index), note: 'Sdk="Microsoft.NET.Sdk.Web"' } };
  const dotnetMajor = Math.min(9, Math.max(8, Number(/<TargetFrameworks?>\s*net(\d+)\.\d/.exec(text)?.[1] ?? 8)));
  const sources = scope.paths.filter((p) => p.endsWith('.cs'));
  const todo: string[] = [];
  const values = new Map<string, Inferred<string>>();
  const listen = findListen(scope, sources);
  const port: Inferred<number> = listen.port ?? { value: 8080, evidence: { ...framework.evidence, note: 'ASP.NET Core container images listen on 8080 (ASPNETCORE_HTTP_PORTS)' } };
  if (!listen.fromCode) values.set('ASPNETCORE_HTTP_PORTS', { value: String(port.value), evidence: port.evidence });
  const bindHost = listen.host;
  if (bindHost && isLoopback(bindHost.value) && listen.fromCode) {
    todo.push(`${bindHost.evidence.file}:${bindHost.evidence.line}: Kestrel is bound to ${bindHost.value}, which no probe or Service can reach; use http://+:${port.value}`);
  }
  const routes: RouteCandidate[] = [];
  for (const found of scanLines(scope.files, sources, /Map(?:HealthChecks|Get|Methods)\(\s*"(\/?[^"]*)"/)) {
    routes.push({ path: joinRoute('', found.match[1]), evidence: citeLine(found, found.match[0]) });
  }
  for (const file of sources) {
    const source = scope.files.read(file) ?? '';
    const prefix = /\[Route\(\s*"([^"]*)"\s*\)\]\s*(?:\[[^\]]*\]\s*)*(?:public\s+)?(?:sealed\s+)?class/.exec(source)?.[1]?.replace('[controller]', basenameOf(file).replace(/Controller\.cs$/, '').toLowerCase()) ?? '';
    for (const m of source.matchAll(/\[Http(?:Get|Head)\(\s*"([^"]*)"\s*\)\]/g)) routes.push({ path: joinRoute(prefix, m[1]), evidence: { file, line: lineAt(source, m.index ?? 0), note: m[0] } });
  }
  const health = chooseHealthRoute(routes);
  const reads: EnvRead[] = [
    ...scanLines(scope.files, sources, /GetEnvironmentVariable\(\s*"([A-Za-z_]\w*)"\s*\)/).map((m) => ({ name: m.match[1], evidence: citeLine(m, `reads ${m.match[1]}`) })),
    ...scanLines(scope.files, sources, /GetConnectionString\(\s*"(\w+)"\s*\)/).map((m) => ({ name: `ConnectionStrings__${m.match[1]}`, evidence: citeLine(m, `connection string ${m.match[1]}`) })),
  ];
  const env = collectEnv(reads, values);
  // Npgsql and StackExchange.Redis take key=value connection strings, not the URLs berth injects.
  const uses = detectDependencyUses(env, [], scope);
  const build: BuildRecipe = { kind: 'dotnet', context: scope.directory, project: relativeTo(scope.directory, projectFile), assembly, dotnetMajor };
  return {
    services: [
      {
        nameHint: assembly,
        directory: dirnameOf(projectFile),
        language: 'dotnet',
        framework,
        port,
        ...(!listen.fromCode ? { portVariable: 'ASPNETCORE_HTTP_PORTS' } : {}),
        ...(health ? { health } : {}),
        ...(bindHost ? { bindHost } : {}),
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

interface ListenFacts {
  readonly port?: Inferred<number>;
  readonly host?: Inferred<string>;
  /** Code or appsettings fix the URL, so ASPNETCORE_HTTP_PORTS would not change it. */
  readonly fromCode: boolean;
}

/** UseUrls/app.Run/Listen* in code, then appsettings.json Urls/Kestrel, then launchSettings.json. */
function findListen(scope: ProjectScope, sources: readonly string[]): ListenFacts {
  const inCode = scanLines(scope.files, sources, /(?:UseUrls|\.Run|\.Urls\.Add)\(\s*"(https?:\/\/[^"]+)"/)[0];
  if (inCode) {
    const url = parseUrl(inCode.match[1]);
    if (url) return { port: { value: url.port, evidence: citeLine(inCode, inCode.match[0]) }, host: { value: url.host, evidence: citeLine(inCode, inCode.match[0]) }, fromCode: true };
  }
  const kestrel = scanLines(scope.files, sources, /Listen(AnyIP|Localhost)\(\s*(\d{2,5})/)[0];
  if (kestrel) {
    const at = citeLine(kestrel, kestrel.match[0]);
    return { port: { value: Number(kestrel.match[2]), evidence: at }, host: { value: kestrel.match[1] === 'Localhost' ? 'localhost' : '0.0.0.0', evidence: at }, fromCode: true };
  }
  const settingsPath = joinPath(scope.directory, 'appsettings.json');
  const settings = parseJson(scope.files.read(settingsPath));
  const settingsUrl = typeof settings?.Urls === 'string' ? settings.Urls : findEndpointUrl(settings?.Kestrel);
  if (settingsUrl) {
    const url = parseUrl(settingsUrl.split(';').find((u) => u.startsWith('http:')) ?? settingsUrl);
    const at: Evidence = { file: settingsPath, line: lineOf(scope.files.read(settingsPath), settingsUrl), note: `Urls ${settingsUrl}` };
    if (url) return { port: { value: url.port, evidence: at }, host: { value: url.host, evidence: at }, fromCode: true };
  }
  const launchPath = joinPath(scope.directory, 'Properties/launchSettings.json');
  const launchText = scope.files.read(launchPath);
  const profiles = parseJson(launchText)?.profiles;
  if (profiles && typeof profiles === 'object') {
    for (const profile of Object.values(profiles as Record<string, Record<string, unknown>>)) {
      const variables = (profile.environmentVariables ?? {}) as Record<string, string>;
      const candidates = [variables.ASPNETCORE_HTTP_PORTS, variables.ASPNETCORE_URLS, typeof profile.applicationUrl === 'string' ? profile.applicationUrl : undefined];
      for (const candidate of candidates) {
        if (!candidate) continue;
        const first = candidate.split(';').find((u) => u.startsWith('http:')) ?? candidate.split(';')[0];
        const port = toPort(first) ?? parseUrl(first)?.port;
        if (port === undefined) continue;
        const at: Evidence = { file: launchPath, line: lineOf(launchText, candidate), note: `launch profile ${first}; the image listens there through ASPNETCORE_HTTP_PORTS` };
        return { port: { value: port, evidence: at }, fromCode: false };
      }
    }
  }
  return { fromCode: false };
}

function findEndpointUrl(kestrel: unknown): string | undefined {
  const endpoints = (kestrel as { Endpoints?: Record<string, { Url?: string }> } | undefined)?.Endpoints;
  return endpoints ? Object.values(endpoints).map((e) => e.Url).find((u): u is string => typeof u === 'string') : undefined;
}

function parseUrl(url: string): { host: string; port: number } | undefined {
  const match = /^https?:\/\/([^:/]+|\[[^\]]+\]):(\d+)/.exec(url.trim());
  if (!match) return undefined;
  const host = match[1] === '*' || match[1] === '+' ? '0.0.0.0' : match[1];
  const port = toPort(match[2]);
  return port === undefined ? undefined : { host, port };
}
