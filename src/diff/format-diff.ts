// An environment diff → text for a terminal, Markdown for a pull request, or JSON for tools. Text and
// Markdown fold the same change made to many components into one row (`*.replicas, 20 components`),
// so a 20-service app reads like the table a person would write; JSON lists every parameter.
import type { Json } from '../model/template.ts';
import type { EnvironmentDiff, ParameterChange, WorkloadChange, WorkloadSize } from './diff-environments.ts';

export type DiffFormat = 'text' | 'json' | 'markdown';

export interface ParameterRow {
  /** `replicas` for a folded row, else the logical name. */
  readonly field: string;
  readonly from: Json;
  readonly to: Json;
  /** Components or dependencies the row covers (empty for app-wide parameters). */
  readonly owners: readonly string[];
  readonly parameters: readonly string[];
  /** What the row's parameters govern, with object names folded: `Deployment spec.replicas`. */
  readonly governs: readonly string[];
}

export interface WorkloadRow {
  readonly names: readonly string[];
  readonly from?: WorkloadSize;
  readonly to?: WorkloadSize;
}

/** Parameters grouped: one row per (field, from, to) shared by several owners; app-wide ones first. */
export function foldParameters(changes: readonly ParameterChange[]): ParameterRow[] {
  const appWide: ParameterRow[] = [];
  const folded = new Map<string, { field: string; from: Json; to: Json; owners: string[]; parameters: string[]; governs: Set<string> }>();
  for (const change of changes) {
    if (!change.owner) {
      appWide.push({ field: change.name, from: change.from, to: change.to, owners: [], parameters: [change.name], governs: foldGoverns(change.governs) });
      continue;
    }
    const key = JSON.stringify([change.field, change.from, change.to]);
    const row = folded.get(key) ?? { field: change.field, from: change.from, to: change.to, owners: [], parameters: [], governs: new Set<string>() };
    row.owners.push(change.owner);
    row.parameters.push(change.name);
    for (const g of foldGoverns(change.governs)) row.governs.add(g);
    folded.set(key, row);
  }
  const rows = [...folded.values()].sort((a, b) => compare(a.field, b.field) || compare(JSON.stringify(a.from), JSON.stringify(b.from)) || compare(a.owners[0], b.owners[0]));
  return [...appWide, ...rows.map((r) => ({ ...r, owners: [...r.owners].sort(), governs: [...r.governs].sort() }))];
}

/** Workloads with the same sizes on both sides share a row. */
export function foldWorkloads(workloads: readonly WorkloadChange[]): WorkloadRow[] {
  const rows = new Map<string, WorkloadRow & { names: string[] }>();
  for (const w of workloads) {
    const key = JSON.stringify([w.from ?? null, w.to ?? null]);
    const row = rows.get(key) ?? { names: [], from: w.from, to: w.to };
    row.names.push(w.name);
    rows.set(key, row);
  }
  return [...rows.values()].map((r) => ({ ...r, names: [...r.names].sort() }));
}

/** `Deployment gateway-deployment spec.replicas` → `Deployment spec.replicas`; many fields become a count. */
function foldGoverns(governs: readonly string[]): string[] {
  const folded = [...new Set(governs.map((g) => g.replace(/^(\S+) \S+ /, '$1 ')))].sort();
  if (folded.length <= 6) return folded;
  const kinds = new Set(governs.map((g) => `${g.split(' ')[0]} ${g.split(' ')[1]}`));
  return [`${governs.length} fields in ${kinds.size === 1 ? 'one object' : `${kinds.size} objects`}`];
}

export function formatDiff(diff: EnvironmentDiff, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  return format === 'markdown' ? formatMarkdown(diff) : formatText(diff);
}

const show = (value: unknown): string => (value === undefined ? '(unset)' : value === '' ? '""' : typeof value === 'string' ? value : JSON.stringify(value));
const sizeText = (size: WorkloadSize | undefined) => (size ? `${size.kind} · ${size.replicas === '1' ? '1 replica' : /^\d+$/.test(size.replicas) ? `${size.replicas} replicas` : size.replicas} · cpu ${size.cpu} · memory ${size.memory}` : 'not deployed');
/** `all 20 components`, or the names when only some share the row. */
function ownersText(owners: readonly string[], diff: EnvironmentDiff): string {
  if (owners.length === 1) return owners[0];
  if (owners.length === diff.components.length && owners.every((o) => diff.components.includes(o))) return `all ${owners.length} components`;
  return `${owners.length}: ${owners.join(', ')}`;
}

