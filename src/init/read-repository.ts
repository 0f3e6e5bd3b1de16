// The filesystem side of `berth init`: a directory on disk as RepositoryFiles (read lazily, text only).
// Commands use this; detection itself never touches the disk.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
