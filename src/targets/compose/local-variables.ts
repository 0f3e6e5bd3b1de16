// The variables deploy/compose/.env must define: one per Secret key the spec reads (berth never
// writes secret values, so Compose interpolates them from .env) and one per dependency password.
import type { AppSpec, Dependency } from '../../spec/app-spec.ts';

export interface LocalVariable {
  /** `.env` name: the Secret name and key in upper snake case (`todo-openai` + `api-key` → TODO_OPENAI_API_KEY). */
  readonly name: string;
  readonly purpose: string;
  /** How to make a value: a random password, or "your value". */
  readonly generate?: string;
}

export function toVariableName(secret: string, key: string): string {
  return `${secret}_${key}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, '_$1');
}

/** Compose interpolation that stops `docker compose up` with a clear message when the variable is missing. */
export function formatRequiredReference(name: string): string {
  return `\${${name}:?set ${name} in deploy/compose/.env (see README.md)}`;
}

export function toPasswordVariable(dependency: Dependency): string {
  return toVariableName(dependency.credentials, 'password');
}

export function listLocalVariables(spec: AppSpec): LocalVariable[] {
  const found = new Map<string, LocalVariable>();
  for (const component of spec.components) {
    for (const variable of component.env) {
      if (variable.kind !== 'secret') continue;
      const name = toVariableName(variable.secret, variable.key);
      const previous = found.get(name);
      const purpose = `${component.name} ${variable.name} (Secret ${variable.secret}, key ${variable.key})`;
      found.set(name, { name, purpose: previous ? `${previous.purpose}; ${purpose}` : purpose });
    }
  }
  for (const dependency of spec.dependencies) {
    const name = toPasswordVariable(dependency);
    found.set(name, { name, purpose: `password of the local ${dependency.kind} "${dependency.name}" (Secret ${dependency.credentials} in the cluster)`, generate: 'openssl rand -hex 24' });
  }
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
