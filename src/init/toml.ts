// A small TOML reader for the manifests detection needs (Cargo.toml, pyproject.toml): tables, arrays
// of tables, dotted keys, strings, numbers, booleans, arrays and inline tables. Dates stay strings.
// Tolerant: a construct it cannot read ends parsing and what was read so far is returned.

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  const reader = new Reader(text);
  let current = root;
  try {
    for (;;) {
      reader.skipBlank();
      if (reader.done()) break;
      if (reader.peek() === '[') {
        const arrayTable = reader.startsWith('[[');
        reader.advance(arrayTable ? 2 : 1);
        const path = reader.readKey();
        reader.expect(arrayTable ? ']]' : ']');
        current = arrayTable ? appendTable(root, path) : openTable(root, path);
      } else {
        const path = reader.readKey();
        reader.expect('=');
        const value = reader.readValue();
        assign(current, path, value);
      }
      reader.endOfLine();
    }
  } catch {
    // Keep what was read: detection works with partial manifests.
  }
  return root;
}

function openTable(root: TomlTable, path: string[]): TomlTable {
  let table = root;
  for (const key of path) {
    let next = table[key];
    if (Array.isArray(next)) next = next[next.length - 1];
    if (next === undefined || typeof next !== 'object') {
      next = {};
      table[key] = next;
    }
    table = next as TomlTable;
  }
  return table;
}

function appendTable(root: TomlTable, path: string[]): TomlTable {
  const parent = openTable(root, path.slice(0, -1));
  const key = path[path.length - 1];
  const list = Array.isArray(parent[key]) ? (parent[key] as TomlValue[]) : [];
  const table: TomlTable = {};
  list.push(table);
  parent[key] = list;
  return table;
}

function assign(table: TomlTable, path: string[], value: TomlValue): void {
  const parent = openTable(table, path.slice(0, -1));
  parent[path[path.length - 1]] = value;
}

class Reader {
  private position = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.position >= this.text.length;
  }
  peek(): string {
    return this.text[this.position];
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.position);
  }
  advance(count: number): void {
    this.position += count;
  }
  expect(token: string): void {
    this.skipSpaces();
    if (!this.startsWith(token)) throw new Error(`expected ${token}`);
    this.position += token.length;
  }

  /** Spaces, tabs, newlines and comments. */
  skipBlank(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.position++;
      else if (c === '#') this.skipComment();
      else return;
    }
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.position++;
  }
  private skipComment(): void {
    while (!this.done() && this.peek() !== '\n') this.position++;
  }
  endOfLine(): void {
    this.skipSpaces();
    if (this.peek() === '#') this.skipComment();
    if (!this.done() && this.peek() !== '\n' && this.peek() !== '\r') throw new Error('expected end of line');
  }

  readKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"' || c === "'") parts.push(this.readString());
      else {
        const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.position, this.position + 200));
        if (!match) throw new Error('expected a key');
        parts.push(match[0]);
        this.position += match[0].length;
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.position++;
    }
  }

  readValue(): TomlValue {
    this.skipSpaces();
    const c = this.peek();
    if (c === '"' || c === "'") return this.readString();
    if (c === '[') return this.readArray();
    if (c === '{') return this.readInlineTable();
    const match = /^[^\s,\]}#]+/.exec(this.text.slice(this.position, this.position + 100));
    if (!match) throw new Error('expected a value');
    this.position += match[0].length;
    const word = match[0];
    if (word === 'true') return true;
    if (word === 'false') return false;
    const number = Number(word.replace(/_/g, ''));
    return Number.isFinite(number) && /^[+-]?[\d_.eE+-]+$/.test(word) ? number : word;
  }

  private readString(): string {
    const quote = this.peek();
    const triple = this.startsWith(quote.repeat(3));
    const delimiter = triple ? quote.repeat(3) : quote;
    this.position += delimiter.length;
    if (triple && this.peek() === '\n') this.position++;
    let value = '';
    while (!this.startsWith(delimiter)) {
      if (this.done() || (!triple && this.peek() === '\n')) throw new Error('unterminated string');
      const c = this.peek();
      if (c === '\\' && quote === '"') {
        const next = this.text[this.position + 1];
        const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        value += escapes[next] ?? next;
        this.position += 2;
      } else {
        value += c;
        this.position++;
      }
    }
    this.position += delimiter.length;
    return value;
  }

  private readArray(): TomlValue[] {
    this.position++;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.peek() === ']') {
        this.position++;
        return items;
      }
      items.push(this.readValue());
      this.skipBlank();
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== ']') throw new Error('expected , or ]');
    }
  }

  private readInlineTable(): TomlTable {
    this.position++;
    const table: TomlTable = {};
    for (;;) {
      this.skipBlank();
      if (this.peek() === '}') {
        this.position++;
        return table;
      }
      const path = this.readKey();
      this.expect('=');
      assign(table, path, this.readValue());
      this.skipBlank();
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== '}') throw new Error('expected , or }');
    }
  }
}

export function tableAt(value: TomlValue | undefined): TomlTable | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

export function stringsAt(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
