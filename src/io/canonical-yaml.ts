// A fast reader for the plain block YAML that berth writes (maps, lists, plain/quoted scalars, `|`
// blocks), used where whole trees of generated files are read back. It answers only when it is sure
// to agree with the `yaml` package (YAML 1.2 core schema); for anything else it says UNSURE and the
// caller parses with the full parser.
import { readLiteralBlock } from './yaml-literal-block.ts';

export const UNSURE = Symbol('canonical-yaml.unsure');

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

class Unsure extends Error {}
function unsure(): never {
  throw new Unsure();
}

interface Line {
  indent: number;
  content: string;
}

/** The value of a single-document YAML text, or UNSURE when it uses anything beyond the subset. */
export function readCanonicalYaml(text: string): Value | typeof UNSURE {
  if (/[\t\r]/.test(text)) return UNSURE;
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  if (raw[0] === '---') raw.shift();
  const lines: Line[] = raw.map((line) => {
    const content = line.trimStart();
    return { indent: line.length - content.length, content };
  });
  try {
    const reader = new Reader(lines);
    if (reader.peek()?.indent !== 0) return UNSURE;
    const value = reader.node(0);
    if (reader.peek() !== undefined) return UNSURE;
    return value;
  } catch (error) {
    if (error instanceof Unsure) return UNSURE;
    throw error;
  }
}

// The core schema's tags: a plain scalar that matches one is not a string.
const NON_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const KEY = /^([A-Za-z_][A-Za-z0-9_./:-]*|"[^"\\]*"):(?: (.*))?$/;

class Reader {
  at = 0;
  constructor(private readonly lines: readonly Line[]) {}

  /** The current line, past blank lines and whole-line comments (outside block scalars they mean nothing). */
  peek(): Line | undefined {
    while (this.at < this.lines.length && (this.lines[this.at].content === '' || this.lines[this.at].content.startsWith('#'))) this.at++;
    return this.lines[this.at];
  }

  /** The node whose first line is the current one, at `indent`. */
  node(indent: number): Value {
    const line = this.peek();
    if (!line || line.indent !== indent) unsure();
    if (line.content === '-' || line.content.startsWith('- ')) return this.sequence(indent);
    if (KEY.test(line.content)) return this.mapping(indent);
    unsure();
    return null;
  }

  private mapping(indent: number): Value {
    const result: { [key: string]: Value } = {};
    while (this.peek()?.indent === indent) {
      const match = KEY.exec(this.lines[this.at].content);
      if (!match) return unsure();
      const key = match[1].startsWith('"') ? match[1].slice(1, -1) : match[1];
      if (NON_STRING.some((pattern) => pattern.test(key)) || key === '__proto__' || Object.hasOwn(result, key)) unsure();
      result[key] = this.value(match[2], indent, true);
    }
    this.expectDedent(indent);
    return result;
  }

  private sequence(indent: number): Value {
    const result: Value[] = [];
    while (this.peek()?.indent === indent) {
      const line = this.lines[this.at];
      if (line.content === '-') unsure();
      if (!line.content.startsWith('- ')) break;
      const rest = line.content.slice(2);
      if (rest.startsWith('- ') || KEY.test(rest)) {
        // A compact nested node: it continues at the column where it starts.
        (this.lines as Line[])[this.at] = { indent: indent + 2, content: rest };
        result.push(this.node(indent + 2));
      } else {
        result.push(this.value(rest, indent, false));
      }
    }
    this.expectDedent(indent);
    return result;
  }

  /** The value after `key:` (or `- `); `rest` undefined when the line ends at the colon. */
  private value(rest: string | undefined, indent: number, inMapping: boolean): Value {
    this.at++;
    if (rest === undefined) {
      const next = this.peek();
      if (next && next.indent > indent) return this.node(next.indent);
      if (inMapping && next && next.indent === indent && next.content.startsWith('- ')) return this.sequence(indent);
      if (!inMapping) unsure();
      return null;
    }
    if (rest === '|' || rest === '|-') return this.block(indent, rest === '|');
    if (rest === '{}') return {};
    if (rest === '[]') return [];
    return scalar(rest);
  }

  /** A literal block scalar; `clip` keeps one final line break (`|`), otherwise none (`|-`). */
  private block(parent: number, clip: boolean): string {
    const block = readLiteralBlock(this.lines, this.at, parent, clip, true);
    if (!block) return unsure();
    this.at = block.next;
    return block.text;
  }

  private expectDedent(indent: number): void {
    const next = this.peek();
    if (next && next.indent > indent) unsure();
  }
}

