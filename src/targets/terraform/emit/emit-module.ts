// AppModel → the files of deploy/terraform/: versions.tf, namespace.tf, variables.tf, one file per
// component, dependency, job and app-wide concern, outputs.tf, envs/<env>.tfvars and README.md.
import { InputError, type Diagnostic } from '../../../diagnostics.ts';
import { KEEP_VOLUMES, parameterNames } from '../../../model/parameters.ts';
import type { AppModel } from '../../../model/resolve.ts';
import { param, type Value } from '../../../model/template.ts';
import { targetEnvironments, type GeneratedFile } from '../../target.ts';
import { providerSchema, resourceSchema } from '../provider-schema.ts';
import { compileCondition, NAMESPACE_LOCAL, type CompileContext } from './compile-expression.ts';
import { attribute, blank, block, comment, expr, list, object, printFile, quote, type HclNode, type HclValue } from './hcl-writer.ts';
import { fieldsToHcl, plainValue } from './object-to-hcl.ts';
import { planResources, REQUIRED_TERRAFORM, type PlannedResource } from './plan-resources.ts';
import { terraformReadme } from './readme.ts';
import { MANIFEST_RESOURCE, typedResource } from './resource-types.ts';
import { MODULE_VARIABLES, tfvarsFile, variablesFile } from './variables.ts';

/** The planned resources' positions by kind, and by kind and owner: what `dependencies` looks up for each resource. */
interface ResourceIndex {
  readonly all: readonly PlannedResource[];
  readonly byKind: ReadonlyMap<string, readonly number[]>;
  readonly byKindAndOwner: ReadonlyMap<string, readonly number[]>;
}

function indexResources(all: readonly PlannedResource[]): ResourceIndex {
  const byKind = new Map<string, number[]>();
  const byKindAndOwner = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, at: number) => {
    const list = index.get(key);
    if (list) list.push(at);
    else index.set(key, [at]);
  };
  all.forEach((r, at) => {
    add(byKind, r.template.kind, at);
    add(byKindAndOwner, `${r.template.kind}\u0000${r.template.owner}`, at);
  });
  return { all, byKind, byKindAndOwner };
}

