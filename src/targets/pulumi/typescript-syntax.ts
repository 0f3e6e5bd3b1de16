// Spelling values and names as TypeScript source: string literals, object keys, identifiers that
// never collide, and the indentation of nested blocks.

/** Words a generated identifier must not take (keywords, and names the program itself uses). */
const RESERVED = new Set([
  'arguments', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default',
  'delete', 'do', 'else', 'enum', 'eval', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if',
  'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'module', 'new', 'null', 'package',
  'private', 'protected', 'public', 'require', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true',
  'try', 'typeof', 'undefined', 'var', 'void', 'while', 'with', 'yield', '__dirname', '__filename',
  'Number', 'String', 'Boolean', 'Object', 'Array', 'JSON', 'Math', 'Promise', 'process', 'exports',
  'pulumi', 'k8s', 'config',
]);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A single-quoted TypeScript string literal. */
export function quoteString(text: string): string {
  return `'${escapeCharacters(text, "'")}'`;
}

/** The inside of a template writeLiteral (between the backticks). */
export function escapeTemplateText(text: string): string {
  return escapeCharacters(text, '`').replace(/\$\{/g, '\\${');
}

function escapeCharacters(text: string, quote: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out;
}

/** An object key: bare when it is an identifier, quoted otherwise (`'app.kubernetes.io/name'`). */
export function quoteKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quoteString(key);
}

/** `backend-deployment` → `backendDeployment`; a leading digit gets an underscore. */
export function toCamelIdentifier(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
  const name = joined === '' ? '_' : joined;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Hands out identifiers that are unique in one program: `wanted`, else `wanted<suffix>`, else numbered. */
export class IdentifierPool {
  private readonly taken = new Set<string>(RESERVED);

  constructor(extraReserved: readonly string[] = []) {
    for (const name of extraReserved) this.taken.add(name);
  }

  take(wanted: string, suffix: string): string {
    let candidate = this.taken.has(wanted) ? `${wanted}${suffix}` : wanted;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${wanted}${suffix}${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** Indents every line of a block by two spaces. */
export function indent(block: string): string {
  // Every non-empty line, in one pass over the text: blocks nest, so each level indents it again.
  const rest = block.replace(/\n(?=[^\n])/g, '\n  ');
  return block === '' || block[0] === '\n' ? rest : `  ${rest}`;
}
