// Arguments of a call as written (`listen(PORT, '0.0.0.0', () => {...})`), split at top-level commas,
// so an inference can look at the expression that gives a port or a host.

/** The arguments of the call whose `(` is at `open`; strings, brackets and nesting respected. */
export function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quote: string | undefined;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      current += c;
      if (c === '\\') current += text[++i] ?? '';
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      current += c;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
      current += c;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        if (current.trim()) args.push(current.trim());
        return args;
      }
      depth--;
      current += c;
    } else if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  return args;
}

/** `{ port: 8080, host: '0.0.0.0' }` → the expressions of those keys. */
export function objectProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return properties;
  for (const part of callArguments(trimmed, 0)) {
    const match = /^['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*([\s\S]+)$/.exec(part);
    if (match) properties.set(match[1], match[2].trim());
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) properties.set(part, part);
  }
  return properties;
}

/** The text of a string literal (`'x'`, `"x"`, `` `x` ``), when the expression is exactly one. */
export function stringLiteral(expression: string): string | undefined {
  const match = /^(['"`])([^'"`]*)\1$/.exec(expression.trim());
  return match ? match[2] : undefined;
}
