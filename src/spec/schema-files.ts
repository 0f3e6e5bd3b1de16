// The published forms of the spec schema: berth.schema.json (editor completion) and a Markdown
// reference generated from the same descriptions.
import { toJsonSchema } from './schema.ts';

type JsonSchema = Record<string, any>;

export function renderSchemaFiles(): Record<string, string> {
  const schema = toJsonSchema();
  return {
    'berth.schema.json': `${JSON.stringify(schema, null, 2)}\n`,
    'docs/spec-reference.md': renderReference(schema),
  };
}

function renderReference(schema: JsonSchema): string {
  const lines = [
    '# berth.yaml reference',
    '',
    'Generated from the schema (`npm run schema`); the same schema validates the CLI input and is',
    'published as `berth.schema.json` for editor completion (`# yaml-language-server: $schema=...`).',
    '',
    '| key | type | description |',
    '|---|---|---|',
  ];
  walk(schema, '', lines, 0);
  lines.push('');
  return lines.join('\n');
}

function typeOf(schema: JsonSchema): string {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(typeOf))].join(' \\| ');
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((e: unknown) => `\`${String(e)}\``).join(' \\| ');
  if (schema.type === 'array') return `list of ${typeOf(schema.items ?? {})}`;
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') return 'map';
  return Array.isArray(schema.type) ? schema.type.join(' \\| ') : (schema.type ?? 'any');
}

function walk(schema: JsonSchema, path: string, lines: string[], depth: number): void {
  if (depth > 8) return;
  const variants: JsonSchema[] = schema.anyOf ?? schema.oneOf ?? [schema];
  for (const variant of variants) {
    if (variant.type === 'object' && variant.properties) {
      for (const [key, child] of Object.entries(variant.properties as Record<string, JsonSchema>)) {
        if (key === '$schema') continue;
        const childPath = path ? `${path}.${key}` : key;
        const required = (variant.required ?? []).includes(key) ? ' (required)' : '';
        lines.push(`| \`${childPath}\` | ${typeOf(child)} | ${(child.description ?? '').replace(/\|/g, '\\|')}${required} |`);
        walk(child, childPath, lines, depth + 1);
      }
    } else if (variant.type === 'object' && typeof variant.additionalProperties === 'object') {
      walk(variant.additionalProperties, `${path}.<name>`, lines, depth + 1);
    } else if (variant.type === 'array' && variant.items) {
      walk(variant.items, `${path}[]`, lines, depth + 1);
    }
  }
}