function scalar(text: string): Value {
  if (text.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\["\\/bfnrt])*"$/.test(text)) unsure();
    return JSON.parse(text) as string;
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) unsure();
    return text.slice(1, -1).replace(/''/g, "'");
  }
  // `-` starts a plain scalar when a non-space follows it (`-path`); the other indicators never do here.
  if (/^[?:,[\]{}#&*!|>'"%@`~ ]/.test(text) || /^-(?: |$)/.test(text) || text.endsWith(' ') || text.endsWith(':') || text.includes(': ') || text.includes(' #')) unsure();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?(?:0|[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  if (/^[0-9]{1,15}\.[0-9]{1,15}$/.test(text)) return Number.parseFloat(text);
  if (NON_STRING.some((pattern) => pattern.test(text))) unsure();
  return text;
}

// The writer: block YAML exactly as the `yaml` package's stringify writes it with berth's options
// (indented lists, no line folding, no aliases), for the values it is sure about; undefined otherwise.

type Tag = { default?: boolean | string; tag: string; test?: RegExp };
const tagsByVersion = new Map<string, readonly Tag[]>();

/** The scalar tags other than str of a schema: a plain string they match must be quoted. */
function nonStringTags(version: '1.1' | '1.2', schema: { tags: readonly Tag[]; compat?: readonly Tag[] | null }): readonly Tag[] {
  let tags = tagsByVersion.get(version);
  if (!tags) {
    tags = [...schema.tags, ...(schema.compat ?? [])].filter((tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test);
    tagsByVersion.set(version, tags);
  }
  return tags;
}

// What the yaml package never writes plain (indicators, `: `, ` #`, trailing space or colon...).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** How a string is written: plain or quoted, and whether YAML 1.2 reads that back as the string; null when the writer cannot say. */
type Spelling = { readonly text: string; readonly readsBack: boolean } | null;

function spell(value: string, tags: readonly Tag[]): Spelling {
  if (!/^[\x20-\x7e]*$/.test(value) || /^(?:%|---|\.\.\.)/.test(value)) return null;
  if (NOT_PLAIN.test(value) || tags.some((tag) => tag.test!.test(value))) {
    // Single quotes for text with double quotes and no single one (JSON in a ConfigMap), as yaml does.
    if (value.includes('"') && !value.includes("'")) return { text: `'${value}'`, readsBack: true };
    return /["'\\]/.test(value) ? null : { text: `"${value}"`, readsBack: true };
  }
  return { text: value, readsBack: !NON_STRING.some((pattern) => pattern.test(value)) };
}

// The same keys and label values come back in every object of a tree: each string is spelt once
// per set of tags (a bounded number of them, so a long-lived process does not grow without end).
const spellingsByTags = new WeakMap<readonly Tag[], Map<string, Spelling>>();
const SPELLINGS_KEPT = 50_000;
const SPELT_LENGTH = 256;

class Writer {
  readonly lines: string[] = [];
  /** False once a plain string is one that YAML 1.2 reads as another type (`0o17`, plain in YAML 1.1). */
  readsBackAsValue = true;
  private readonly spellings: Map<string, Spelling>;

  constructor(
    private readonly tags: readonly Tag[],
    /** The order to write a map's keys in (`top` for the value itself); their own order without it. */
    private readonly keysOf?: (map: Record<string, unknown>, top: boolean) => readonly string[],
  ) {
    let spellings = spellingsByTags.get(tags);
    if (!spellings) spellingsByTags.set(tags, (spellings = new Map()));
    this.spellings = spellings;
  }

  /** A single-line string as a key (implicit keys are at most 1024 characters) or a value. */
  text(value: string, key = false): string {
    if (key && value.length > 1024) unsure();
    let spelling = this.spellings.get(value);
    if (spelling === undefined) {
      spelling = spell(value, this.tags);
      // Long text (a dashboard's JSON, a config file) rarely repeats: not worth keeping twice.
      if (value.length <= SPELT_LENGTH) {
        if (this.spellings.size >= SPELLINGS_KEPT) this.spellings.clear();
        this.spellings.set(value, spelling);
      }
    }
    if (spelling === null) return unsure();
    if (!spelling.readsBack) this.readsBackAsValue = false;
    return spelling.text;
  }

  scalar(value: unknown): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Object.is(value, -0)) unsure();
      return JSON.stringify(value);
    }
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value) && value.length === 0) return '[]';
    if (isPlainObject(value) && !hasDefinedValue(value)) return '{}';
    return unsure();
  }

  /** A value under a key (`key:` already on `head`) or list dash. */
  node(head: string, value: unknown, indent: string, afterDash: boolean): void {
    if (Array.isArray(value) && value.length > 0) {
      if (afterDash) this.sequence(value, indent, head);
      else {
        this.lines.push(head);
        this.sequence(value, `${indent}  `);
      }
    } else if (isPlainObject(value) && hasDefinedValue(value)) {
      if (afterDash) this.mapping(value, indent, head);
      else {
        this.lines.push(head);
        this.mapping(value, `${indent}  `);
      }
    } else if (typeof value === 'string' && value.includes('\n')) {
      this.literal(`${head}${afterDash ? '' : ' '}`, value, afterDash ? indent : `${indent}  `);
    } else {
      this.lines.push(`${head}${afterDash ? '' : ' '}${this.scalar(value)}`);
    }
  }

  /**
   * A multi-line string as the literal block the yaml package writes for it (`|` when it ends in one
   * line break, `|-` when it ends in none), its lines at `indent` and its empty lines empty. Strings
   * that would need an indentation indicator, kept final line breaks or quoting are not written here.
   */
  literal(head: string, value: string, indent: string): void {
    const clip = value.endsWith('\n');
    const body = clip ? value.slice(0, -1) : value;
    if (!/^[\x20-\x7e\n]*$/.test(value) || /^[ \n]/.test(value) || /[ \n]$/.test(body)) unsure();
    this.lines.push(`${head}|${clip ? '' : '-'}`);
    for (const line of body.split('\n')) this.lines.push(line === '' ? '' : `${indent}${line}`);
  }

  /** `first` replaces the indentation of the first line (`- ` of the list item holding it). */
  mapping(value: Record<string, unknown>, indent: string, first?: string, top = false): void {
    let lead = first ?? indent;
    const entry = (key: string) => {
      const child = value[key];
      if (child === undefined) return;
      // Read back, `__proto__` is no plain key.
      if (key === '__proto__') this.readsBackAsValue = false;
      this.node(`${lead}${this.text(key, true)}:`, child, indent, false);
      lead = indent;
    };
    // Keys one by one, not a list of entries: every map of every file passes here.
    if (this.keysOf) for (const key of this.keysOf(value, top)) entry(key);
    else for (const key in value) entry(key);
  }

  sequence(value: readonly unknown[], indent: string, first?: string): void {
    let lead = first ?? indent;
    for (const item of value) {
      if (item === undefined) unsure();
      this.node(`${lead}- `, item, `${indent}  `, true);
      lead = indent;
    }
  }
}

