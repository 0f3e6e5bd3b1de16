// A literal block scalar (`|` or `|-`) of block YAML, read as the `yaml` package reads it, for berth's
// two fast readers (of its own files, and of berth.yaml). Undefined when the block needs the full
// parser: a blank line holding spaces, a line indented less than the block but more than its parent,
// no text, or a last line break the text does not have.

export interface BlockLine {
  readonly indent: number;
  /** The line without its indentation. */
  readonly content: string;
}

/**
 * The block whose first line is `lines[at]`, under a node indented `parent`; `clip` keeps one final
 * line break (`|`), otherwise none (`|-`). `next` is the first line after the block's last text.
 */
export function readLiteralBlock(
  lines: readonly BlockLine[],
  at: number,
  parent: number,
  clip: boolean,
  textEndsWithNewline: boolean,
): { text: string; next: number } | undefined {
  const first = lines[at];
  if (!first || first.content === '' || first.indent <= parent) return undefined;
  const indent = first.indent;
  const body: string[] = [];
  let next = at;
  let end = at;
  for (; next < lines.length; next++) {
    const line = lines[next];
    if (line.content === '') {
      if (line.indent > 0) return undefined;
      body.push('');
    } else if (line.indent >= indent) {
      body.push(`${' '.repeat(line.indent - indent)}${line.content}`);
      end = next + 1;
    } else if (line.indent > parent) {
      return undefined;
    } else {
      break;
    }
  }
  // The last line break is only there when the text has one after the block.
  if (end === lines.length && !textEndsWithNewline) return undefined;
  // Trailing blank lines are not the block's (clip and strip both drop them).
  const text = body.slice(0, end - at).join('\n');
  return { text: clip ? `${text}\n` : text, next: end };
}
