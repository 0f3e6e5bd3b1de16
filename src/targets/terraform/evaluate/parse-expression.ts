// HCL expression text (as @cdktf/hcl2json returns it: every string is a template, `${...}` holds
// native syntax) → a syntax tree. Covers literals, templates, references, indexing, splats,
// function calls, operators, conditionals, tuple/object constructors and `for` expressions.

export type Node =
  | { readonly t: 'literal'; readonly value: unknown }
  | { readonly t: 'template'; readonly parts: readonly (string | Node)[] }
  | { readonly t: 'root'; readonly name: string }
  | { readonly t: 'attr'; readonly target: Node; readonly name: string }
  | { readonly t: 'index'; readonly target: Node; readonly key: Node }
  | { readonly t: 'splat'; readonly target: Node; readonly each: Node }
  /** The element a splat's traversal applies to. */
  | { readonly t: 'splat-item' }
  | { readonly t: 'call'; readonly name: string; readonly args: readonly Node[]; readonly expand: boolean }
  | { readonly t: 'unary'; readonly op: '!' | '-'; readonly operand: Node }
  | { readonly t: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly t: 'conditional'; readonly test: Node; readonly then: Node; readonly otherwise: Node }
  | { readonly t: 'tuple'; readonly items: readonly Node[] }
  | { readonly t: 'object'; readonly items: readonly { readonly key: Node; readonly value: Node }[] }
  | {
      readonly t: 'for';
      readonly kind: 'tuple' | 'object';
      readonly keyVar?: string;
      readonly valueVar: string;
      readonly collection: Node;
      readonly key?: Node;
      readonly value: Node;
      readonly condition?: Node;
      readonly group: boolean;
    };

export class HclSyntaxError extends Error {}

