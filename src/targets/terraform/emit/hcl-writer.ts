// A small HCL syntax tree and its printer, formatted the way `terraform fmt` formats: two-space
// indent, `=` aligned across each run of consecutive one-line attributes (a multi-line value, a
// block, a comment or a blank line ends the run), one-line lists, multi-line objects.

export type HclValue =
  /** An expression already written as HCL text, on one line. */
  | { readonly kind: 'expr'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly HclValue[] }
  | { readonly kind: 'object'; readonly entries: readonly { readonly key: string; readonly value: HclValue }[] };

export type HclNode =
  | { readonly kind: 'attribute'; readonly name: string; readonly value: HclValue }
  | { readonly kind: 'block'; readonly type: string; readonly labels: readonly string[]; readonly body: readonly HclNode[] }
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'blank' };

export const expr = (text: string): HclValue => ({ kind: 'expr', text });
export const list = (items: readonly HclValue[]): HclValue => ({ kind: 'list', items });
export const object = (entries: readonly { key: string; value: HclValue }[]): HclValue => ({ kind: 'object', entries });
export const attribute = (name: string, value: HclValue): HclNode => ({ kind: 'attribute', name, value });
export const block = (type: string, labels: readonly string[], body: readonly HclNode[]): HclNode => ({ kind: 'block', type, labels, body });
export const comment = (text: string): HclNode => ({ kind: 'comment', text });
export const blank: HclNode = { kind: 'blank' };

/** Longest one-line list before it is written one item per line. */
const MAX_INLINE_LIST = 100;

/** A quoted HCL string literal; `${` and `%{` are escaped so nothing is interpolated. */
export function quote(text: string): string {
  return `"${escapeTemplateText(text)}"`;
}

/** Escapes literal text for the inside of a quoted template. */
export function escapeTemplateText(text: string): string {
  // Most strings (names, labels, images) need nothing escaped: they are kept as they are.
  if (!/[\\"\u0000-\u001f\u007f]|[$%]\{/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** An object key or attribute name: bare when it is an identifier, quoted otherwise. */
export function objectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && !['true', 'false', 'null', 'for', 'in', 'if'].includes(key) ? key : quote(key);
}

export function printFile(nodes: readonly HclNode[]): string {
  const lines: string[] = [];
  printBody(nodes, 0, lines);
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** Appends the lines of `nodes` to `lines`: nested blocks write into the same list, not into lists copied upwards. */
function printBody(nodes: readonly HclNode[], depth: number, lines: string[]): void {
  const pad = '  '.repeat(depth);
  let run: { name: string; value: string[] }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.name.length));
    for (const a of run) lines.push(`${pad}${a.name.padEnd(width)} = ${a.value[0]}`);
    run = [];
  };
  for (const node of nodes) {
    if (node.kind === 'attribute') {
      const value = printValue(node.value, depth);
      if (value.length === 1) {
        run.push({ name: node.name, value });
        continue;
      }
      flush();
      lines.push(`${pad}${node.name} = ${value[0]}`);
      for (let i = 1; i < value.length; i++) lines.push(value[i]);
      continue;
    }
    flush();
    if (node.kind === 'blank') lines.push('');
    else if (node.kind === 'comment') for (const l of node.text.split('\n')) lines.push(`${pad}# ${l}`.trimEnd());
    else {
      const header = [node.type, ...node.labels.map((l) => quote(l))].join(' ');
      if (node.body.length === 0) lines.push(`${pad}${header} {}`);
      else {
        lines.push(`${pad}${header} {`);
        printBody(node.body, depth + 1, lines);
        lines.push(`${pad}}`);
      }
    }
  }
  flush();
}

/** A value's lines; the first continues the line of its attribute, the rest are indented already. */
function printValue(value: HclValue, depth: number): string[] {
  const pad = '  '.repeat(depth);
  switch (value.kind) {
    case 'expr':
      return [value.text];
    case 'list': {
      if (value.items.length === 0) return ['[]'];
      const items = value.items.map((item) => printValue(item, depth + 1));
      const inline = `[${items.map((i) => i[0]).join(', ')}]`;
      if (items.every((i) => i.length === 1) && inline.length <= MAX_INLINE_LIST) return [inline];
      const lines = ['['];
      for (const item of items) {
        lines.push(`${pad}  ${item[0]}${item.length === 1 ? ',' : ''}`);
        for (let i = 1; i < item.length - 1; i++) lines.push(item[i]);
        if (item.length > 1) lines.push(`${item[item.length - 1]},`);
      }
      lines.push(`${pad}]`);
      return lines;
    }
    case 'object': {
      if (value.entries.length === 0) return ['{}'];
      const lines = ['{'];
      printBody(
        value.entries.map((e) => attribute(objectKey(e.key), e.value)),
        depth + 1,
        lines,
      );
      lines.push(`${pad}}`);
      return lines;
    }
  }
}
