// Compose variable interpolation: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
// ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, nested defaults, and $$ for a literal $.
import { InputError, type SourcePosition } from '../../diagnostics.ts';
import type { ComposeNode, ScalarNode } from './compose-node.ts';

export interface InterpolationScope {
  lookup(name: string): string | undefined;
  /** Called once per use of a variable that is not set and has no default. */
  onUnset(name: string, position: SourcePosition): void;
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** Interpolates one string; `positionAt(i)` maps a character index to where it was written. */
export function interpolateString(text: string, scope: InterpolationScope, positionAt: (index: number) => SourcePosition, what = 'value'): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end === -1) fail(`unclosed "\${" in ${what}: ${JSON.stringify(text)}`, positionAt(i), 'Close it with "}", or write "$$" for a literal "$".');
      const body = text.slice(i + 2, end);
      out += substitute(body, scope, positionAt, i, what, text);
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1));
    if (name) {
      out += valueOf(name[0], scope, positionAt(i));
      i += 1 + name[0].length;
      continue;
    }
    // A lone "$" (e.g. "$1" or a trailing "$") stays as written, as in Compose.
    out += '$';
    i += 1;
  }
  return out;
}

function substitute(body: string, scope: InterpolationScope, positionAt: (index: number) => SourcePosition, start: number, what: string, text: string): string {
  const name = NAME.exec(body)?.[0];
  const here = positionAt(start);
  const invalid = () =>
    fail(
      `invalid interpolation format in ${what}: "\${${body}}"`,
      here,
      'Use ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}, ${VAR:+alt} or ${VAR+alt}; write "$$" for a literal "$".',
    );
  if (!name) invalid();
  const rest = body.slice(name!.length);
  const value = scope.lookup(name!);
  const inner = (word: string) => interpolateString(word, scope, () => here, what);
  if (rest === '') return valueOf(name!, scope, here);
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(rest)?.[0];
  if (!operator) invalid();
  const word = rest.slice(operator!.length);
  switch (operator) {
    case ':-':
      return value === undefined || value === '' ? inner(word) : value;
    case '-':
      return value === undefined ? inner(word) : value;
    case ':?':
    case '?':
      if (value === undefined || (operator === ':?' && value === '')) {
        const message = inner(word);
        fail(
          `required variable ${name} is missing a value${message ? `: ${message}` : ''}`,
          here,
          `Set ${name} in the environment, in .env beside the Compose file, or in a file passed with --env-file (found in ${JSON.stringify(text)}).`,
          'compose-variable-required',
        );
      }
      return value!;
    case ':+':
      return value !== undefined && value !== '' ? inner(word) : '';
    default:
      return value !== undefined ? inner(word) : '';
  }
}

function valueOf(name: string, scope: InterpolationScope, position: SourcePosition): string {
  const value = scope.lookup(name);
  if (value === undefined) {
    scope.onUnset(name, position);
    return '';
  }
  return value;
}

/** Index of the "}" closing a "${" whose body starts at `from` (nested ${...} allowed), or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i += 1;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      depth += 1;
      i += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function fail(message: string, position: SourcePosition, hint: string, code = 'compose-interpolation'): never {
  throw new InputError(message, [{ code, severity: 'error', message, position, hint }]);
}

/** Interpolates every string value of a tree (keys are left alone, as Compose does). */
export function interpolateTree(node: ComposeNode, scope: InterpolationScope, path = ''): ComposeNode {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'string' && node.value.includes('$') ? interpolateScalar(node, scope, path) : node;
    case 'seq':
      return { ...node, items: node.items.map((item, index) => interpolateTree(item, scope, `${path}[${index}]`)) };
    case 'map':
      return {
        ...node,
        entries: node.entries.map((entry) => ({ ...entry, value: interpolateTree(entry.value, scope, path ? `${path}.${entry.key}` : entry.key) })),
      };
  }
}

function interpolateScalar(node: ScalarNode, scope: InterpolationScope, path: string): ScalarNode {
  const positionAt = (index: number): SourcePosition =>
    node.inlineOffset !== undefined ? { ...node.pos, column: node.pos.column + node.inlineOffset + index } : node.pos;
  return { ...node, value: interpolateString(String(node.value), scope, positionAt, path || 'value') };
}