/** What must exist before a resource is created (Terraform cannot see references by name). */
function dependencies(resource: PlannedResource, index: ResourceIndex): string[] {
  const { kind, owner } = resource.template;
  // The resources of these kinds (of this owner), in the module's order, found without a scan of all of them.
  const ofKinds = (kinds: string[], sameOwner: boolean) =>
    kinds
      .flatMap((k) => (sameOwner ? index.byKindAndOwner.get(`${k}\u0000${owner}`) : index.byKind.get(k)) ?? [])
      .sort((a, b) => a - b)
      .map((at) => index.all[at].address);
  switch (kind) {
    case 'Job':
      // A migration needs its config, its account and the in-cluster databases to be up.
      return ofKinds(['ServiceAccount', 'ExternalSecret', 'SealedSecret', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Service', 'StatefulSet'], false);
    case 'Deployment':
    case 'Rollout':
      // New pods start only after every migration Job has completed.
      return [...ofKinds(['Job'], false), ...ofKinds(['ExternalSecret', 'SealedSecret'], false), ...ofKinds(['ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim'], true)];
    case 'StatefulSet':
      // A stateful component's set does not wait for migrations: those wait for every StatefulSet.
      return ofKinds(['ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim'], true);
    default:
      return [];
  }
}

class Locals {
  private readonly byContent = new Map<string, string>();
  private readonly names = new Set<string>();
  readonly declared = new Map<string, { name: string; value: HclValue; file: string }[]>();

  add(hint: string, value: HclValue, file: string): string {
    const key = JSON.stringify(value);
    const existing = this.byContent.get(key);
    if (existing) return existing;
    let name = hint;
    for (let n = 2; this.names.has(name); n++) name = `${hint}_${n}`;
    this.names.add(name);
    this.byContent.set(key, name);
    const list = this.declared.get(file) ?? [];
    list.push({ name, value, file });
    this.declared.set(file, list);
    return name;
  }
}

function jobTimeout(body: Record<string, Value>): string {
  const deadline = (body.spec as Record<string, Value> | undefined)?.activeDeadlineSeconds;
  const minutes = typeof deadline === 'number' ? Math.ceil(deadline / 60) + 5 : 60;
  return `${minutes}m`;
}

/**
 * A component's claim keeps its data on `terraform destroy` (prevent_destroy). Terraform cannot make
 * `prevent_destroy` follow a variable, so when environments disagree the claim is written twice, each
 * variant counted in by keep_volumes, and only the kept one protected.
 */
function resourceBlocks(resource: PlannedResource, all: ResourceIndex, compile: CompileContext, model: AppModel): HclNode[] {
  const { template } = resource;
  if (template.kind !== 'PersistentVolumeClaim' || template.ownerKind !== 'component') return resourceBlock(resource, all, compile);
  const keep = model.registry.get(KEEP_VOLUMES);
  const values = new Set([keep.base, ...keep.values.values()]);
  if (values.size === 1) return resourceBlock(resource, all, compile, { protect: keep.base === true });
  const flag = compileCondition(param(KEEP_VOLUMES), compile);
  return [
    ...resourceBlock(resource, all, compile, { protect: true, count: `${flag} ? 1 : 0` }),
    blank,
    comment('The same claim where keep_volumes is false: destroyed with the rest.'),
    ...resourceBlock({ ...resource, label: `${resource.label}_disposable`, address: `${resource.address}_disposable` }, all, compile, { protect: false, count: `${flag} ? 0 : 1` }),
  ];
}

function resourceBlock(resource: PlannedResource, all: ResourceIndex, compile: CompileContext, lifecycle: { protect: boolean; count?: string } = { protect: false }): HclNode[] {
  const { template } = resource;
  const body = template.body as Record<string, Value>;
  const nodes: HclNode[] = [];
  const head: HclNode[] = [];
  if (lifecycle.count !== undefined) head.push(attribute('count', expr(lifecycle.count)));
  else if (template.condition !== undefined) head.push(attribute('count', expr(`${compileCondition(template.condition, compile)} ? 1 : 0`)));
  const typed = typedResource(template.kind, body.apiVersion);
  if (typed?.providerOnly === 'job') head.push(attribute('wait_for_completion', expr('true')));
  if (typed?.providerOnly === 'pvc') head.push(attribute('wait_until_bound', expr('false')));
  if (head.length > 0) nodes.push(...head, blank);
  if (typed) {
    const { apiVersion: _apiVersion, kind: _kind, ...fields } = typed.providerOnly === 'job' ? withoutJobTtl(body) : body;
    nodes.push(...fieldsToHcl(fields, resourceSchema(typed.resourceType), '', { compile, resourceType: typed.resourceType }));
    if (typed.providerOnly === 'job') {
      const timeout = jobTimeout(body);
      nodes.push(block('timeouts', [], [attribute('create', expr(quote(timeout))), attribute('update', expr(quote(timeout)))]));
    }
  } else {
    nodes.push(attribute('manifest', plainValue(body, compile)));
  }
  if (lifecycle.protect) nodes.push(blank, block('lifecycle', [], [attribute('prevent_destroy', expr('true'))]));
  const needs = dependencies(resource, all);
  if (needs.length > 0) nodes.push(blank, attribute('depends_on', list(needs.map((a) => expr(a)))));
  const notes: HclNode[] = [];
  if (template.kind === 'Job') {
    notes.push(comment('Runs before every rollout: the Deployments depend on it, and a new image or command gives it a new name.'));
    notes.push(comment('No ttl_seconds_after_finished: Terraform keeps the finished Job, so re-applying does not run it again.'));
  }
  if (typed === undefined) notes.push(comment('A custom resource: kubernetes_manifest needs its CRD in the cluster at plan time.'));
  return [...notes, block('resource', [resource.resourceType, resource.label], nodes)];
}

/**
 * Terraform owns the Job: a TTL would delete it behind Terraform's back, and the next plan would
 * create it again and re-run the migration. Without one, an unchanged apply plans nothing, and a new
 * version (a new hashed name) replaces the old Job.
 */
function withoutJobTtl(body: Record<string, Value>): Record<string, Value> {
  const { ttlSecondsAfterFinished: _ttl, ...spec } = body.spec as Record<string, Value>;
  return { ...body, spec };
}

function versionsFile(): string {
  const schema = providerSchema();
  const [major, minor] = schema.version.split('.');
  return printFile([
    block('terraform', [], [
      attribute('required_version', expr(quote(REQUIRED_TERRAFORM))),
      blank,
      block('required_providers', [], [
        attribute(
          'kubernetes',
          object([
            { key: 'source', value: expr(quote('hashicorp/kubernetes')) },
            { key: 'version', value: expr(quote(`~> ${major}.${minor}.0`)) },
          ]),
        ),
      ]),
    ]),
  ]);
}

/**
 * No provider block: the module works as a root module (the provider reads KUBE_CONFIG_PATH and
 * KUBE_CTX) and as a child module of an existing configuration, which passes its own provider.
 */
function namespaceFile(app: string): string {
  return printFile([
    comment('Created here only with create_namespace = true; otherwise the namespace must exist.'),
    block('resource', ['kubernetes_namespace_v1', 'this'], [
      attribute('count', expr('var.create_namespace ? 1 : 0')),
      blank,
      block('metadata', [], [attribute('name', expr('var.namespace')), attribute('labels', object([{ key: 'app.kubernetes.io/part-of', value: expr(quote(app)) }]))]),
    ]),
    blank,
    block('locals', [], [
      comment('Every object reads its namespace from here, so it waits for the Namespace the module creates.'),
      attribute(NAMESPACE_LOCAL, expr('var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : var.namespace')),
    ]),
  ]);
}

/** The owner for its own Service; `<owner>-canary` or `<owner>-preview` for a Rollout's second one. */
function serviceKey(resource: PlannedResource): string {
  const { id, owner } = resource.template;
  return id === `${owner}-service` || !id.endsWith('-service') ? owner : id.slice(0, -'-service'.length);
}

function outputsFile(planned: readonly PlannedResource[], compile: CompileContext): string {
  const reference = (r: PlannedResource, path: string, otherwise: string) =>
    r.template.condition === undefined ? `${r.address}${path}` : `${compileCondition(r.template.condition, compile)} ? ${r.address}[0]${path} : ${otherwise}`;
  const services = planned.filter((r) => r.template.kind === 'Service');
  const ingresses = planned.filter((r) => r.template.kind === 'Ingress' && r.resourceType !== MANIFEST_RESOURCE);
  const nodes: HclNode[] = [
    block('output', ['namespace'], [attribute('description', expr(quote('Namespace every object is in.'))), attribute('value', expr('var.namespace'))]),
    blank,
    block('output', ['service_names'], [
      attribute('description', expr(quote('Service of each component and in-cluster dependency (and a stateful component\'s headless Service, a progressive one\'s canary or preview Service); null while it is not created.'))),
      // Keyed by owner; a component's other Services as `<owner>-<role>` (headless, canary, preview).
      attribute('value', object(services.map((r) => ({ key: serviceKey(r), value: expr(reference(r, '.metadata[0].name', 'null')) })))),
    ]),
    blank,
    block('output', ['ingress_hosts'], [
      attribute('description', expr(quote('Host names the Ingress serves; empty while it is not created.'))),
      attribute(
        'value',
        expr(ingresses.length === 0 ? '[]' : ingresses.length === 1 ? reference(ingresses[0], '.spec[0].rule[*].host', '[]') : `concat(${ingresses.map((r) => reference(r, '.spec[0].rule[*].host', '[]')).join(', ')})`),
      ),
    ]),
  ];
  return printFile(nodes);
}

/** A file of resources: the locals its resources declared first, then each resource's blocks. */
function printResourceFile(resources: readonly HclNode[][], declared: readonly { name: string; value: HclValue }[]): string {
  const nodes: HclNode[] = [];
  if (declared.length > 0) {
    nodes.push(
      comment('What the pods\' config checksum covers: a change rolls the pods.'),
      block('locals', [], declared.map((l) => attribute(l.name, l.value))),
      blank,
    );
  }
  resources.forEach((resource, index) => nodes.push(...(index > 0 ? [blank] : []), ...resource));
  return printFile(nodes);
}

export function emitTerraformModule(model: AppModel): GeneratedFile[] {
  refuseNativeSidecars(model);
  for (const v of MODULE_VARIABLES) {
    const clash = model.registry.parameters.find((p) => parameterNames(p).terraform === v.name);
    if (clash) throw new Error(`parameter ${clash.name} would be the Terraform variable ${v.name}, which the module itself uses`);
  }
  const planned = planResources(model);
  const index = indexResources(planned);
  const locals = new Locals();
  const files: GeneratedFile[] = [
    { path: 'versions.tf', content: versionsFile() },
    { path: 'namespace.tf', content: namespaceFile(model.spec.base.name) },
    { path: 'variables.tf', content: variablesFile(model.registry) },
  ];
  // Each file is printed as soon as its last resource is compiled (its locals are all declared by
  // then: a later resource reuses them or declares its own), so the blocks of one file are held at
  // a time, not the whole module's.
  const lastOfFile = new Map<string, PlannedResource>();
  for (const resource of planned) lastOfFile.set(resource.file, resource);
  const byFile = new Map<string, HclNode[][]>();
  for (const resource of planned) {
    const compile: CompileContext = {
      registry: model.registry,
      localHint: resource.label,
      addLocal: (hint, value) => locals.add(hint, value, resource.file),
    };
    const nodes = resourceBlocks(resource, index, compile, model);
    const list = byFile.get(resource.file) ?? [];
    list.push(nodes);
    byFile.set(resource.file, list);
    if (lastOfFile.get(resource.file) !== resource) continue;
    files.push({ path: resource.file, content: printResourceFile(list, locals.declared.get(resource.file) ?? []) });
    byFile.delete(resource.file);
  }
  const outputsCompile: CompileContext = { registry: model.registry, localHint: 'outputs', addLocal: () => { throw new Error('outputs declare no locals'); } };

  files.push({ path: 'outputs.tf', content: outputsFile(planned, outputsCompile) });
  for (const { name, environment } of targetEnvironments(model)) {
    files.push({ path: `envs/${name}.tfvars`, content: tfvarsFile(model.registry, environment, name) });
  }
  files.push({ path: 'README.md', content: terraformReadme(model, planned) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The provider's init_container has no restart_policy: a native sidecar cannot be written, so say where it is. */
function refuseNativeSidecars(model: AppModel): void {
  const spec = model.spec.base;
  const diagnostics: Diagnostic[] = spec.components.flatMap((component) =>
    component.sidecars
      .filter((sidecar) => sidecar.native)
      .map((sidecar) => {
        const path = `components.${component.name}.sidecars.${sidecar.name}.native`;
        return {
          code: 'terraform-unsupported-field',
          severity: 'error' as const,
          message: `the Terraform target cannot express the native sidecar ${sidecar.name} of ${component.name}: the kubernetes provider ${providerSchema().version}'s init_container has no restart_policy`,
          position: spec.positions.get(path),
          path,
          hint: 'Drop `native: true` (it then runs as a classic sidecar, not beside Jobs), or generate the other targets: --target helm,kustomize,kubernetes,pulumi,compose.',
        };
      }),
  );
  if (diagnostics.length > 0) throw new InputError('the spec asks for a field the Terraform target cannot write', diagnostics);
}
