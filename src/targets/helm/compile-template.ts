// A Value tree of the intermediate form → the YAML text of a Helm template. Literals are written as
// YAML, expressions as `{{ }}` actions, an `if` without else as a key or list item inside
// `{{- if }}…{{- end }}`, and label maps through the chart's label helpers.
import { InternalError } from '../../diagnostics.ts';
import { and, isExpr, not, or, type Expr, type Value } from '../../model/template.ts';
import { FULLNAME, NAMESPACE, RELEASE } from '../../model/template-object.ts';
import { compileExpression, flattenConcat, printValue, type ExpressionContext } from './compile-expression.ts';
import type { LabelHelpers } from './helpers-template.ts';
import { hasTemplateDelimiters, templateScalar } from './yaml-scalar.ts';

export interface TemplateContext extends ExpressionContext {
  readonly labels: LabelHelpers;
}

type IfExpr = Extract<Expr, { op: 'if' }>;
type Scalar = null | string | number | boolean;

const HEAD = ['apiVersion', 'kind', 'metadata'];
/** Where the common labels (with the tool labels Helm charts carry) belong. */
const LABEL_PATHS = ['metadata.labels', 'spec.template.metadata.labels'];
const SELECTOR_KEYS = ['labels', 'matchLabels', 'selector'];

/** The whole template file of one object, wrapped in `{{- if }}` when it exists only under a condition. */
export function compileObjectTemplate(body: Value, condition: Value | undefined, context: TemplateContext): string {
  if (!isRecord(body)) throw new InternalError('an object body must be a map');
  const lines: string[] = [];
  new TemplateWriter(context, lines).map(body, 0, []);
  if (condition === undefined) return `${lines.join('\n')}\n`;
  return [`{{- if ${compileExpression(condition, context).text} }}`, ...lines, '{{- end }}', ''].join('\n');
}

function isRecord(value: Value): value is { readonly [key: string]: Value } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isExpr(value);
}

function isIf(value: Value): value is IfExpr & Value {
  return isExpr(value) && (value as Expr).op === 'if';
}

/** True when the value can disappear from its parent (an `if` without else somewhere on its path). */
function mayVanish(value: Value): boolean {
  if (!isIf(value)) return false;
  return value.else === undefined || mayVanish(value.then) || mayVanish(value.else);
}

/** The condition under which a value is present, simplified (`true` when always). */
function presence(value: Value): Value {
  if (!isIf(value)) return true;
  const then = presence(value.then);
  const otherwise = value.else === undefined ? false : presence(value.else);
  return anyOf([allOf([value.condition, then]), allOf([not(value.condition), otherwise])]);
}

function allOf(values: Value[]): Value {
  if (values.some((v) => v === false)) return false;
  const rest = values.filter((v) => v !== true);
  return rest.length === 0 ? true : rest.length === 1 ? rest[0] : and(...rest);
}

function anyOf(values: Value[]): Value {
  if (values.some((v) => v === true)) return true;
  const rest = values.filter((v) => v !== false);
  return rest.length === 0 ? false : rest.length === 1 ? rest[0] : or(...rest);
}

