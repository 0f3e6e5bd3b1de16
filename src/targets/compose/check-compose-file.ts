// compose.yaml (as written on disk) → the differences from the spec's base: services, images, env
// names, container ports, job commands, and secret values that must come from .env. Compose runs no
// Kubernetes objects, so this structure check is what `berth verify` can prove about it.
import { parse } from 'yaml';
import type { AppSpec } from '../../spec/app-spec.ts';
import { buildComponentEnvironment, listComponentEnvNames, toComposeWords, escapeDollars, formatImageReference } from './build-compose-file.ts';

type Json = Record<string, unknown>;

export function checkComposeFile(text: string, spec: AppSpec): string[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return [`compose.yaml is not valid YAML: ${(error as Error).message.split('\n')[0]}`];
  }
  const services = (document as Json | null)?.services as Record<string, Json> | undefined;
  if (!services || typeof services !== 'object') return ['compose.yaml has no services'];
  const differences: string[] = [];
  const expected = [...spec.components.map((c) => c.name), ...spec.dependencies.map((d) => d.name), ...spec.jobs.map((j) => j.name)].sort();
  const actual = Object.keys(services).sort();
  for (const name of expected.filter((n) => !actual.includes(n))) differences.push(`service ${name} is missing`);
  for (const name of actual.filter((n) => !expected.includes(n))) differences.push(`service ${name} is not in the spec`);

  for (const component of spec.components) {
    const service = services[component.name];
    if (!service) continue;
    const where = `services.${component.name}`;
    if (service.image !== formatImageReference(component)) differences.push(`${where}.image is ${JSON.stringify(service.image)}, the spec says ${formatImageReference(component)}`);
    const environment = (service.environment ?? {}) as Record<string, unknown>;
    compareLists(`${where}.environment`, Object.keys(environment).sort(), listComponentEnvNames(component, spec), differences);
    for (const variable of component.env) {
      const value = environment[variable.name];
      if (variable.kind === 'secret' && !(typeof value === 'string' && /^\$\{[A-Z0-9_]+:\?/.test(value))) {
        differences.push(`${where}.environment.${variable.name} must come from .env (\${...}), not a value written in compose.yaml`);
      }
      if (variable.kind === 'literal' && value !== escapeDollars(variable.value)) {
        differences.push(`${where}.environment.${variable.name} is ${JSON.stringify(value)}, the spec says ${JSON.stringify(variable.value)}`);
      }
    }
    const ports = ((service.ports ?? []) as unknown[]).map((p) => containerPort(String(p))).sort((a, b) => a - b);
    compareLists(`${where}.ports (container side)`, ports.map(String), component.ports.map((p) => p.port).sort((a, b) => a - b).map(String), differences);
    if (!((service.ports ?? []) as unknown[]).every((p) => String(p).startsWith('127.0.0.1:'))) differences.push(`${where}.ports must be published on 127.0.0.1 only`);
  }
  for (const dependency of spec.dependencies) {
    const service = services[dependency.name];
    if (service && service.image !== dependency.image) differences.push(`services.${dependency.name}.image is ${JSON.stringify(service.image)}, the spec says ${dependency.image}`);
  }
  for (const job of spec.jobs) {
    const service = services[job.name];
    const component = spec.components.find((c) => c.name === job.component);
    if (!service || !component) continue;
    if (service.image !== formatImageReference(component)) differences.push(`services.${job.name}.image is ${JSON.stringify(service.image)}, the job runs ${formatImageReference(component)}`);
    if (JSON.stringify(service.entrypoint) !== JSON.stringify(toComposeWords(job.command, buildComponentEnvironment(component, spec)))) differences.push(`services.${job.name}.entrypoint differs from the job command ${JSON.stringify(job.command)}`);
    if (service.restart !== 'no') differences.push(`services.${job.name}.restart must be "no" (a one-off job)`);
  }
  return differences;
}

function containerPort(mapping: string): number {
  const withoutProtocol = mapping.split('/')[0];
  return Number(withoutProtocol.split(':').pop());
}

function compareLists(where: string, actual: readonly string[], expected: readonly string[], differences: string[]): void {
  const missing = expected.filter((e) => !actual.includes(e));
  const extra = actual.filter((a) => !expected.includes(a));
  if (missing.length > 0) differences.push(`${where} lacks ${missing.join(', ')}`);
  if (extra.length > 0) differences.push(`${where} has ${extra.join(', ')}, which the spec does not`);
}
