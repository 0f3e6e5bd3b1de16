// The parameter registry → values.yaml (every non-builtin parameter's base value, nested by path,
// each with its description) and values-<env>.yaml (only the parameters that differ from the base).
import type { Parameter, ParameterRegistry } from '../../model/parameters.ts';
import type { Json } from '../../model/template.ts';
import { yamlScalar, yamlString } from './yaml-scalar.ts';

/** Parameters that live in values files: the builtins come from the release (name, namespace). */
export function valueParameters(registry: ParameterRegistry): Parameter[] {
  return registry.parameters.filter((p) => !p.builtin);
}

interface Leaf {
  readonly parameter: Parameter;
  readonly value: Json;
}
type Tree = Map<string, Tree | Leaf>;

function buildTree(leaves: readonly Leaf[]): Tree {
  const root: Tree = new Map();
  for (const leaf of leaves) {
    let node = root;
    for (const segment of leaf.parameter.path.slice(0, -1)) {
      let child = node.get(segment);
      if (!(child instanceof Map)) {
        child = new Map();
        node.set(segment, child);
      }
      node = child;
    }
    node.set(leaf.parameter.path[leaf.parameter.path.length - 1], leaf);
  }
  return root;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function writeTree(tree: Tree, indent: number, note: (leaf: Leaf) => string): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const key of [...tree.keys()].sort(byKey)) {
    const node = tree.get(key)!;
    if (indent === 0 && lines.length > 0) lines.push('');
    if (node instanceof Map) {
      lines.push(`${pad}${yamlString(key)}:`, ...writeTree(node, indent + 2, note));
    } else {
      lines.push(`${pad}# ${node.parameter.description}${note(node)}`, `${pad}${yamlString(key)}: ${yamlScalar(node.value as null | string | number | boolean)}`);
    }
  }
  return lines;
}

/** A nested values object (for tests and `-f` files written by code). */
export function nestValues(entries: readonly (readonly [readonly string[], Json])[]): Record<string, Json> {
  const root: Record<string, Json> = {};
  for (const [path, value] of entries) {
    let node = root;
    for (const segment of path.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, Json>;
    node[path[path.length - 1]] = value;
  }
  return root;
}

export function formatValuesYaml(app: string, registry: ParameterRegistry): string {
  const leaves = valueParameters(registry).map((parameter) => ({ parameter, value: parameter.base }));
  return [
    `# Base values of ${app}: berth.yaml without any environment's overrides.`,
    '# Each environment has a values-<env>.yaml with only what differs; README.md lists every key,',
    '# and values.schema.json makes Helm refuse a value of the wrong type or out of bounds.',
    '# The namespace and object names come from the release (--namespace, the release name).',
    '',
    ...writeTree(buildTree(leaves), 0, () => ''),
    '',
  ].join('\n');
}

export function formatEnvironmentValues(app: string, registry: ParameterRegistry, environment: string): string {
  const namespace = String(registry.valuesFor(environment).get('namespace'));
  const leaves = registry
    .overridesFor(environment)
    .filter((p) => !p.builtin)
    .map((parameter) => ({ parameter, value: parameter.values.get(environment) as Json }));
  const header = [
    `# Environment ${environment} of ${app}: only the values that differ from values.yaml.`,
    `# helm upgrade --install ${app} . --namespace ${namespace} --create-namespace -f values-${environment}.yaml`,
    '',
  ];
  if (leaves.length === 0) return [...header, '# (no differences: the base values apply as they are)', '{}', ''].join('\n');
  return [...header, ...writeTree(buildTree(leaves), 0, (leaf) => ` (base: ${JSON.stringify(leaf.parameter.base)})`), ''].join('\n');
}
