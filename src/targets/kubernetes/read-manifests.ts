// Reads Kubernetes YAML back from disk (every .yaml/.yml file of a directory, every document).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';

export function parseObjects(text: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if ('errors' in document && document.errors.length > 0) throw new Error(document.errors[0].message);
    const value = document.toJS() as KubernetesObject | null;
    if (!value || typeof value !== 'object') continue;
    if (value.kind === 'List' && Array.isArray(value.items)) objects.push(...(value.items as KubernetesObject[]));
    else objects.push(value);
  }
  return objects;
}

export async function readManifestDirectory(directory: string): Promise<KubernetesObject[]> {
  const names = (await readdir(directory)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const objects: KubernetesObject[] = [];
  for (const name of names) objects.push(...parseObjects(await readFile(join(directory, name), 'utf8')));
  return objects;
}
