// berth.yaml text → its value and where each node was written. Specs are short YAML with block and
// flow collections, plain and quoted scalars and `|` blocks, which this reader parses directly; for
// anything else (anchors, tags, folded or multi-line scalars, duplicate keys, a syntax error...) it
// answers undefined and the caller parses with the `yaml` package, whose answers it otherwise gives
// exactly (YAML 1.2 core schema; spec-yaml.test.ts compares both on every spec in the repository).
// The `yaml` package takes most of a short command's time to parse a spec on a cold start.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { readLiteralBlock } from '../io/yaml-literal-block.ts';

/** A node of the document: where it starts (as `yaml` reports it) and what it holds. */
export type SourceNode =
  | { readonly kind: 'map'; readonly offset: number; readonly entries: readonly SourceEntry[] }
  | { readonly kind: 'seq'; readonly offset: number; readonly items: readonly (SourceNode | undefined)[] }
  | { readonly kind: 'scalar'; readonly offset: number };

export interface SourceEntry {
  readonly key: string;
  readonly keyOffset: number;
  readonly value: SourceNode | undefined;
}

export interface ReadYaml {
  readonly value: unknown;
  readonly root: SourceNode | undefined;
}

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

class Unsure extends Error {}
function unsure(): never {
  throw new Unsure();
}

/** The value and nodes of a spec, or undefined when the text needs the full parser. */
export function readSpecYaml(text: string): ReadYaml | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/** The nodes of a document the `yaml` package parsed, in the same form. */
export function sourceTreeOf(node: unknown): SourceNode | undefined {
  if (isMap(node)) {
    const entries: SourceEntry[] = [];
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.range) entries.push({ key: String(pair.key.value), keyOffset: pair.key.range[0], value: sourceTreeOf(pair.value) });
    }
    return { kind: 'map', offset: node.range?.[0] ?? 0, entries };
  }
  if (isSeq(node)) return { kind: 'seq', offset: node.range?.[0] ?? 0, items: node.items.map((item) => sourceTreeOf(item)) };
  const range = (node as Node | null | undefined)?.range;
  return range ? { kind: 'scalar', offset: range[0] } : undefined;
}

/** 1-based line and column of offsets in a text, as the `yaml` package's LineCounter gives them. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }
}

// Plain scalars the core schema reads as something other than a string (beyond the forms handled).
const NON_STRING = [
  /^(?:~|[Nn]ull|NULL)$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^[-+]?(?:0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$/,
  /^[-+]?(?:\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/,
];
const PLAIN_KEY = /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/;

interface Line {
  /** Offset of the line's first character in the text. */
  readonly start: number;
  readonly indent: number;
  /** The line without its indentation and without a trailing comment. */
  readonly content: string;
}

class Reader {
  private readonly lines: Line[] = [];
  private at = 0;

  constructor(private readonly text: string) {
    let start = 0;
    for (const raw of text.split('\n')) {
      const content = raw.trimStart();
      this.lines.push({ start, indent: raw.length - content.length, content });
      start += raw.length + 1;
    }
  }

  document(): ReadYaml {
    let line = this.peek();
    if (line && line.indent === 0 && (line.content === '---' || line.content.startsWith('--- '))) {
      if (uncomment(line.content.slice(3)).trim() !== '') unsure();
      this.at++;
      line = this.peek();
    }
    if (!line) return { value: null, root: undefined };
    if (line.indent !== 0) unsure();
    const [value, root] = this.node(0);
    if (this.peek() !== undefined) unsure();
    return { value, root };
  }

  /** The current line, past blank lines and whole-line comments. */
  private peek(): Line | undefined {
    while (this.at < this.lines.length) {
      const content = this.lines[this.at].content;
      if (content !== '' && !content.startsWith('#')) break;
      this.at++;
    }
    return this.lines[this.at];
  }

  /** A block node whose first line is the current one, at `indent`. */
  private node(indent: number): [Value, SourceNode] {
    const line = this.peek();
    if (!line || line.indent !== indent) unsure();
    if (isDash(line.content)) return this.sequence(indent);
    return this.mapping(indent);
  }

  private mapping(indent: number, firstColumnContent?: string): [Value, SourceNode] {
    const value: { [key: string]: Value } = {};
    const entries: SourceEntry[] = [];
    let offset = -1;
    let first = firstColumnContent;
    while (true) {
      const line = first === undefined ? this.peek() : this.lines[this.at];
      if (!line || (first === undefined && line.indent !== indent)) break;
      const content = first ?? line.content;
      const contentStart = offsetOf(line, content);
      first = undefined;
      const { key, length } = readKey(content);
      if (key === '__proto__' || Object.hasOwn(value, key)) unsure();
      if (offset < 0) offset = contentStart;
      const [child, node] = this.valueAfter(content.slice(length), contentStart + length, indent, true);
      value[key] = child;
      entries.push({ key, keyOffset: contentStart, value: node });
    }
    this.expectDedent(indent);
    return [value, { kind: 'map', offset, entries }];
  }

