// Dockerfile text → stages of instructions with 1-based positions, flags and resolved build args.
// A thin layer over dockerfile-ast so that rules read plain data instead of the parser's classes.
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export interface DockerInstruction {
  /** Upper-case keyword: `FROM`, `RUN`, `COPY`... */
  readonly keyword: string;
  /** 1-based line and column of the keyword. */
  readonly line: number;
  readonly column: number;
  /** Arguments without flags, split as the builder splits them. */
  readonly args: readonly string[];
  /** The arguments as one string without flags (line continuations joined). */
  readonly content: string;
  /** `--from=build` → `{ from: 'build' }`. */
  readonly flags: Readonly<Record<string, string>>;
  /** Rule ids silenced by a `# berth:ignore=rule[,rule] reason` comment right above. */
  readonly ignored: readonly string[];
}

export interface DockerStage {
  readonly index: number;
  /** `AS <name>`, lower-cased as the builder compares it. */
  readonly name?: string;
  /** The image reference as written (variables resolved from global ARG defaults where possible). */
  readonly image: string;
  readonly from: DockerInstruction;
  readonly instructions: readonly DockerInstruction[];
}

export interface ParsedDockerfile {
  readonly stages: readonly DockerStage[];
  /** ARG defaults declared before the first FROM (usable in FROM lines). */
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
}

const IGNORE_COMMENT = /^#\s*berth:ignore=([a-z0-9,-]+)/;

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const globalArgs = new Map<string, string | undefined>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs.set(property.getName(), property.getValue() ?? undefined);
  }
  const stages: DockerStage[] = [];
  let current: { name?: string; image: string; from: DockerInstruction; instructions: DockerInstruction[] } | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const parsed = toInstruction(instruction, lines);
    if (parsed.keyword === 'FROM') {
      if (current) stages.push({ index: stages.length, ...current });
      const [image = '', as, name] = parsed.args;
      current = {
        image: expandVariables(image, globalArgs),
        ...(as?.toUpperCase() === 'AS' && name ? { name: name.toLowerCase() } : {}),
        from: parsed,
        instructions: [],
      };
    } else if (current) {
      current.instructions.push(parsed);
    }
  }
  if (current) stages.push({ index: stages.length, ...current });
  return { stages, globalArgs };
}

function toInstruction(instruction: Instruction, lines: readonly string[]): DockerInstruction {
  const start = instruction.getRange().start;
  const flags: Record<string, string> = {};
  const withFlags = instruction as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName().toLowerCase()] = flag.getValue() ?? '';
  return {
    keyword: instruction.getKeyword().toUpperCase(),
    line: start.line + 1,
    column: start.character + 1,
    args: instruction.getArguments().map((a) => a.getValue()),
    content: instruction.getArgumentsContent() ?? '',
    flags,
    ignored: readIgnoredRules(lines, start.line),
  };
}

/** Rules named by the comment lines directly above the instruction (0-based line). */
function readIgnoredRules(lines: readonly string[], line: number): string[] {
  const rules: string[] = [];
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i].trim();
    if (!text.startsWith('#')) break;
    const match = IGNORE_COMMENT.exec(text);
    if (match) rules.push(...match[1].split(',').filter(Boolean));
  }
  return rules;
}

/** `${NAME}`, `${NAME:-default}` and `$NAME`, from the given values; unknown names stay as written. */
export function expandVariables(value: string, values: ReadonlyMap<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    const known = values.get(name);
    if (known !== undefined && known !== '') return known;
    if (fallback !== undefined) return fallback as string;
    return whole;
  });
}

/** The stage a `FROM <name>` or `COPY --from=<name|index>` refers to, if it is one. */
export function findStage(stages: readonly DockerStage[], reference: string, before: number): DockerStage | undefined {
  if (/^\d+$/.test(reference)) return stages[Number(reference)];
  const name = reference.toLowerCase();
  return stages.slice(0, before).find((s) => s.name === name);
}

/** The final stage and every stage it is built on (`FROM <stage>`), final first: what ships. */
export function listShippedStages(parsed: ParsedDockerfile): DockerStage[] {
  const chain: DockerStage[] = [];
  let stage = parsed.stages[parsed.stages.length - 1];
  while (stage && !chain.includes(stage)) {
    chain.push(stage);
    stage = findStage(parsed.stages, stage.image, stage.index) as DockerStage;
  }
  return chain;
}
