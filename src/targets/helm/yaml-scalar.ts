// Literal scalars and keys written into chart files. Plain where every YAML reader (1.1 and 1.2)
// reads the same string back, double-quoted JSON otherwise; never text Go templates would evaluate.

/** Words YAML 1.1 (Helm's parser) reads as booleans or null. */
const RESERVED = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
// Starts with a letter, `_` or `/` (never a number or an indicator); no `: ` or ` #` can occur.
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./,:@+=-]*$/;

/** True when a string written inside a template would start or end a Go template action. */
export function hasTemplateDelimiters(text: string): boolean {
  return text.includes('{{') || text.includes('}}');
}

/** A string as a YAML scalar in a file that Helm does not template (values files, Chart.yaml). */
export function yamlString(text: string): string {
  return PLAIN.test(text) && !RESERVED.test(text) && !text.endsWith(':') ? text : JSON.stringify(text);
}

/** Any JSON scalar as YAML (numbers and booleans as themselves). */
export function yamlScalar(value: null | string | number | boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  return String(value);
}

/** A Go template string literal: Go accepts every escape JSON.stringify writes. */
export function goString(text: string): string {
  return JSON.stringify(text);
}

/**
 * A string inside a template file: as a YAML scalar, or, when it holds `{{` or `}}`, as a Go string
 * constant printed through `quote`, so Helm prints it instead of evaluating it.
 */
export function templateString(text: string): string {
  return hasTemplateDelimiters(text) ? `{{ ${goString(text)} | quote }}` : yamlString(text);
}

export function templateScalar(value: null | string | number | boolean): string {
  return typeof value === 'string' ? templateString(value) : yamlScalar(value);
}
