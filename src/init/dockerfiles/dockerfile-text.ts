// Small helpers so every generated Dockerfile is laid out the same way.

/** Joins the lines that are set (false/undefined drop out) and ends with one newline. */
export function renderLines(lines: readonly (string | false | undefined)[]): string {
  return `${lines.filter((l): l is string => typeof l === 'string').join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** Exec form: `["node", "server.js"]`. */
export function toExecForm(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/** The heading every generated Dockerfile starts with: what it builds and how. */
export function writeHeader(service: string, what: string, build: string): string[] {
  return [`# ${service}: ${what}`, `# Build: ${build}`, '# Runtime: non-root numeric USER, only the artefacts the process needs.'];
}
