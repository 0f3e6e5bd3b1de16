// The spec content and its comments → berth.yaml text: a schema line for editors, a header saying
// where it came from, comments above the keys they explain, short lists in flow style.
import { Document, isMap, isScalar, isSeq, visit, type Scalar, type YAMLMap } from 'yaml';
import type { SpecComment } from './import-context.ts';

/** Strings YAML 1.1 readers (and some editors) would take for booleans or null. */
const INLINE_KEYS = new Set(['secret', 'key', 'path', 'port']);
const AMBIGUOUS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

export function writeSpec(spec: Record<string, unknown>, comments: readonly SpecComment[], header: readonly string[]): string {
  const document = new Document(spec, { aliasDuplicateObjects: false });
  document.commentBefore = header.map((line) => ` ${line}`).join('\n');
  for (const comment of comments) {
    const parent = comment.path.length === 1 ? document.contents : document.getIn(comment.path.slice(0, -1), true);
    if (!isMap(parent)) continue;
    const pair = (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === comment.path[comment.path.length - 1]);
    if (!pair || !isScalar(pair.key)) continue;
    const key = pair.key as Scalar;
    const text = ` ${comment.text}`;
    key.commentBefore = key.commentBefore ? `${key.commentBefore}\n${text}` : text;
  }
  visit(document, {
    Seq(_, node) {
      const scalars = node.items.every((item) => isScalar(item) && typeof item.value !== 'object');
      const width = node.items.reduce<number>((sum, item) => sum + String((item as Scalar).value).length + 2, 0);
      if (scalars && width <= 60 && node.items.every((item) => !String((item as Scalar).value).includes('\n'))) node.flow = true;
    },
    Map(_, node) {
      // `{ secret, key }` references and `{ path, port }` checks read best on one line.
      const keys = node.items.map((item) => (isScalar(item.key) ? String(item.key.value) : ''));
      if (keys.length > 0 && keys.every((k) => INLINE_KEYS.has(k)) && node.items.every((item) => isScalar(item.value))) node.flow = true;
    },
    Scalar(_, node) {
      if (typeof node.value === 'string' && AMBIGUOUS.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Flow lists inside block maps only; a map inside a flow list would read poorly.
  visit(document, {
    Seq(_, node) {
      if (node.items.some((item) => isMap(item) || isSeq(item))) node.flow = false;
    },
  });
  return document.toString({ lineWidth: 0 });
}
