// The parameter registry as Terraform variables (typed, described, defaulted, validated where the
// registry has bounds) and each environment's overrides as envs/<env>.tfvars.
import type { Parameter, ParameterRegistry } from '../../../model/parameters.ts';
import type { Json } from '../../../model/template.ts';
import { formatNumber, terraformVariable } from './compile-expression.ts';
import { attribute, blank, block, comment, expr, printFile, quote, type HclNode } from './hcl-writer.ts';

/** Variables of the module itself, not of the app. */
export const MODULE_VARIABLES = [
  { name: 'create_namespace', type: 'bool', default: 'false', description: 'Create the namespace (with the app\'s labels) instead of using an existing one.' },
] as const;

/** A quantity as Kubernetes parses it: a decimal number with an optional SI, binary or exponent suffix. */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$';

export function terraformType(parameter: Parameter): 'number' | 'bool' | 'string' {
  return parameter.type === 'integer' ? 'number' : parameter.type === 'boolean' ? 'bool' : 'string';
}

export function hclLiteral(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  throw new Error(`a parameter value must be a scalar, got ${JSON.stringify(value)}`);
}

/** The conditions Terraform checks before planning, with the message a user sees. */
export function validations(parameter: Parameter): { condition: string; message: string }[] {
  const name = terraformVariable(parameter);
  const ref = `var.${name}`;
  const result: { condition: string; message: string }[] = [];
  if (parameter.type === 'integer') {
    const parts = [`floor(${ref}) == ${ref}`];
    const bounds: string[] = [];
    if (parameter.minimum !== undefined) {
      parts.push(`${ref} >= ${formatNumber(parameter.minimum)}`);
      bounds.push(`>= ${formatNumber(parameter.minimum)}`);
    }
    if (parameter.maximum !== undefined) {
      parts.push(`${ref} <= ${formatNumber(parameter.maximum)}`);
      bounds.push(`<= ${formatNumber(parameter.maximum)}`);
    }
    result.push({ condition: parts.join(' && '), message: `${name} must be a whole number${bounds.length > 0 ? ` ${bounds.join(' and ')}` : ''}.` });
  }
  if (parameter.type === 'quantity') {
    result.push({ condition: `can(regex(${quote(QUANTITY_PATTERN)}, ${ref}))`, message: `${name} must be a Kubernetes quantity such as 250m, 0.5 or 512Mi.` });
  }
  if (parameter.enum) {
    result.push({
      condition: `contains([${parameter.enum.map((v) => quote(v)).join(', ')}], ${ref})`,
      message: `${name} must be one of ${parameter.enum.join(', ')}.`,
    });
  }
  return result;
}

export function variablesFile(registry: ParameterRegistry): string {
  const nodes: HclNode[] = [comment('The module itself.')];
  for (const v of MODULE_VARIABLES) {
    nodes.push(
      block('variable', [v.name], [attribute('description', expr(quote(v.description))), attribute('type', expr(v.type)), attribute('default', expr(v.default))]),
      blank,
    );
  }
  nodes.push(comment('The app\'s parameters: the same knobs as the Helm values and the Pulumi config.'));
  for (const parameter of registry.parameters) {
    const body: HclNode[] = [
      attribute('description', expr(quote(parameter.description))),
      attribute('type', expr(terraformType(parameter))),
      attribute('default', expr(hclLiteral(parameter.base))),
      attribute('nullable', expr('false')),
    ];
    for (const { condition, message } of validations(parameter)) {
      body.push(blank, block('validation', [], [attribute('condition', expr(condition)), attribute('error_message', expr(quote(message)))]));
    }
    nodes.push(block('variable', [terraformVariable(parameter)], body), blank);
  }
  return printFile(nodes);
}

export function tfvarsFile(registry: ParameterRegistry, environment: string | undefined, envName: string): string {
  const overrides = environment === undefined ? [] : registry.overridesFor(environment);
  const nodes: HclNode[] = [
    comment(
      overrides.length > 0
        ? `The ${envName} environment: only the values that differ from the defaults in variables.tf.`
        : `The ${envName} environment uses every default of variables.tf.`,
    ),
  ];
  for (const parameter of overrides) nodes.push(attribute(terraformVariable(parameter), expr(hclLiteral(parameter.values.get(environment!) as Json))));
  return printFile(nodes);
}
