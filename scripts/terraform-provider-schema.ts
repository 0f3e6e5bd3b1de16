// Regenerates src/targets/terraform/provider-schema.json, the checked-in snapshot of the Kubernetes
// provider's resource schema (attribute and block names, types, nesting, optional/required), from the
// generated bindings in @cdktf/provider-kubernetes (HashiCorp's own code generator run over the real
// provider schema). Usage: npx tsx scripts/terraform-provider-schema.ts [--check]
//
// Sources inside the package: the compiled `*ToHclTerraform` functions give every Terraform name with
// whether it is a block, its nesting (list / set / single) and its storage type; the jsii assembly
// (`.jsii`) gives whether a field is optional.
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'node_modules', '@cdktf', 'provider-kubernetes');
const output = join(root, 'src', 'targets', 'terraform', 'provider-schema.json');

/** Resource types whose full schema the snapshot keeps: what berth emits and close relatives. */
const DETAILED = [
  'kubernetes_config_map_v1',
  'kubernetes_cron_job_v1',
  'kubernetes_daemon_set_v1',
  'kubernetes_deployment_v1',
  'kubernetes_horizontal_pod_autoscaler_v2',
  'kubernetes_ingress_v1',
  'kubernetes_job_v1',
  'kubernetes_manifest',
  'kubernetes_namespace_v1',
  'kubernetes_network_policy_v1',
  'kubernetes_persistent_volume_claim_v1',
  'kubernetes_pod_disruption_budget_v1',
  'kubernetes_secret_v1',
  'kubernetes_service_account_v1',
  'kubernetes_service_v1',
  'kubernetes_stateful_set_v1',
];

interface RawEntry {
  readonly name: string;
  readonly isBlock: boolean;
  /** simple | list | set | map | struct */
  readonly type: string;
  readonly storage: string;
  /** The nested function for a block. */
  readonly child?: string;
  /** Single (at most one) block, written without a list mapper. */
  readonly single: boolean;
  /** camelCase property in the bindings. */
  readonly property: string;
}

interface AttributeSchema {
  type: string | [string, string];
  optional: boolean;
}
interface BlockSchema {
  attributes: Record<string, AttributeSchema>;
  blocks: Record<string, NestedBlock>;
}
interface NestedBlock {
  nesting: 'list' | 'set' | 'single';
  optional: boolean;
  block: BlockSchema;
}

const ENTRY =
  /\n\s+([a-z0-9_]+): \{\n\s+value: ([^\n]*),\n\s+isBlock: (true|false),\n\s+type: "([a-z]+)",\n\s+storageClassType: "([A-Za-z0-9]+)",\n\s+\}/g;

function parseEntries(body: string): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const m of body.matchAll(ENTRY)) {
    const [, name, value, isBlock, type, storage] = m;
    const child = isBlock === 'true' ? /(?:^|[^.\w])(?:\w+_1\.)?(\w+)ToHclTerraform\b/.exec(value.replace(/cdktf\.\w+ToHclTerraform/g, ''))?.[1] : undefined;
    const property = /\((?:struct|this)\.(?:_)?(\w+?)(?:\.internalValue)?\)$/.exec(value)?.[1] ?? name;
    entries.push({ name, isBlock: isBlock === 'true', type, storage, child, single: !value.startsWith('cdktf.listMapperHcl('), property });
  }
  return entries;
}

/** Every `xToHclTerraform` function of one resource's folder, and the resource's root attributes. */
function readResourceFolder(folder: string): { resourceType?: string; functions: Map<string, RawEntry[]>; rootEntries: RawEntry[]; configFqn?: string } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.js')) files.push(path);
    }
  };
  walk(folder);
  const functions = new Map<string, RawEntry[]>();
  let resourceType: string | undefined;
  let rootEntries: RawEntry[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8').split('\n//# sourceMappingURL')[0];
    resourceType ??= /terraformResourceType: '([a-z0-9_]+)'/.exec(text)?.[1];
    for (const m of text.matchAll(/\nfunction (\w+)ToHclTerraform\(struct\) \{([\s\S]*?)\n\}/g)) functions.set(m[1], parseEntries(m[2]));
    const synth = /synthesizeHclAttributes\(\) \{([\s\S]*?)\n    \}/.exec(text);
    if (synth && /terraformResourceType: '/.test(text)) rootEntries = parseEntries(synth[1]);
  }
  return { resourceType, functions, rootEntries };
}

