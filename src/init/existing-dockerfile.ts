// Facts init reads from a Dockerfile the repository already has: its numeric USER, EXPOSEd ports, the
// variables it sets and whether its command binds every interface. The file itself is never rewritten.
import { findEffectiveUser, parseDockerfile, type DockerInstruction, type ParsedDockerfile } from '../policy-dockerfile/index.ts';
import type { Evidence } from './detection.ts';

export interface DockerfileFacts {
  readonly path: string;
  readonly user?: number;
  readonly userName?: string;
  readonly exposes: readonly { port: number; evidence: Evidence }[];
  /** ENV of the shipped stage, with where each is set. */
  readonly env: ReadonlyMap<string, { value: string; evidence: Evidence }>;
  /** The CMD/ENTRYPOINT passes an all-interfaces address (0.0.0.0, ::, +). */
  readonly bindsAllInterfaces: boolean;
}

/** Names whose UID is fixed by the base image they come with. */
const KNOWN_USERS: readonly [RegExp, string, number][] = [
  [/^node(:|$)/, 'node', 1000],
  [/distroless|chainguard/, 'nonroot', 65532],
  [/nginx/, 'nginx', 101],
  [/dotnet\/(aspnet|runtime)/, 'app', 1654],
  [/dotnet\/(aspnet|runtime)/, '$APP_UID', 1654],
  [/dotnet\/(aspnet|runtime)/, '${APP_UID}', 1654],
];

export function readDockerfileFacts(path: string, text: string): DockerfileFacts {
  const parsed = parseDockerfile(text);
  const final = parsed.stages[parsed.stages.length - 1];
  const user = findEffectiveUser(parsed);
  let uid: number | undefined;
  let userName: string | undefined;
  if (user?.value !== undefined) {
    const name = user.value.split(':')[0];
    if (/^\d+$/.test(name)) uid = Number(name);
    else {
      const known = KNOWN_USERS.find(([image, userNameKnown]) => image.test(baseImage(parsed)) && userNameKnown === name);
      if (known) uid = known[2];
      else userName = user.value;
    }
  }
  const instructions = final?.instructions ?? [];
  const exposes = instructions
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.map((a) => ({ port: Number(a.split('/')[0]), evidence: at(path, i, `EXPOSE ${a}`) })))
    .filter((e) => Number.isInteger(e.port) && e.port > 0);
  const env = new Map<string, { value: string; evidence: Evidence }>();
  for (const instruction of instructions.filter((i) => i.keyword === 'ENV')) {
    for (const match of instruction.content.matchAll(/([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)/g)) {
      env.set(match[1], { value: match[2].replace(/^["']|["']$/g, ''), evidence: at(path, instruction, `ENV ${match[1]}=${match[2]}`) });
    }
  }
  const command = instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').map((i) => i.content).join(' ');
  return {
    path,
    ...(uid !== undefined ? { user: uid } : {}),
    ...(userName !== undefined ? { userName } : {}),
    exposes,
    env,
    bindsAllInterfaces: /0\.0\.0\.0|\[::\]|(^|[\s"'])::([\s"']|$)|\+:|\*:/.test(command),
  };
}

function baseImage(parsed: ParsedDockerfile): string {
  return parsed.stages[parsed.stages.length - 1]?.image ?? '';
}

function at(file: string, instruction: DockerInstruction, note: string): Evidence {
  return { file, line: instruction.line, note };
}
