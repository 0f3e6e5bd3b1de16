// Which user the shipped image runs as: the last USER of the final stage or of the stages it builds on,
// else the base image's default.
import { findDefaultNonRootUser, parseImageReference } from './image-reference.ts';
import { expandVariables, listShippedStages, type DockerInstruction, type ParsedDockerfile } from './parse-dockerfile.ts';

export interface EffectiveUser {
  /** `undefined` when no USER is set anywhere and the base image runs as root. */
  readonly value?: string;
  readonly at: DockerInstruction;
  readonly image: string;
}

export function findEffectiveUser(dockerfile: ParsedDockerfile): EffectiveUser | undefined {
  const chain = listShippedStages(dockerfile);
  if (chain.length === 0) return undefined;
  for (const stage of chain) {
    const users = stage.instructions.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (last) return { value: expandVariables(last.args[0] ?? '', collectStageVariables(stage.instructions, dockerfile.globalArgs)), at: last, image: stage.image };
  }
  const root = chain[chain.length - 1];
  const imageUser = findDefaultNonRootUser(parseImageReference(root.image));
  const final = chain[0];
  return imageUser ? { value: imageUser, at: final.from, image: root.image } : { at: final.from, image: root.image };
}

export function classifyUser(user: string): 'root' | 'numeric' | 'name' | 'variable' {
  const name = user.split(':')[0];
  if (name === 'root' || name === '0') return 'root';
  if (/^\d+$/.test(name)) return 'numeric';
  if (name.includes('$')) return 'variable';
  return 'name';
}

/** ARG and ENV values a stage declares, for `USER ${UID}` and `EXPOSE ${PORT}`. */
export function collectStageVariables(instructions: readonly DockerInstruction[], globalArgs: ReadonlyMap<string, string | undefined>): Map<string, string | undefined> {
  const values = new Map(globalArgs);
  for (const instruction of instructions) {
    if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
    for (const [name, value] of readKeyValues(instruction)) {
      if (value !== undefined || !values.has(name)) values.set(name, value);
    }
  }
  return values;
}

/** `ENV A=1 B="x y"`, the legacy `ENV A value`, and `ARG A[=default]`. */
export function readKeyValues(instruction: DockerInstruction): [string, string | undefined][] {
  const content = instruction.content.trim();
  if (instruction.keyword === 'ENV' && !/^[^\s=]+=/.test(content)) {
    const [name, ...rest] = content.split(/\s+/);
    return [[name, rest.join(' ')]];
  }
  const pairs: [string, string | undefined][] = [];
  const pattern = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const match of content.matchAll(pattern)) {
    const raw = match[2];
    pairs.push([match[1], raw === undefined ? undefined : unquote(raw)]);
  }
  return pairs;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) return value.slice(1, -1);
  return value;
}