/** Whether a map has a key the writer writes (one whose value is not undefined), without listing its values. */
function hasDefinedValue(value: Record<string, unknown>): boolean {
  for (const key in value) if (value[key] !== undefined) return true;
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * `value` (a non-empty map or list) as the yaml package writes it with `lineWidth: 0, indentSeq: true,
 * aliasDuplicateObjects: false` and the given YAML version, or undefined when the value needs
 * anything this writer does not do (multi-line or non-ASCII strings, quotes inside quoted text...).
 */
export function writeCanonicalYaml(value: unknown, schema: { tags: readonly Tag[]; compat?: readonly Tag[] | null }, version: '1.1' | '1.2'): string | undefined {
  return writeCanonicalYamlText(value, schema, version)?.text;
}

/**
 * writeCanonicalYaml's text, and whether reading it back as YAML 1.2 (readCanonicalYaml, or the
 * yaml package's default) gives `value` again: callers that keep the value need not parse the text.
 * `keysOf` writes each map's keys in an order of the caller's (as if the value had been copied with
 * its keys in that order first).
 */
export function writeCanonicalYamlText(
  value: unknown,
  schema: { tags: readonly Tag[]; compat?: readonly Tag[] | null },
  version: '1.1' | '1.2',
  keysOf?: (map: Record<string, unknown>, top: boolean) => readonly string[],
): { text: string; readsBackAsValue: boolean } | undefined {
  const list = Array.isArray(value) && value.length > 0;
  if (!list && (!isPlainObject(value) || !hasDefinedValue(value))) return undefined;
  const writer = new Writer(nonStringTags(version, schema), keysOf);
  try {
    if (list) writer.sequence(value, '');
    else writer.mapping(value as Record<string, unknown>, '', undefined, true);
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
  return { text: `${writer.lines.join('\n')}\n`, readsBackAsValue: writer.readsBackAsValue };
}
