// Kubernetes label selectors, evaluated the way the API server does, against pod template labels.
import { asArray, asRecord, asString, asStringArray } from './json-values.ts';

export type Labels = Readonly<Record<string, string>>;

/** Reads string-valued labels; non-string values (unquoted numbers or booleans in YAML) are left out. */
export function readLabels(value: unknown): Labels {
  const record = asRecord(value) ?? {};
  const labels: Record<string, string> = {};
  for (const [key, v] of Object.entries(record)) if (typeof v === 'string') labels[key] = v;
  return labels;
}

/** A map selector (`Service.spec.selector`, ReplicationController): every pair must be present. */
export function matchesMapSelector(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/**
 * A metav1.LabelSelector (`matchLabels` and `matchExpressions`). The empty selector `{}` matches every
 * pod; a missing selector (undefined/null) matches none, as for NetworkPolicy peers and PDBs.
 */
export function matchesLabelSelector(selector: unknown, labels: Labels): boolean {
  return compileSelector(selector)(labels);
}

type LabelPredicate = (labels: Labels) => boolean;

const NOTHING: LabelPredicate = () => false;

/** Selectors are compared with many pod templates: parse each one once. */
const compiled = new WeakMap<object, LabelPredicate>();

function compileSelector(selector: unknown): LabelPredicate {
  const record = asRecord(selector);
  if (!record) return NOTHING;
  let predicate = compiled.get(record);
  if (!predicate) {
    const pairs = Object.entries(readLabels(record.matchLabels));
    const expressions = asArray(record.matchExpressions).map(compileExpression);
    predicate = (labels) => pairs.every(([key, value]) => labels[key] === value) && expressions.every((matches) => matches(labels));
    compiled.set(record, predicate);
  }
  return predicate;
}

function compileExpression(expression: unknown): LabelPredicate {
  const record = asRecord(expression);
  const key = asString(record?.key);
  if (!record || key === undefined) return NOTHING;
  const values = asStringArray(record.values);
  const present = (labels: Labels): boolean => Object.prototype.hasOwnProperty.call(labels, key);
  switch (record.operator) {
    case 'In':
      return (labels) => present(labels) && values.includes(labels[key]);
    case 'NotIn':
      return (labels) => !present(labels) || !values.includes(labels[key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return (labels) => !present(labels);
    default:
      return NOTHING;
  }
}

/** `app=todo,tier in (web)` — how a selector reads in a message. */
export function describeSelector(selector: unknown): string {
  const record = asRecord(selector);
  if (!record) return 'none';
  const parts = Object.entries(readLabels(record.matchLabels ?? (record.matchExpressions ? {} : record))).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const expression of asArray(record.matchExpressions)) {
    const e = asRecord(expression);
    if (!e) continue;
    const values = asStringArray(e.values);
    parts.push(`${String(e.key)} ${String(e.operator)}${values.length ? ` (${values.join(', ')})` : ''}`);
  }
  return parts.length ? parts.join(',') : '{} (everything)';
}
