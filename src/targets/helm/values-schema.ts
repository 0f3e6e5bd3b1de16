// The parameter registry → values.schema.json: types, enums, bounds and descriptions, so Helm itself
// refuses `--set backend.replicas=abc` or a misspelt key before anything is rendered.
import type { Parameter, ParameterRegistry } from '../../model/parameters.ts';
import { valueParameters } from './values-files.ts';

type Schema = Record<string, unknown>;

/** The quantity syntax berth.yaml accepts (`250m`, `0.5`, `512Mi`, `1Gi`). */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

export function parameterSchema(parameter: Parameter): Schema {
  const schema: Schema = { description: parameter.description };
  switch (parameter.type) {
    case 'integer':
      schema.type = 'integer';
      if (parameter.minimum !== undefined) schema.minimum = parameter.minimum;
      if (parameter.maximum !== undefined) schema.maximum = parameter.maximum;
      break;
    case 'boolean':
      schema.type = 'boolean';
      break;
    case 'string':
      schema.type = 'string';
      if (parameter.enum) schema.enum = [...parameter.enum];
      break;
    case 'quantity':
      // `--set cpu=2` arrives as a number; the chart prints it with toString, as berth does.
      schema.type = ['string', 'number'];
      schema.pattern = QUANTITY_PATTERN;
      schema.minimum = 0;
      break;
  }
  return schema;
}

interface Node {
  readonly children: Map<string, Node | Parameter>;
}

export function formatValuesSchema(app: string, registry: ParameterRegistry): string {
  const root: Node = { children: new Map() };
  for (const parameter of valueParameters(registry)) {
    let node = root;
    for (const segment of parameter.path.slice(0, -1)) {
      let child = node.children.get(segment);
      if (!child || !('children' in child)) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.children.set(parameter.path[parameter.path.length - 1], parameter);
  }
  const object = (node: Node): Schema => {
    const keys = [...node.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const properties: Schema = {};
    for (const key of keys) {
      const child = node.children.get(key)!;
      properties[key] = 'children' in child ? object(child) : parameterSchema(child);
    }
    // Every key is known: a misspelt one is an error, not a silently ignored value.
    return { type: 'object', additionalProperties: false, required: keys, properties };
  };
  const schema = object(root);
  // A parent chart passes `global` to its subcharts; it is accepted and unused.
  (schema.properties as Schema).global = { type: 'object', description: 'Values a parent chart shares with its subcharts (unused by this chart).' };
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', title: `Values of the ${app} chart`, ...schema }, null, 2)}\n`;
}