  private sequence(indent: number, firstColumnContent?: string): [Value, SourceNode] {
    const value: Value[] = [];
    const items: (SourceNode | undefined)[] = [];
    let offset = -1;
    let first = firstColumnContent;
    while (true) {
      const line = first === undefined ? this.peek() : this.lines[this.at];
      if (!line || (first === undefined && line.indent !== indent)) break;
      const content = first ?? line.content;
      if (!isDash(content)) break;
      const dashAt = offsetOf(line, content);
      first = undefined;
      if (offset < 0) offset = dashAt;
      const rest = content.slice(1);
      const spaces = rest.length - rest.trimStart().length;
      const item = rest.trimStart();
      const itemAt = dashAt + 1 + spaces;
      const column = itemAt - line.start;
      if (isDash(item)) {
        // `- - x`: a list inside the list item, continuing at the column where it starts.
        const [child, node] = this.sequence(column, item);
        value.push(child);
        items.push(node);
      } else if (startsWithKey(item)) {
        const [child, node] = this.mapping(column, item);
        value.push(child);
        items.push(node);
      } else {
        const [child, node] = this.valueAfter(rest, dashAt + 1, indent, false);
        value.push(child);
        items.push(node);
      }
    }
    this.expectDedent(indent);
    return [value, { kind: 'seq', offset, items }];
  }

  /**
   * The value after `key:` or `-`: `rest` is the rest of the line from `restAt`. Empty → the nested
   * block below (or null), else a scalar, a flow collection or a `|` block.
   */
  private valueAfter(rest: string, restAt: number, indent: number, inMapping: boolean): [Value, SourceNode | undefined] {
    const line = this.lines[this.at];
    this.at++;
    const spaces = rest.length - rest.trimStart().length;
    const body = uncomment(rest).trim();
    const bodyAt = restAt + spaces;
    if (body === '') {
      const next = this.peek();
      if (next && next.indent > indent) return this.node(next.indent);
      if (inMapping && next && next.indent === indent && isDash(next.content)) return this.sequence(indent);
      return [null, { kind: 'scalar', offset: bodyAt }];
    }
    if (inMapping && spaces === 0) unsure();
    if (body.startsWith('{') || body.startsWith('[')) {
      const flow = new Flow(this.text, bodyAt);
      const result = flow.collection();
      // Only a comment may follow on the line, and the collection must close on it.
      if (flow.at > line.start + line.indent + line.content.length || uncomment(this.text.slice(flow.at, lineEnd(this.text, flow.at))).trim() !== '') unsure();
      return result;
    }
    if (body === '|' || body === '|-') return [this.block(indent, body === '|'), { kind: 'scalar', offset: bodyAt }];
    const next = this.peek();
    // A plain scalar continued on the next line (folded into one): left to the full parser.
    if (next && next.indent > indent && !body.startsWith('"') && !body.startsWith("'")) unsure();
    return [blockScalar(body), { kind: 'scalar', offset: bodyAt }];
  }

  /** A literal block scalar; `clip` keeps one final line break (`|`), otherwise none (`|-`). */
  private block(parent: number, clip: boolean): string {
    const block = readLiteralBlock(this.lines, this.at, parent, clip, this.text.endsWith('\n'));
    if (!block) return unsure();
    this.at = block.next;
    return block.text;
  }

  private expectDedent(indent: number): void {
    const next = this.peek();
    if (next && next.indent > indent) unsure();
  }
}

/** A flow collection (`{ a: 1, b: [x, y] }`), read from an offset of the whole text. */
class Flow {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  collection(): [Value, SourceNode] {
    const offset = this.at;
    if (this.text[this.at] === '{') {
      const value: { [key: string]: Value } = {};
      const entries: SourceEntry[] = [];
      this.items('}', () => {
        const keyOffset = this.at;
        const key = this.scalarText(true);
        if (typeof key !== 'string' || key === '__proto__' || Object.hasOwn(value, key)) unsure();
        if (this.text[this.at] !== ':') unsure();
        this.at++;
        if (this.text[this.at] !== ' ') unsure();
        this.space();
        const [child, node] = this.value();
        value[key] = child;
        entries.push({ key, keyOffset, value: node });
      });
      return [value, { kind: 'map', offset, entries }];
    }
    const value: Value[] = [];
    const items: SourceNode[] = [];
    this.items(']', () => {
      const [child, node] = this.value();
      value.push(child);
      items.push(node);
    });
    return [value, { kind: 'seq', offset, items }];
  }

