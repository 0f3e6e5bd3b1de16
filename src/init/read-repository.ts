// The filesystem side of `berth init`: a directory on disk as RepositoryFiles (read lazily, text only),
// and its git tags and remote. Commands use this; detection itself never touches the disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RepositoryHistory } from './detect-repository.ts';
import { IGNORED_DIRECTORIES, type RepositoryFiles } from './repository-files.ts';

/** Files larger than this are never source that detection needs (lock files stay under it). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function readRepository(directory: string): RepositoryFiles {
  const paths: string[] = [];
  const walk = (relative: string) => {
    const entries = readdirSync(join(directory, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name)) walk(path);
      } else if (entry.isFile()) {
        paths.push(path);
      }
    }
  };
  walk('');
  paths.sort();
  const cache = new Map<string, string | undefined>();
  return {
    list: () => [...paths],
    read(path) {
      if (!cache.has(path)) cache.set(path, readText(join(directory, path)));
      return cache.get(path);
    },
  };
}

function readText(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return undefined;
    const buffer = readFileSync(file);
    if (buffer.includes(0)) return undefined;
    return buffer.toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Tags and the forge repository (`owner/name` of the `origin` remote) from the repository's `.git`
 * (a folder, or a worktree's `gitdir:` file). Nothing when there is no git data: it only helps.
 */
export function readRepositoryHistory(directory: string): RepositoryHistory {
  let gitDirectory = join(directory, '.git');
  try {
    if (statSync(gitDirectory).isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDirectory, 'utf8'))?.[1]?.trim();
      if (!pointer) return {};
      gitDirectory = resolve(directory, pointer);
      const common = readText(join(gitDirectory, 'commondir'))?.trim();
      if (common) gitDirectory = resolve(gitDirectory, common);
    }
  } catch {
    return {};
  }
  const tags = new Set<string>();
  const walk = (relative: string) => {
    let entries;
    try {
      entries = readdirSync(join(gitDirectory, 'refs/tags', relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else tags.add(path);
    }
  };
  walk('');
  for (const m of (readText(join(gitDirectory, 'packed-refs')) ?? '').matchAll(/^[0-9a-f]+ refs\/tags\/(\S+)$/gm)) tags.add(m[1]);
  const config = readText(join(gitDirectory, 'config')) ?? '';
  const origin = /\[remote "origin"\][^[]*?\burl\s*=\s*(\S+)/.exec(config)?.[1];
  const repository = origin ? /(?:github\.com|gitlab\.com|bitbucket\.org)[:/]([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(origin)?.[1] : undefined;
  return { gitTags: [...tags].sort(), ...(repository ? { repository } : {}) };
}
