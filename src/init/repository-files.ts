// The one view of a repository that detection reads: a sorted list of repo-relative posix paths
// and their text. Build outputs and dependency folders are never part of it.
export interface RepositoryFiles {
  /** Repo-relative posix paths, sorted, without node_modules/.git/target/dist/build/vendor/.venv. */
  list(): string[];
  /** The file's text, or undefined when it does not exist or is not text. */
  read(path: string): string | undefined;
}

/** Folder names whose content is generated or downloaded, never source. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', 'target', 'dist', 'build', 'vendor', '.venv']);

export function isIgnoredPath(path: string): boolean {
  return path.split('/').some((segment) => IGNORED_DIRECTORIES.has(segment));
}

/** A RepositoryFiles over an in-memory map of path → text (tests, or files already read). */
export function createMemoryRepository(files: Readonly<Record<string, string>>): RepositoryFiles {
  const paths = Object.keys(files)
    .filter((p) => !isIgnoredPath(p))
    .sort();
  return {
    list: () => [...paths],
    read: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined),
  };
}
