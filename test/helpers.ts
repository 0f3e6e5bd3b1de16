// Shared test helpers: load the bundled examples and small inline specs.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAppModel, type AppModel } from '../src/model/resolve.ts';
import { loadSpec } from '../src/spec/load.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..');

export function exampleNames(): string[] {
  return readdirSync(join(REPO_ROOT, 'examples'))
    .filter((name) => existsSync(join(REPO_ROOT, 'examples', name, 'berth.yaml')))
    .sort();
}

export function examplePath(name: string): string {
  return join(REPO_ROOT, 'examples', name, 'berth.yaml');
}

export function loadModelFromText(text: string, file = 'berth.yaml'): AppModel {
  const result = loadSpec(text, file);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.message}`).join('\n'));
  return buildAppModel(result.spec);
}

export function loadExample(name: string): AppModel {
  return loadModelFromText(readFileSync(examplePath(name), 'utf8'), `examples/${name}/berth.yaml`);
}
