// Every environment's parameter values side by side, for parameters that differ somewhere. The same
// change made to many components folds into one row (`*.replicas` for all 20 components), so the
// table of a 20-service app reads like the sizing table a team would write by hand.
import { camelKey } from '../model/parameters.ts';
import type { AppModel } from '../model/resolve.ts';
import type { Json } from '../model/template.ts';

export interface EnvironmentRow {
  /** `replicas` for a row that covers several owners; the logical name otherwise. */
  readonly parameter: string;
  readonly owners: readonly string[];
  readonly base: Json;
  /** In the order of `model.registry.environments`. */
  readonly values: readonly Json[];
}

export function buildEnvironmentTable(model: AppModel): EnvironmentRow[] {
  const environments = model.registry.environments;
  const owners = new Map([...model.spec.base.components, ...model.spec.base.dependencies].map((o) => [camelKey(o.name), o.name]));
  const appWide: EnvironmentRow[] = [];
  const folded = new Map<string, { parameter: string; owners: string[]; base: Json; values: Json[] }>();
  for (const p of model.registry.parameters) {
    if (p.builtin === 'fullname' || p.builtin === 'release') continue;
    const values = environments.map((e) => p.values.get(e) as Json);
    if (values.every((v) => JSON.stringify(v) === JSON.stringify(p.base))) continue;
    const owner = owners.get(p.path[0]);
    if (!owner) {
      appWide.push({ parameter: p.name, owners: [], base: p.base, values });
      continue;
    }
    const field = p.path.slice(1).join('.');
    const key = JSON.stringify([field, p.base, values]);
    const row = folded.get(key) ?? { parameter: field, owners: [], base: p.base, values };
    row.owners.push(owner);
    folded.set(key, row);
  }
  const rows = [...folded.values()].map((r) => (r.owners.length === 1 ? { ...r, parameter: `${camelKey(r.owners[0])}.${r.parameter}` } : { ...r, parameter: `*.${r.parameter}` }));
  rows.sort((a, b) => compare(a.parameter.replace(/^[^*][^.]*\./, '*.'), b.parameter.replace(/^[^*][^.]*\./, '*.')) || compare(a.parameter, b.parameter));
  return [...appWide, ...rows];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
