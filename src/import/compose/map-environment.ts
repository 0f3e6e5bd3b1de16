// `env_file` + `environment` → berth env: literals (host names rewritten to Service names), secret
// references for anything that looks like a secret (berth never writes secret values), and
// connection URLs of Redis/PostgreSQL dependencies turned into `uses`.
import { InputError, type SourcePosition } from '../../diagnostics.ts';
import { isPlaceholder, isSecretLikeName, secretContent } from '../../policy/rules/secret-patterns.ts';
import { isMapNode, isScalarNode, isSeqNode, scalarText, valueOf, type ComposeNode } from './compose-node.ts';
import { parseDotenv } from './dotenv.ts';
import type { KeyTracker } from './key-tracker.ts';
import { toDictionary } from './merge-compose.ts';
import { isEnvVarName } from './names.ts';
import type { Reporter } from './reporter.ts';
import type { HostTarget, ServiceHosts } from './service-hosts.ts';

export type EnvValue = string | { secret: string; key: string };

export interface EnvVariable {
  readonly name: string;
  readonly value: EnvValue;
  readonly position: SourcePosition;
  /** A comment for the spec (why the value differs from the Compose file). */
  readonly note?: string;
}

export interface DependencyUse {
  readonly dependency: string;
  readonly env: string;
  readonly variable: string;
  readonly position: SourcePosition;
}

export interface EnvironmentResult {
  readonly variables: EnvVariable[];
  /** Dependencies reached through a connection URL variable, which berth now injects. */
  readonly urlUses: DependencyUse[];
}

export interface EnvironmentInput {
  readonly tracker: KeyTracker;
  readonly app: string;
  readonly component: string;
  readonly environment: ReadonlyMap<string, string>;
  readonly readFile: (path: string) => string | undefined;
  readonly hosts: ServiceHosts;
  readonly reporter: Reporter;
}

interface RawVariable {
  readonly name: string;
  readonly value: string | undefined;
  readonly position: SourcePosition;
  readonly path: string;
}

export function mapEnvironment(input: EnvironmentInput): EnvironmentResult {
  const raw = new Map<string, RawVariable>();
  for (const variable of readEnvFiles(input)) raw.set(variable.name, variable);
  // `environment` wins over env_file, as in Compose.
  for (const variable of readEnvironment(input)) raw.set(variable.name, variable);

  const variables: EnvVariable[] = [];
  const urlUses: DependencyUse[] = [];
  const secret = `${input.app}-${input.component}`;
  for (const variable of raw.values()) {
    if (!isEnvVarName(variable.name)) {
      const looksLikeDefault = /^[A-Za-z_][A-Za-z0-9_]*:?[-?+]/.exec(variable.name);
      input.reporter.warn(
        'compose-env-name',
        `${variable.path}: "${variable.name}" is not a valid environment variable name; it is not carried over`,
        variable.position,
        variable.path,
        looksLikeDefault ? `It looks like a default written with interpolation syntax; write ${looksLikeDefault[0].replace(/:?[-?+]$/, '')}=value.` : 'Use letters, digits and "_", not starting with a digit.',
      );
      continue;
    }
    if (variable.value === undefined) {
      input.reporter.warn('compose-env-unset', `${variable.path}: ${variable.name} takes its value from the environment, where it is not set; it is not carried over`, variable.position, variable.path, `Set ${variable.name} when importing, or write ${variable.name}=value.`);
      continue;
    }
    const url = input.hosts.dependencyUrl(variable.value);
    if (url) {
      urlUses.push({ dependency: url.target.plan.name, env: variable.name, variable: variable.name, position: variable.position });
      input.reporter.warn(
        'compose-env-dependency-url',
        `${variable.path}: ${variable.name} points at ${url.target.plan.composeName}, which becomes berth's ${url.kind} dependency; berth now injects ${variable.name} with the in-cluster URL (or the external one)`,
        variable.position,
        variable.path,
        `The URL has berth's own form (${url.kind === 'redis' ? 'redis://:<password>@<host>:6379/0' : 'postgresql://postgres:<password>@<host>:5432/<database>'}); check the app accepts it.`,
      );
      continue;
    }
    const secretLike = (isSecretLikeName(variable.name) && !isPlaceholder(variable.value)) || secretContent(variable.value) !== undefined;
    if (secretLike) {
      const key = variable.name.toLowerCase();
      variables.push({ name: variable.name, value: { secret, key }, position: variable.position, note: 'secret value left out of berth.yaml' });
      input.reporter.warn(
        'compose-env-secret',
        `${variable.path}: ${variable.name} looks like a secret; berth never writes secret values, so it reads it from Secret ${secret} (key ${key})`,
        variable.position,
        variable.path,
        `Create the Secret before deploying: kubectl create secret generic ${secret} --from-literal=${key}=<value> (one --from-literal per key the warnings list for ${secret}).`,
      );
      continue;
    }
    const rewritten = input.hosts.rewriteValue(variable.value, variable.name);
    if (rewritten.targets.length > 0) reportRewrite(input.reporter, variable, rewritten.targets);
    variables.push({
      name: variable.name,
      value: rewritten.value,
      position: variable.position,
      ...(rewritten.targets.length > 0 ? { note: `was ${JSON.stringify(variable.value)} in Compose` } : {}),
    });
  }
  return { variables, urlUses };
}