function sortKeys(keys: string[], top: boolean): string[] {
  return keys.sort((a, b) => {
    const ia = top ? HEAD.indexOf(a) : -1;
    const ib = top ? HEAD.indexOf(b) : -1;
    if (ia !== -1 || ib !== -1) return (ia === -1 ? HEAD.length : ia) - (ib === -1 ? HEAD.length : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

const sameValue = (a: Value, b: Value) => isExpr(a) === isExpr(b) && JSON.stringify(a) === JSON.stringify(b);

/** A multi-line string that reads well as a `|` block and survives `{{-` trimming around it. */
function blockLines(text: string): string[] | undefined {
  if (!text.includes('\n') || hasTemplateDelimiters(text)) return undefined;
  // YAML 1.1 also breaks lines at NEL and U+2028/9; control characters need escapes.
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return undefined;
  const keep = text.endsWith('\n');
  const body = keep ? text.slice(0, -1) : text;
  const lines = body.split('\n');
  if (body.endsWith('\n') || /^[ \t\n]/.test(body) || lines.some((l) => /[ \t]$/.test(l))) return undefined;
  return [keep ? '|' : '|-', ...lines];
}

const BUILTINS = [FULLNAME, RELEASE, NAMESPACE];

/**
 * `{{ include "todo.fullname" . }}-backend`: a name written the way Helm charts usually write it,
 * unquoted. Only when YAML must read it back as that string: its dynamic parts are release-derived
 * DNS names or hex digests, and a literal `-<letter>` in it rules out numbers, booleans and null.
 */
function interpolation(value: Value, context: ExpressionContext): string | undefined {
  if (!isExpr(value) || (value as Expr).op !== 'concat') return undefined;
  const parts = flattenConcat((value as Extract<Expr, { op: 'concat' }>).parts);
  let marked = false;
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      if (!/^[-a-z0-9.]*$/.test(part)) return undefined;
      marked ||= /-[a-z]/.test(part);
      text += part;
    } else if (isExpr(part) && ((part as Expr).op === 'hash' || ((part as Expr).op === 'param' && BUILTINS.includes((part as { name: string }).name)))) {
      text += `{{ ${compileExpression(part, context).text} }}`;
    } else {
      return undefined;
    }
  }
  return marked ? text : undefined;
}

/**
 * Writes the lines of a template into one list, `out`: a nested map appends its lines where they go
 * rather than returning a list its parent would copy (every line of a deep object would be copied once
 * per level above it).
 */
class TemplateWriter {
  constructor(
    private readonly context: TemplateContext,
    private readonly out: string[],
  ) {}

  private condition(value: Value): string {
    return compileExpression(value, this.context).text;
  }

  private expression(value: Value): string {
    return interpolation(value, this.context) ?? printValue(compileExpression(value, this.context));
  }

  /** `{{- if c }}` then-lines `{{- else }}` else-lines `{{- end }}`. */
  private branches(value: IfExpr, indent: number, write: (branch: Value) => void): void {
    const pad = ' '.repeat(indent);
    this.out.push(`${pad}{{- if ${this.condition(value.condition)} }}`);
    write(value.then);
    if (value.else !== undefined) {
      this.out.push(`${pad}{{- else }}`);
      write(value.else);
    }
    this.out.push(`${pad}{{- end }}`);
  }

  /** A collection whose every member may vanish: Helm must still write `[]` / `{}`, as evaluate does. */
  private guarded(head: string, members: Value[], indent: number, empty: string, writeMembers: () => void): void {
    const pad = ' '.repeat(indent);
    const present = anyOf(members.map(presence));
    if (present === false) {
      this.out.push(`${head} ${empty}`);
      return;
    }
    this.out.push(head, `${pad}{{- if ${this.condition(present)} }}`);
    writeMembers();
    this.out.push(`${pad}{{- else }} ${empty}`, `${pad}{{- end }}`);
  }

  private scalarLines(head: string, value: Scalar, indent: number): void {
    const block = typeof value === 'string' ? blockLines(value) : undefined;
    if (!block) {
      this.out.push(`${head} ${templateScalar(value)}`);
      return;
    }
    const pad = ' '.repeat(indent + 2);
    this.out.push(`${head} ${block[0]}`);
    for (let i = 1; i < block.length; i++) this.out.push(block[i] === '' ? '' : `${pad}${block[i]}`);
  }

  /** The entries of a map, one per key, at `indent`; `path` is the map's (its keys are pushed and popped). */
  map(map: { readonly [key: string]: Value }, indent: number, path: string[]): void {
    const pad = ' '.repeat(indent);
    const keys = Object.keys(map);
    const at = path.join('.');
    const last = path[path.length - 1];
    const { common, selector } = this.context.labels;
    const contains = (entries: Record<string, Value>) => Object.entries(entries).every(([k, v]) => k in map && sameValue(map[k], v));
    let covered: string[] = [];
    if (LABEL_PATHS.includes(at) && contains(common.entries)) {
      this.out.push(`${pad}{{- include "${common.name}" . | nindent ${indent} }}`);
      covered = Object.keys(common.entries);
    } else if (SELECTOR_KEYS.includes(last) && contains(selector.entries)) {
      this.out.push(`${pad}{{- include "${selector.name}" . | nindent ${indent} }}`);
      covered = Object.keys(selector.entries);
    }
    for (const key of sortKeys(covered.length === 0 ? keys : keys.filter((k) => !covered.includes(k)), indent === 0)) {
      path.push(key);
      this.entry(key, map[key], indent, path);
      path.pop();
    }
  }

  private entry(key: string, value: Value, indent: number, path: string[]): void {
    const pad = ' '.repeat(indent);
    const head = `${pad}${templateScalar(key)}:`;
    if (isIf(value)) return this.branches(value, indent, (branch) => this.entry(key, branch, indent, path));
    if (isExpr(value)) return void this.out.push(`${head} ${this.expression(value)}`);
    if (Array.isArray(value)) return this.nestedList(head, value as readonly Value[], indent, path);
    if (isRecord(value)) {
      const members = Object.values(value);
      if (members.length === 0) return void this.out.push(`${head} {}`);
      const writeMembers = () => this.map(value, indent + 2, path);
      if (members.every(mayVanish)) return this.guarded(head, members, indent + 2, '{}', writeMembers);
      this.out.push(head);
      return writeMembers();
    }
    this.scalarLines(head, value as Scalar, indent);
  }

  /** A list under a key or a list item: `[]` when empty, guarded when every item may vanish. */
  private nestedList(head: string, items: readonly Value[], indent: number, path: string[]): void {
    if (items.length === 0) return void this.out.push(`${head} []`);
    const writeItems = () => {
      for (const item of items) this.item(item, indent + 2, path);
    };
    if (items.every(mayVanish)) return this.guarded(head, [...items], indent + 2, '[]', writeItems);
    this.out.push(head);
    writeItems();
  }

  private item(value: Value, indent: number, path: string[]): void {
    const pad = ' '.repeat(indent);
    const head = `${pad}-`;
    if (isIf(value)) return this.branches(value, indent, (branch) => this.item(branch, indent, path));
    if (isExpr(value)) return void this.out.push(`${head} ${this.expression(value)}`);
    if (Array.isArray(value)) return this.nestedList(head, value as readonly Value[], indent, path);
    if (isRecord(value)) {
      const members = Object.values(value);
      if (members.length === 0) return void this.out.push(`${head} {}`);
      if (members.every(mayVanish)) return this.guarded(head, members, indent + 2, '{}', () => this.map(value, indent + 2, path));
      const start = this.out.length;
      this.map(value, indent + 2, path);
      // `- key: value` on one line when the first entry is a plain line (not a template action).
      const first = this.out[start].slice(indent + 2);
      if (first.startsWith('{{')) this.out.splice(start, 0, head);
      else this.out[start] = `${head} ${first}`;
      return;
    }
    this.scalarLines(head, value as Scalar, indent);
  }
}