function formatText(diff: EnvironmentDiff): string {
  const { from, to } = diff;
  const lines = [`${diff.app}: ${from.name} → ${to.name} (namespace ${from.namespace} → ${to.namespace})`, ''];

  lines.push('Workloads (replicas or autoscaler bounds · cpu request / limit · memory request / limit)');
  const width = Math.max(from.name.length, to.name.length) + 1;
  for (const row of foldWorkloads(diff.workloads)) {
    const same = JSON.stringify(row.from) === JSON.stringify(row.to);
    lines.push(`  ${ownersText(row.names, diff)}${same ? ' (same on both sides)' : ''}`);
    lines.push(`    ${`${from.name}:`.padEnd(width)} ${sizeText(row.from)}`);
    if (!same) lines.push(`    ${`${to.name}:`.padEnd(width)} ${sizeText(row.to)}`);
  }
  lines.push('');

  const rows = foldParameters(diff.parameters);
  lines.push(rows.length === 0 ? 'Parameters: none differ' : `Parameters that differ (${diff.parameters.length}, in ${rows.length} rows)`);
  const fieldWidth = Math.min(48, Math.max(0, ...rows.map((r) => (r.owners.length > 1 ? `*.${r.field}` : r.owners.length === 1 ? `${r.parameters[0]}` : r.field).length)));
  for (const row of rows) {
    const label = row.owners.length > 1 ? `*.${row.field}` : row.parameters[0];
    lines.push(`  ${label.padEnd(fieldWidth)}  ${show(row.from)} → ${show(row.to)}`);
    if (row.owners.length > 1) lines.push(`      for ${ownersText(row.owners, diff)}`);
    if (row.governs.length > 0) lines.push(`      governs ${row.governs.join('; ')}`);
  }
  lines.push('');

  for (const sideName of ['from', 'to'] as const) {
    const only = diff.onlyOnOneSide.filter((o) => o.side === sideName);
    if (only.length === 0) continue;
    lines.push(`Only in ${diff[sideName].name} (${only.length} objects)`);
    for (const [kind, objects] of groupBy(only, (o) => o.object.split('/')[0])) {
      const toggles = [...new Set(objects.flatMap((o) => o.toggledBy.map(foldOwnerName(diff))))].sort();
      lines.push(`  ${kind} ×${objects.length}: ${objects.map((o) => o.object.split('/')[1]).join(', ')}${toggles.length ? `\n      toggled by ${toggles.join(', ')}` : ''}`);
    }
    lines.push('');
  }
  if (diff.onlyOnOneSide.length === 0) lines.push('Objects: both sides have the same objects', '');

  if (diff.objects) {
    lines.push(diff.objects.length === 0 ? 'Fields: no object differs beyond its namespace' : `Fields that differ (${diff.objects.length} objects; namespaces left out)`);
    for (const object of diff.objects) {
      lines.push(`  ${object.object}${object.renamedFrom ? ` (was ${object.renamedFrom})` : ''}`);
      for (const field of object.fields) lines.push(`    ${field.path}: ${show(field.from)} → ${show(field.to)}${field.parameters.length ? `  [${field.parameters.join(', ')}]` : ''}`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function formatMarkdown(diff: EnvironmentDiff): string {
  const { from, to } = diff;
  const cell = (value: unknown) => `\`${show(value).replace(/\|/g, '\\|')}\``;
  const lines = [`## ${diff.app}: ${from.name} → ${to.name}`, '', `Namespace \`${from.namespace}\` → \`${to.namespace}\`.`, ''];
  lines.push('### Workloads', '', `| workloads | kind | replicas (${from.name}) | replicas (${to.name}) | cpu request / limit (${from.name}) | cpu (${to.name}) | memory request / limit (${from.name}) | memory (${to.name}) |`, '|---|---|---|---|---|---|---|---|');
  for (const row of foldWorkloads(diff.workloads)) {
    const kind = row.to?.kind ?? row.from?.kind ?? '';
    lines.push(`| ${ownersText(row.names, diff)} | ${kind} | ${row.from?.replicas ?? 'not deployed'} | ${row.to?.replicas ?? 'not deployed'} | ${row.from?.cpu ?? ''} | ${row.to?.cpu ?? ''} | ${row.from?.memory ?? ''} | ${row.to?.memory ?? ''} |`);
  }
  lines.push('', '### Parameters that differ', '');
  const rows = foldParameters(diff.parameters);
  if (rows.length === 0) lines.push('None.');
  else {
    lines.push(`| parameter | ${from.name} | ${to.name} | for | governs |`, '|---|---|---|---|---|');
    for (const row of rows) {
      lines.push(`| \`${row.owners.length > 1 ? `*.${row.field}` : row.parameters[0]}\` | ${cell(row.from)} | ${cell(row.to)} | ${row.owners.length > 0 ? ownersText(row.owners, diff) : 'app'} | ${row.governs.join('<br>')} |`);
    }
  }
  lines.push('', '### Objects on one side only', '');
  if (diff.onlyOnOneSide.length === 0) lines.push('None.');
  else {
    lines.push('| only in | kind | objects | toggled by |', '|---|---|---|---|');
    for (const sideName of ['from', 'to'] as const) {
      for (const [kind, objects] of groupBy(diff.onlyOnOneSide.filter((o) => o.side === sideName), (o) => o.object.split('/')[0])) {
        const toggles = [...new Set(objects.flatMap((o) => o.toggledBy.map(foldOwnerName(diff))))].sort();
        lines.push(`| ${diff[sideName].name} | ${kind} | ${objects.map((o) => o.object.split('/')[1]).join(', ')} | ${toggles.map((t) => `\`${t}\``).join(', ')} |`);
      }
    }
  }
  if (diff.objects) {
    lines.push('', '### Fields that differ', '');
    if (diff.objects.length === 0) lines.push('No object differs beyond its namespace.');
    for (const object of diff.objects) {
      lines.push(`#### ${object.object}${object.renamedFrom ? ` (was ${object.renamedFrom})` : ''}`, '', `| field | ${from.name} | ${to.name} | parameters |`, '|---|---|---|---|');
      for (const field of object.fields) lines.push(`| \`${field.path}\` | ${cell(field.from)} | ${cell(field.to)} | ${field.parameters.join(', ')} |`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `gateway.autoscaling.enabled` → `*.autoscaling.enabled` when several owners share the toggle. */
function foldOwnerName(diff: EnvironmentDiff): (name: string) => string {
  const fieldOwners = new Map<string, number>();
  for (const p of diff.parameters) if (p.owner) fieldOwners.set(p.field, (fieldOwners.get(p.field) ?? 0) + 1);
  return (name) => {
    const change = diff.parameters.find((p) => p.name === name);
    return change?.owner && (fieldOwners.get(change.field) ?? 0) > 1 ? `*.${change.field}` : name;
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return [...groups];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