const BINARY_LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];
const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '=>', '<', '>', '+', '-', '*', '/', '%'];

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  fail(message: string): never {
    const before = this.src.slice(0, this.pos);
    const line = before.split('\n').length;
    throw new HclSyntaxError(`${message} at line ${line} of expression ${JSON.stringify(this.src.length > 120 ? `${this.src.slice(0, 120)}…` : this.src)}`);
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private startsWith(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  skip(newlines = true): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.pos++;
      else if (c === '#' || this.startsWith('//')) {
        while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
      } else if (this.startsWith('/*')) {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end === -1) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  private expect(text: string): void {
    this.skip();
    if (!this.startsWith(text)) this.fail(`expected "${text}"`);
    this.pos += text.length;
  }

  private accept(text: string): boolean {
    this.skip();
    if (this.startsWith(text)) {
      this.pos += text.length;
      return true;
    }
    return false;
  }

  atEnd(): boolean {
    this.skip();
    return this.pos >= this.src.length;
  }

  /** A whole JSON-syntax string: literal text with `${...}` interpolations. */
  parseOuterTemplate(): Node {
    const parts = this.templateParts(null);
    return simplifyTemplate(parts);
  }

  /** Template parts up to `terminator` (a closing quote), or to the end of the text when null. */
  private templateParts(terminator: string | null): (string | Node)[] {
    const parts: (string | Node)[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) {
        if (terminator !== null) this.fail('unterminated string');
        break;
      }
      const c = this.peek();
      if (terminator !== null && c === terminator) {
        this.pos++;
        break;
      }
      if (this.startsWith('$${')) {
        text += '${';
        this.pos += 3;
      } else if (this.startsWith('%%{')) {
        text += '%{';
        this.pos += 3;
      } else if (this.startsWith('${')) {
        this.pos += 2;
        if (this.peek() === '~') this.pos++;
        if (text) parts.push(text);
        text = '';
        parts.push(this.parseExpression());
        this.skip();
        if (this.peek() === '~') this.pos++;
        this.expect('}');
      } else if (this.startsWith('%{')) {
        this.fail('template directives (%{ }) are not supported');
      } else if (terminator !== null && c === '\\') {
        text += this.escape();
      } else if (terminator !== null && c === '\n') {
        this.fail('a quoted string cannot span lines');
      } else {
        text += c;
        this.pos++;
      }
    }
    if (text) parts.push(text);
    return parts;
  }

  private escape(): string {
    const next = this.peek(1);
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '"':
        return '"';
      case '\\':
        return '\\';
      case 'u':
      case 'U': {
        const length = next === 'u' ? 4 : 8;
        const hex = this.src.slice(this.pos, this.pos + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) this.fail('bad unicode escape');
        this.pos += length;
        return String.fromCodePoint(parseInt(hex, 16));
      }
      default:
        return this.fail(`unknown escape \\${next}`);
    }
  }

  parseExpression(): Node {
    this.skip();
    const test = this.binary(0);
    if (this.accept('?')) {
      const then = this.parseExpression();
      this.expect(':');
      const otherwise = this.parseExpression();
      return { t: 'conditional', test, then, otherwise };
    }
    return test;
  }

  private binary(level: number): Node {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skip();
      // The longest operator at this position decides (`<=` is not `<`, `=>` belongs to `for`).
      const op = OPERATORS.find((candidate) => this.startsWith(candidate));
      if (!op || !BINARY_LEVELS[level].includes(op)) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { t: 'binary', op, left, right };
    }
  }

  private unary(): Node {
    this.skip();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      return { t: 'unary', op: '!', operand: this.unary() };
    }
    if (this.peek() === '-' && !/[0-9]/.test(this.peek(1))) {
      this.pos++;
      return { t: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Node): Node {
    let node = target;
    for (;;) {
      this.skip(false);
      if (this.startsWith('...')) return node;
      if (this.startsWith('[*]') || (this.startsWith('[') && /^\[\s*\*\s*\]/.test(this.src.slice(this.pos)))) {
        this.pos = this.src.indexOf(']', this.pos) + 1;
        const each = this.traversal({ t: 'splat-item' });
        return { t: 'splat', target: node, each };
      }
      if (this.startsWith('.*')) {
        this.pos += 2;
        const each = this.traversal({ t: 'splat-item' }, true);
        return { t: 'splat', target: node, each };
      }
      if (this.peek() === '.') {
        this.pos++;
        const name = this.identifierOrIndex();
        node = /^[0-9]+$/.test(name) ? { t: 'index', target: node, key: { t: 'literal', value: Number(name) } } : { t: 'attr', target: node, name };
        continue;
      }
      if (this.peek() === '[') {
        this.pos++;
        const key = this.parseExpression();
        this.expect(']');
        node = { t: 'index', target: node, key };
        continue;
      }
      return node;
    }
  }

  /** The attribute and index steps after a splat, applied to each element. */
  private traversal(start: Node, attributesOnly = false): Node {
    let node = start;
    for (;;) {
      this.skip(false);
      if (this.peek() === '.' && this.peek(1) !== '*' && this.peek(1) !== '.') {
        this.pos++;
        const name = this.identifierOrIndex();
        node = /^[0-9]+$/.test(name) ? { t: 'index', target: node, key: { t: 'literal', value: Number(name) } } : { t: 'attr', target: node, name };
        continue;
      }
      if (!attributesOnly && this.peek() === '[' && !/^\[\s*\*/.test(this.src.slice(this.pos))) {
        this.pos++;
        const key = this.parseExpression();
        this.expect(']');
        node = { t: 'index', target: node, key };
        continue;
      }
      return node;
    }
  }

  private identifierOrIndex(): string {
    const match = /^([A-Za-z_][A-Za-z0-9_-]*|[0-9]+)/.exec(this.src.slice(this.pos));
    if (!match) this.fail('expected an attribute name');
    this.pos += match[0].length;
    return match[0];
  }

  private primary(): Node {
    this.skip();
    const c = this.peek();
    if (c === '"') {
      this.pos++;
      return simplifyTemplate(this.templateParts('"'));
    }
    if (this.startsWith('<<')) return this.heredoc();
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(this.peek(1)))) return this.number();
    if (c === '(') {
      this.pos++;
      const inner = this.parseExpression();
      this.expect(')');
      return inner;
    }
    if (c === '[') {
      this.pos++;
      return this.tuple();
    }
    if (c === '{') {
      this.pos++;
      return this.object();
    }
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!match) this.fail(`unexpected ${JSON.stringify(c || 'end of expression')}`);
    const name = match[0];
    this.pos += name.length;
    if (name === 'true' || name === 'false') return { t: 'literal', value: name === 'true' };
    if (name === 'null') return { t: 'literal', value: null };
    this.skip(false);
    if (this.peek() === '(') {
      this.pos++;
      const args: Node[] = [];
      let expand = false;
      for (;;) {
        if (this.accept(')')) break;
        args.push(this.parseExpression());
        if (this.accept('...')) expand = true;
        if (this.accept(',')) continue;
        this.expect(')');
        break;
      }
      return { t: 'call', name, args, expand };
    }
    return { t: 'root', name };
  }

  private number(): Node {
    const match = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
    if (!match) this.fail('bad number');
    this.pos += match[0].length;
    return { t: 'literal', value: Number(match[0]) };
  }

  private heredoc(): Node {
    const match = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(this.src.slice(this.pos));
    if (!match) this.fail('bad heredoc');
    this.pos += match[0].length;
    const marker = match[2];
    const lines: string[] = [];
    for (;;) {
      const end = this.src.indexOf('\n', this.pos);
      const line = this.src.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.src.length : end + 1;
      if (line.trim() === marker) break;
      if (end === -1) this.fail('unterminated heredoc');
      lines.push(line);
    }
    let body = lines;
    if (match[1] === '-') {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
      body = lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0));
    }
    const inner = new Parser(`${body.join('\n')}\n`);
    return simplifyTemplate(inner.templateParts(null));
  }

  private tuple(): Node {
    this.skip();
    if (this.startsWith('for') && /^for\s/.test(this.src.slice(this.pos))) return this.forExpression('tuple');
    const items: Node[] = [];
    for (;;) {
      if (this.accept(']')) break;
      items.push(this.parseExpression());
      if (this.accept(',')) continue;
      this.expect(']');
      break;
    }
    return { t: 'tuple', items };
  }

  private object(): Node {
    this.skip();
    if (this.startsWith('for') && /^for\s/.test(this.src.slice(this.pos))) return this.forExpression('object');
    const items: { key: Node; value: Node }[] = [];
    for (;;) {
      if (this.accept('}')) break;
      this.skip();
      let key: Node;
      const bare = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
      if (bare && /^\s*[=:]/.test(this.src.slice(this.pos + bare[0].length)) && !/^\s*==/.test(this.src.slice(this.pos + bare[0].length))) {
        this.pos += bare[0].length;
        key = { t: 'literal', value: bare[0] };
      } else key = this.parseExpression();
      this.skip();
      if (this.startsWith('=') && !this.startsWith('==')) this.pos++;
      else this.expect(':');
      const value = this.parseExpression();
      items.push({ key, value });
      this.skip(false);
      if (this.accept(',')) continue;
      this.skip();
      if (this.peek() === '}') continue;
      // Items may also be separated by newlines.
      if (this.src.slice(0, this.pos).match(/\n\s*$/)) continue;
      this.fail('expected "," or "}" between object items');
    }
    return { t: 'object', items };
  }

  private forExpression(kind: 'tuple' | 'object'): Node {
    this.pos += 3;
    this.skip();
    const first = this.identifierOrIndex();
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.accept(',')) {
      this.skip();
      keyVar = first;
      valueVar = this.identifierOrIndex();
    }
    this.skip();
    if (!this.startsWith('in')) this.fail('expected "in"');
    this.pos += 2;
    const collection = this.parseExpression();
    this.expect(':');
    let key: Node | undefined;
    let value = this.parseExpression();
    if (kind === 'object') {
      this.expect('=>');
      key = value;
      value = this.parseExpression();
    }
    const group = kind === 'object' && this.accept('...');
    let condition: Node | undefined;
    this.skip();
    if (this.startsWith('if') && /^if\s/.test(this.src.slice(this.pos))) {
      this.pos += 2;
      condition = this.parseExpression();
    }
    this.expect(kind === 'tuple' ? ']' : '}');
    return { t: 'for', kind, keyVar, valueVar, collection, key, value, condition, group };
  }
}

/** A template that is one interpolation and nothing else yields the value itself, unconverted. */
function simplifyTemplate(parts: (string | Node)[]): Node {
  if (parts.length === 0) return { t: 'literal', value: '' };
  if (parts.length === 1 && typeof parts[0] === 'string') return { t: 'literal', value: parts[0] };
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0];
  return { t: 'template', parts };
}

const cache = new Map<string, Node>();

/** A string value of hcl2json's output: literal text, or a template with `${...}`. */
export function parseTemplateString(text: string): Node {
  let node = cache.get(text);
  if (!node) {
    const parser = new Parser(text);
    node = parser.parseOuterTemplate();
    cache.set(text, node);
  }
  return node;
}

/** A bare HCL expression (`var.x > 1`). */
export function parseExpression(text: string): Node {
  const parser = new Parser(text);
  const node = parser.parseExpression();
  if (!parser.atEnd()) parser.fail('unexpected text after the expression');
  return node;
}
