// The module's files + envs/<env>.tfvars → the Kubernetes objects the provider would send, as berth
// (not Terraform) evaluates them: HashiCorp's parser, evaluation, the provider's schema and mapping.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubernetesObject } from '../../../model/kubernetes-object.ts';
import type { Json } from '../../../model/template.ts';
import { evaluateModule, type ModuleEvaluation } from './evaluate-module.ts';
import { type HclJson, parseHclQueued } from './parse-module.ts';
import { SERVER_FILLED } from './provider-defaults.ts';
import { mapResource, type AppliedDefault } from './provider-mapping.ts';
import type { TfValue } from './values.ts';

export const ENGINE = "berth's evaluation of the HCL, not Terraform's";

export interface SourceFile {
  readonly path: string;
  readonly content: string;
}

export interface TerraformRender {
  readonly objects: KubernetesObject[];
  readonly evaluation: ModuleEvaluation;
  /** Every default the provider fills in, per resource address. */
  readonly defaults: readonly (AppliedDefault & { readonly address: string })[];
}

/** Parses the module's .tf files (top level only, as Terraform reads a root module). */
export async function parseModuleFiles(files: readonly SourceFile[]): Promise<Map<string, HclJson>> {
  const parsed = new Map<string, HclJson>();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!file.path.endsWith('.tf') || file.path.includes('/')) continue;
    parsed.set(file.path, await parseHclQueued(file.path, file.content));
  }
  return parsed;
}

/** The module and every envs/<env>.tfvars, parsed once. */
export interface ParsedModule {
  readonly modules: ReadonlyMap<string, HclJson>;
  readonly tfvars: ReadonlyMap<string, HclJson>;
}

export async function parseTerraformFiles(files: readonly SourceFile[]): Promise<ParsedModule> {
  const tfvars = new Map<string, HclJson>();
  for (const file of files) {
    const match = /^envs\/([^/]+)\.tfvars$/.exec(file.path);
    if (match) tfvars.set(match[1], await parseHclQueued(file.path, file.content));
  }
  return { modules: await parseModuleFiles(files), tfvars };
}

/** Evaluates a parsed module with envs/<environment>.tfvars and `-var` overrides. */
export function renderParsed(parsed: ParsedModule, environment: string, overrides: Readonly<Record<string, TfValue>> = {}): TerraformRender {
  const tfvars = parsed.tfvars.get(environment);
  if (!tfvars) throw new Error(`envs/${environment}.tfvars is missing`);
  return renderEvaluation(evaluateModule(parsed.modules, { tfvars, overrides }));
}

export async function renderTerraformFiles(
  files: readonly SourceFile[],
  environment: string,
  overrides: Readonly<Record<string, TfValue>> = {},
): Promise<TerraformRender> {
  return renderParsed(await parseTerraformFiles(files), environment, overrides);
}

export function renderEvaluation(evaluation: ModuleEvaluation): TerraformRender {
  const objects: KubernetesObject[] = [];
  const defaults: (AppliedDefault & { address: string })[] = [];
  for (const instance of evaluation.resources) {
    const { sent, defaults: applied } = mapResource(instance);
    const object = structuredClone(sent);
    for (const d of applied) {
      defaults.push({ ...d, address: instance.address });
      if (d.disposition !== 'kept') deletePath(object as unknown as Record<string, Json>, d.path);
    }
    for (const filled of SERVER_FILLED) {
      if (!filled.resource.test(instance.type)) continue;
      let items: unknown = object;
      for (const key of filled.arrayPath) items = (items as Record<string, unknown> | undefined)?.[key];
      if (!Array.isArray(items)) continue;
      for (const item of items as Record<string, Json>[]) for (const [k, v] of Object.entries(filled.fields)) item[k] ??= v;
    }
    objects.push(object);
  }
  return { objects, evaluation, defaults };
}

/** Removes `a.b[2].c` from an object. */
function deletePath(root: Record<string, Json>, path: string): void {
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let node: Json = root;
  for (const step of steps.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = step.startsWith('[') ? (node as Json[])[Number(step.slice(1, -1))] : (node as Record<string, Json>)[step];
  }
  const last = steps[steps.length - 1];
  if (node !== null && typeof node === 'object' && !Array.isArray(node) && last) delete (node as Record<string, Json>)[last];
}

/** Reads the module from disk: the .tf files and envs/*.tfvars. */
export async function readModuleDirectory(directory: string): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const name of (await readdir(directory)).sort()) {
    if (name.endsWith('.tf')) files.push({ path: name, content: await readFile(join(directory, name), 'utf8') });
  }
  const envs = join(directory, 'envs');
  for (const name of (await readdir(envs).catch(() => [] as string[])).sort()) {
    if (name.endsWith('.tfvars')) files.push({ path: `envs/${name}`, content: await readFile(join(envs, name), 'utf8') });
  }
  return files;
}
