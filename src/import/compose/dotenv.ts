// `.env` / env_file text → ordered variables, in Compose's dotenv dialect: `KEY=value`, `export KEY=`,
// `KEY: value`, quotes (single: literal; double: escapes and interpolation), `#` comments, bare `KEY`.
import { InputError, type SourcePosition } from '../../diagnostics.ts';
import { interpolateString, type InterpolationScope } from './interpolate.ts';

export interface DotenvEntry {
  readonly name: string;
  /** Undefined for a bare `KEY` that the environment does not set. */
  readonly value: string | undefined;
  readonly position: SourcePosition;
}

export interface DotenvOptions {
  /** Variables `${...}` may refer to besides the ones defined earlier in the file. */
  readonly scope: InterpolationScope;
  /** `format: raw` env files are read without interpolation. */
  readonly raw?: boolean;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*/;

export function parseDotenv(text: string, file: string, options: DotenvOptions): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  const defined = new Map<string, string>();
  // The environment wins over values defined earlier in the file, as it does for the project.
  const scope: InterpolationScope = {
    lookup: (name) => options.scope.lookup(name) ?? defined.get(name),
    onUnset: options.scope.onUnset,
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = lines[index];
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = line.length - trimmed.length;
    const body = trimmed.startsWith('export ') ? trimmed.slice('export '.length).trimStart() : trimmed;
    const keyColumn = indent + (trimmed.length - body.length) + 1;
    const position: SourcePosition = { file, line: lineNumber, column: keyColumn };
    const key = KEY.exec(body)?.[0];
    if (!key) fail(file, position, `unexpected character ${JSON.stringify(body[0])} where a variable name should start`);
    let rest = body.slice(key.length).trimStart();
    if (rest === '' || rest.startsWith('#')) {
      entries.push({ name: key, value: options.scope.lookup(key), position });
      continue;
    }
    if (rest[0] !== '=' && rest[0] !== ':') fail(file, position, `expected "=" after ${key}`);
    rest = rest.slice(1).trimStart();
    const valueColumn = line.length - rest.length + 1;
    const positionAt = (i: number): SourcePosition => ({ file, line: lineNumber, column: valueColumn + i });
    let value: string;
    if (rest.startsWith("'") || rest.startsWith('"')) {
      const quote = rest[0];
      let collected = rest.slice(1);
      let close = findClosingQuote(collected, quote);
      while (close === -1 && index + 1 < lines.length) {
        index += 1;
        collected += `\n${lines[index]}`;
        close = findClosingQuote(collected, quote);
      }
      if (close === -1) fail(file, position, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value of ${key}`);
      const inner = collected.slice(0, close);
      value = quote === "'" ? inner : expandEscapes(inner, !options.raw);
      if (quote === '"' && !options.raw) value = interpolateString(value, scope, positionAt, `${key} in ${file}`);
    } else {
      const comment = rest.search(/\s#/);
      value = (comment === -1 ? rest : rest.slice(0, comment)).trim();
      if (!options.raw) value = interpolateString(value, scope, positionAt, `${key} in ${file}`);
    }
    defined.set(key, value);
    entries.push({ name: key, value, position });
  }
  return entries;
}

function findClosingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i += 1) {
    if (quote === '"' && text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

/** `\$` becomes `$$` when interpolation follows, so it stays a literal "$". */
function expandEscapes(text: string, interpolated: boolean): string {
  return text.replace(/\\([\\"nrt$])/g, (_, c: string) => (c === '$' && interpolated ? '$$' : ({ n: '\n', r: '\r', t: '\t' })[c] ?? c));
}

function fail(file: string, position: SourcePosition, message: string): never {
  throw new InputError(`${file}: ${message}`, [
    { code: 'compose-env-file', severity: 'error', message, position, hint: 'Write one KEY=value per line; quote values that contain spaces or "#".' },
  ]);
}

/** Entries → a map (a later definition of a name wins). */
export function dotenvMap(entries: readonly DotenvEntry[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) if (entry.value !== undefined) map.set(entry.name, entry.value);
  return map;
}