function reportRewrite(reporter: Reporter, variable: RawVariable, targets: readonly HostTarget[]): void {
  const names = [...new Set(targets.map((t) => `${t.plan.composeName} → ${t.serviceName}`))].join(', ');
  reporter.info('compose-env-host', `${variable.path}: host names rewritten to the cluster Service names (${names})`, variable.position, variable.path, 'In the cluster every component is reached at its Service, <app>-<component>.');
}

function readEnvironment(input: EnvironmentInput): RawVariable[] {
  const entry = input.tracker.take('environment');
  if (!entry) return [];
  const dictionary = toDictionary(entry.value);
  if (!dictionary) return [];
  const path = input.tracker.child('environment');
  return dictionary.entries.map((e) => {
    const text = e.value.kind === 'scalar' && e.value.value !== null ? scalarText(e.value) : undefined;
    return { name: e.key, value: text ?? input.environment.get(e.key), position: e.keyPos, path: `${path}.${e.key}` };
  });
}

function readEnvFiles(input: EnvironmentInput): RawVariable[] {
  const entry = input.tracker.take('env_file');
  if (!entry) return [];
  const items: ComposeNode[] = isSeqNode(entry.value) ? [...entry.value.items] : [entry.value];
  const variables: RawVariable[] = [];
  items.forEach((item, index) => {
    const pathNode = isMapNode(item) ? valueOf(item, 'path') : item;
    const file = scalarText(pathNode);
    if (!file) return;
    const written = isScalarNode(pathNode) ? pathNode.writtenPath ?? file : file;
    const required = isMapNode(item) ? scalarText(valueOf(item, 'required')) !== 'false' : true;
    const raw = isMapNode(item) && scalarText(valueOf(item, 'format')) === 'raw';
    const text = input.readFile(file);
    const where = `${input.tracker.child('env_file')}[${index}]`;
    if (text === undefined) {
      if (!required) {
        input.reporter.info('compose-env-file-missing', `${where}: optional env file ${written} does not exist; skipped`, item.pos, where);
        return;
      }
      const message = `${where}: env file ${written} cannot be read`;
      throw new InputError(message, [{ code: 'compose-env-file-missing', severity: 'error', message, position: item.pos, path: where, hint: 'Create the file (paths are relative to the Compose file), or mark it `required: false`.' }]);
    }
    const scope = {
      lookup: (name: string) => input.environment.get(name),
      onUnset: (name: string, position: SourcePosition) =>
        input.reporter.warn('compose-variable-unset', `variable ${name} is not set; it is replaced by an empty string`, position, undefined, `Set ${name} in the environment or in .env.`),
    };
    for (const variable of parseDotenv(text, file, { scope, raw })) {
      variables.push({ name: variable.name, value: variable.value, position: variable.position, path: `${where}.${variable.name}` });
    }
  });
  return variables;
}