interface JsiiProperty {
  name: string;
  optional?: boolean;
}
type JsiiTypes = Record<string, { properties?: JsiiProperty[]; datatype?: boolean }>;

function upperFirst(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function attributeType(entry: RawEntry): AttributeSchema['type'] {
  const scalar = (s: string) => (s.startsWith('number') ? 'number' : s.startsWith('boolean') ? 'bool' : s.startsWith('any') ? 'any' : 'string');
  if (entry.type === 'simple') return scalar(entry.storage);
  const element = scalar(entry.storage);
  return [entry.type, element];
}

function buildBlock(entries: RawEntry[], structFqn: string, functions: Map<string, RawEntry[]>, types: JsiiTypes, ns: string, depth = 0): BlockSchema {
  if (depth > 40) throw new Error(`schema nests too deep at ${structFqn}`);
  const properties = new Map((types[structFqn]?.properties ?? []).map((p) => [p.name, p]));
  const block: BlockSchema = { attributes: {}, blocks: {} };
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const property = properties.get(entry.property);
    const optional = property ? property.optional === true : true;
    if (entry.isBlock) {
      if (!entry.child) throw new Error(`block ${entry.name} of ${structFqn} has no nested function`);
      const childEntries = functions.get(entry.child);
      if (!childEntries) throw new Error(`missing function ${entry.child}ToHclTerraform`);
      const childFqn = `${ns}.${upperFirst(entry.child)}`;
      block.blocks[entry.name] = {
        nesting: entry.type === 'set' ? 'set' : entry.single ? 'single' : 'list',
        optional,
        block: buildBlock(childEntries, childFqn, functions, types, ns, depth + 1),
      };
    } else {
      block.attributes[entry.name] = { type: attributeType(entry), optional };
    }
  }
  return block;
}

export function buildProviderSchema(): unknown {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const types = (JSON.parse(readFileSync(join(packageDir, '.jsii'), 'utf8')) as { types: JsiiTypes }).types;
  const lib = join(packageDir, 'lib');
  const resourceTypes: string[] = [];
  const resources: Record<string, BlockSchema> = {};
  let providerVersion = '';
  for (const folder of readdirSync(lib).sort()) {
    const path = join(lib, folder);
    if (!statSync(path).isDirectory() || folder === 'provider' || folder.startsWith('data-')) continue;
    const index = join(path, 'index.js');
    if (!existsSync(index)) continue;
    const head = readFileSync(index, 'utf8');
    providerVersion ||= /providerVersion: '([^']+)'/.exec(head)?.[1] ?? '';
    const { resourceType, functions, rootEntries } = readResourceFolder(path);
    if (!resourceType) continue;
    resourceTypes.push(resourceType);
    if (!DETAILED.includes(resourceType)) continue;
    const className = /\nclass (\w+) extends cdktf\.TerraformResource/.exec(head)?.[1];
    const camelFolder = folder.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const ns = `@cdktf/provider-kubernetes.${camelFolder}`;
    resources[resourceType] = buildBlock(rootEntries, `${ns}.${className}Config`, functions, types, ns);
  }
  for (const wanted of DETAILED) if (!resources[wanted]) throw new Error(`the bindings have no ${wanted}`);
  return {
    provider: 'registry.terraform.io/hashicorp/kubernetes',
    version: providerVersion,
    source: `@cdktf/provider-kubernetes@${manifest.version} (generated bindings), regenerated by scripts/terraform-provider-schema.ts`,
    resourceTypes: resourceTypes.sort(),
    resources,
  };
}

function main(): void {
  const text = `${JSON.stringify(buildProviderSchema(), null, 1)}\n`;
  if (process.argv.includes('--check')) {
    const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${output} is out of date; run: npx tsx scripts/terraform-provider-schema.ts\n`);
      process.exit(1);
    }
    process.stdout.write(`${output} is up to date\n`);
    return;
  }
  writeFileSync(output, text);
  process.stdout.write(`wrote ${output}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
