// `command` / `entrypoint` (a string Compose splits into words, or a list) → words, with host names
// of other services rewritten to their cluster Service names.
import { InputError } from '../../diagnostics.ts';
import { isSeqNode, scalarText, type MapEntry } from './compose-node.ts';
import type { ImportContext } from './import-context.ts';
import { splitShellWords } from './shell-words.ts';

export function readCommand(entry: MapEntry | undefined, path: string, context: ImportContext): string[] | undefined {
  if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) return undefined;
  let words: string[] | undefined;
  if (isSeqNode(entry.value)) {
    words = entry.value.items.map((item) => scalarText(item) ?? '');
  } else {
    words = splitShellWords(scalarText(entry.value) ?? '');
    if (words === undefined) {
      const message = `${path} has an unterminated quote`;
      throw new InputError(message, [{ code: 'compose-command', severity: 'error', message, position: entry.keyPos, path, hint: 'Close the quote, or write the command as a list of words.' }]);
    }
  }
  const rewritten = words.map((word) => {
    const result = context.hosts.rewriteValue(word);
    if (result.targets.length > 0) {
      context.reporter.info('compose-command-host', `${path}: "${word}" now names the cluster Service (${result.value})`, entry.keyPos, path, 'In the cluster every component is reached at its Service, <app>-<component>.');
      return result.value;
    }
    const bare = context.hosts.target(word);
    if (bare && bare.serviceName !== word) {
      context.reporter.warn('compose-command-host', `${path}: "${word}" looks like the host name of service ${bare.plan.composeName}; in the cluster it is ${bare.serviceName}`, entry.keyPos, path, `Replace it with ${bare.serviceName} in berth.yaml if it is a host name.`);
    }
    return word;
  });
  return rewritten;
}