  /** From the opening bracket to `close`: each item read by `item`, separated by `,`, no trailing comma. */
  private items(close: '}' | ']', item: () => void): void {
    this.at++;
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return;
    }
    while (true) {
      item();
      this.space();
      if (this.text[this.at] === close) {
        this.at++;
        return;
      }
      if (this.text[this.at] !== ',') unsure();
      this.at++;
      this.space();
      if (this.text[this.at] === close) unsure();
    }
  }

  private value(): [Value, SourceNode] {
    const char = this.text[this.at];
    if (char === '{' || char === '[') return this.collection();
    const offset = this.at;
    const text = this.scalarText(false);
    return [text, { kind: 'scalar', offset }];
  }

  /** A scalar inside a flow collection: quoted, or plain up to `,` `]` `}` or `: `. */
  private scalarText(isKey: boolean): Value {
    const char = this.text[this.at];
    if (char === '"' || char === "'") {
      const end = quotedEnd(this.text, this.at);
      const value = quoted(this.text.slice(this.at, end));
      this.at = end;
      return value;
    }
    const start = this.at;
    while (this.at < this.text.length) {
      const c = this.text[this.at];
      if (c === ',' || c === ']' || c === '}' || c === '\n' || c === '[' || c === '{') break;
      if (c === ':' && (isKey || this.text[this.at + 1] === ' ' || this.text[this.at + 1] === ',')) break;
      if (c === '#' && this.text[this.at - 1] === ' ') unsure();
      this.at++;
    }
    const raw = this.text.slice(start, this.at);
    const trimmed = raw.trimEnd();
    this.at = start + trimmed.length;
    if (trimmed === '') unsure();
    const value = plain(trimmed, true);
    if (isKey && typeof value !== 'string') unsure();
    return value;
  }

  private space(): void {
    while (this.text[this.at] === ' ') this.at++;
    // A line break inside a flow collection: left to the full parser.
    if (this.text[this.at] === '\n') unsure();
  }
}

/** Where `tail`, the end of a line's content (all of it, or what follows a list dash), starts in the text. */
function offsetOf(line: Line, tail: string): number {
  return line.start + line.indent + line.content.length - tail.length;
}

function isDash(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

function startsWithKey(content: string): boolean {
  try {
    readKey(content);
    return true;
  } catch (error) {
    if (error instanceof Unsure) return false;
    throw error;
  }
}

/** The key at the start of a block mapping line, and the length of `key:`. */
function readKey(content: string): { key: string; length: number } {
  if (content.startsWith('"') || content.startsWith("'")) {
    const end = quotedEnd(content, 0);
    if (content[end] !== ':') unsure();
    const key = quoted(content.slice(0, end));
    return { key, length: end + 1 };
  }
  const colon = content.indexOf(':');
  if (colon <= 0) unsure();
  const key = content.slice(0, colon);
  if (!PLAIN_KEY.test(key) || NON_STRING.some((pattern) => pattern.test(key))) unsure();
  const after = content[colon + 1];
  if (after !== undefined && after !== ' ') unsure();
  return { key, length: colon + 1 };
}

/** The offset just past the closing quote of a single-line quoted scalar starting at `start`. */
function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  let at = start + 1;
  while (at < text.length) {
    const c = text[at];
    if (c === '\n') unsure();
    if (quote === '"' && c === '\\') {
      at += 2;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[at + 1] === "'") {
        at += 2;
        continue;
      }
      return at + 1;
    }
    at++;
  }
  return unsure();
}

function quoted(text: string): string {
  if (text.startsWith('"')) {
    // JSON's escapes only; YAML's others (\x, \0, \e...) are left to the full parser.
    if (!/^"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"$/.test(text)) unsure();
    return JSON.parse(text) as string;
  }
  return text.slice(1, -1).replace(/''/g, "'");
}

/** A scalar written alone on a block line (after `key: ` or `- `), comment already removed. */
function blockScalar(body: string): Value {
  if (body.startsWith('"') || body.startsWith("'")) {
    const end = quotedEnd(body, 0);
    if (end !== body.length) unsure();
    return quoted(body);
  }
  return plain(body, false);
}

/** A plain scalar resolved by the core schema, for the forms whose reading is certain. */
function plain(text: string, inFlow: boolean): Value {
  // `-` may start a plain scalar when a non-space follows it (`-1`, `--port`); the other indicators never do here.
  if (/^[?:,[\]{}#&*!|>'"%@`]/.test(text) || /^-(?: |$)/.test(text)) unsure();
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) unsure();
  if (inFlow && /[[\]{},]/.test(text)) unsure();
  if (/^(?:%|---|\.\.\.)/.test(text)) unsure();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~') return null;
  if (/^(?:0|-?[1-9][0-9]{0,14})$/.test(text)) return Number(text);
  if (/^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/.test(text)) return Number.parseFloat(text);
  if (NON_STRING.some((pattern) => pattern.test(text))) unsure();
  return text;
}

/** `rest` without a trailing ` # comment` (outside quotes). */
function uncomment(rest: string): string {
  let quote: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && (i === 0 || rest[i - 1] === ' ' || rest[i - 1] === '[' || rest[i - 1] === '{' || rest[i - 1] === ',')) {
      quote = c;
    } else if (c === '#' && (i === 0 || rest[i - 1] === ' ')) {
      return rest.slice(0, i);
    }
  }
  return rest;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

