// Label selectors indexed by one label pair each of them requires, so that finding the selectors
// that match a pod looks at a handful of candidates instead of every selector: a large app has a
// NetworkPolicy and a Service per component, and asking each of them about each pod is quadratic.
import { asRecord } from './json-values.ts';
import { matchesLabelSelector, matchesMapSelector, readLabels, type Labels } from './label-selector.ts';

/**
 * `labelSelector`: a metav1.LabelSelector (NetworkPolicy `podSelector`), where a missing selector
 * matches nothing; `map`: a plain map (`Service.spec.selector`), where the empty map matches everything.
 */
export type SelectorForm = 'labelSelector' | 'map';

/** The items whose selector matches `labels`, in the order the items were given. */
export type SelectorLookup<T> = (labels: Labels) => T[];

export function indexSelectors<T>(items: readonly T[], selectorOf: (item: T) => unknown, form: SelectorForm): SelectorLookup<T> {
  const matches = (index: number, labels: Labels): boolean => {
    const selector = selectorOf(items[index]);
    return form === 'map' ? matchesMapSelector(readLabels(selector), labels) : matchesLabelSelector(selector, labels);
  };
  // Each selector is anchored at the pair it requires that the fewest selectors require: the pairs an
  // app puts on every object (its name, its instance) would make every selector a candidate for every pod.
  const required = items.map((item) => {
    const pairs = requiredPairs(selectorOf(item), form);
    return pairs === 'never' ? pairs : pairs.map((pair) => pairKey(...pair));
  });
  const requiredBy = new Map<string, number>();
  for (const keys of required) if (keys !== 'never') for (const key of keys) requiredBy.set(key, (requiredBy.get(key) ?? 0) + 1);
  // Selectors without a required pair (only expressions, or empty) are candidates for every pod.
  const unanchored: number[] = [];
  const anchored = new Map<string, number[]>();
  required.forEach((keys, index) => {
    if (keys === 'never') return;
    if (keys.length === 0) return void unanchored.push(index);
    const key = keys.reduce((rarest, candidate) => (requiredBy.get(candidate)! < requiredBy.get(rarest)! ? candidate : rarest));
    const list = anchored.get(key);
    if (list) list.push(index);
    else anchored.set(key, [index]);
  });
  return (labels) => {
    const candidates = [...unanchored];
    for (const [key, value] of Object.entries(labels)) candidates.push(...(anchored.get(pairKey(key, value)) ?? []));
    // A pod's own pairs find each candidate once, so only the order needs restoring.
    return candidates
      .sort((a, b) => a - b)
      .filter((index) => matches(index, labels))
      .map((index) => items[index]);
  };
}

/** The label pairs every matching pod carries (none for a selector of expressions only); 'never' when nothing matches. */
function requiredPairs(selector: unknown, form: SelectorForm): readonly (readonly [string, string])[] | 'never' {
  if (form === 'labelSelector') {
    const record = asRecord(selector);
    if (!record) return 'never';
    return Object.entries(readLabels(record.matchLabels));
  }
  return Object.entries(readLabels(selector));
}

// NUL has no place in a label key or value; two pairs that still shared a key would only add a
// candidate, which the full match then turns down.
const pairKey = (key: string, value: string) => `${key}\u0000${value}`;
