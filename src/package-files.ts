// Where berth's own files are, whether it runs from the TypeScript sources or from the bundle in
// dist/ (whose modules sit in other directories than their sources): found from this module's URL.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding berth's package.json (and berth.schema.json, node_modules...). */
export function packageRoot(): string {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  return (root = directory);
}

/** True in the built package (this module was compiled to JavaScript). */
export function runsBuilt(): boolean {
  return !import.meta.url.endsWith('.ts');
}

/**
 * A file that lives beside a module in src/ (a data file, or a module run as its own process, named
 * by its .ts path): the source path, or its copy in dist/ (`.js` for a module) in the built package.
 */
export function moduleFile(pathUnderSrc: string): string {
  if (!runsBuilt()) return join(packageRoot(), 'src', pathUnderSrc);
  return join(packageRoot(), 'dist', pathUnderSrc.replace(/\.ts$/, '.js'));
}
