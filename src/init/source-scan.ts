// Reading source the way detection needs it: the files of one project, line by line, with the
// position of every match so each inference can cite file:line.
import { posix } from 'node:path';
import type { Evidence } from './detection.ts';
import type { RepositoryFiles } from './repository-files.ts';

export interface LineMatch {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly match: RegExpMatchArray;
  /** The whole source line, trimmed. */
  readonly text: string;
}

/** The files of one project: under its directory, outside nested projects, tests excluded. */
export interface ProjectScope {
  readonly files: RepositoryFiles;
  readonly directory: string;
  readonly paths: readonly string[];
}

const TEST_PATH = /(^|\/)(tests?|__tests__|spec|testdata|fixtures|e2e|cypress|playwright)\/|(_test\.go|\.(test|spec)\.[cm]?[jt]sx?|(^|\/)test_[^/]*\.py|_test\.py|Tests?\.(java|kt|cs))$|(^|\/)src\/test\//;

export function createScope(files: RepositoryFiles, directory: string, nestedProjects: readonly string[]): ProjectScope {
  const prefix = directory ? `${directory}/` : '';
  const nested = nestedProjects.filter((d) => d !== directory && (directory === '' || d.startsWith(prefix))).map((d) => `${d}/`);
  const paths = files.list().filter((p) => p.startsWith(prefix) && !nested.some((n) => p.startsWith(n)) && !TEST_PATH.test(p.slice(prefix.length)));
  return { files, directory, paths };
}

export function withExtensions(scope: ProjectScope, extensions: readonly string[]): string[] {
  return scope.paths.filter((p) => extensions.some((e) => p.endsWith(e)));
}

/** Every match of `pattern` on every line of the given files, in file then line order. */
export function scanLines(files: RepositoryFiles, paths: readonly string[], pattern: RegExp): LineMatch[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const matches: LineMatch[] = [];
  for (const file of paths) {
    const text = files.read(file);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    lines.forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('//') || trimmed.startsWith('#') && !trimmed.startsWith('#[') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return;
      for (const match of line.matchAll(global)) matches.push({ file, line: index + 1, match, text: trimmed });
    });
  }
  return matches;
}

export function firstMatch(files: RepositoryFiles, paths: readonly string[], pattern: RegExp): LineMatch | undefined {
  return scanLines(files, paths, pattern)[0];
}

/** Matches that may span lines (an argument list broken over lines): positions map back to lines. */
export function scanText(files: RepositoryFiles, paths: readonly string[], pattern: RegExp): LineMatch[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const matches: LineMatch[] = [];
  for (const file of paths) {
    const text = files.read(file);
    if (text === undefined) continue;
    for (const match of text.matchAll(global)) {
      const line = lineAt(text, match.index ?? 0);
      matches.push({ file, line, match, text: (text.split(/\r?\n/)[line - 1] ?? '').trim() });
    }
  }
  return matches;
}

export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** 1-based line of the first occurrence of `needle`, or 0 when the file as a whole is the evidence. */
export function lineOf(text: string | undefined, needle: string | RegExp): number {
  if (text === undefined) return 0;
  const index = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
  return index < 0 ? 0 : lineAt(text, index);
}

export function citeLine(match: Pick<LineMatch, 'file' | 'line'>, note: string): Evidence {
  return { file: match.file, line: match.line, note };
}

export function joinPath(directory: string, path: string): string {
  return directory ? posix.join(directory, path) : posix.normalize(path);
}

export function relativeTo(directory: string, path: string): string {
  return directory ? posix.relative(directory, path) : path;
}

export function dirnameOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

export function basenameOf(path: string): string {
  return posix.basename(path);
}

export function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(stripJsonComments(text));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** launchSettings.json and tsconfig-style files allow comments and trailing commas. */
function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/** A port number as written, when it is one. */
export function toPort(value: string | number | undefined): number | undefined {
  const port = typeof value === 'number' ? value : value !== undefined && /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
}

export function isLoopback(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i.test(host.trim());
}
