// A one-off service (another service waits for it with `service_completed_successfully`, or it says
// `restart: "no"`) that runs the same image as a component → a berth job of that component (a
// migration run before each rollout).
import { toPlain, valueOf } from './compose-node.ts';
import { planOf, type ImportContext } from './import-context.ts';
import { KeyTracker } from './key-tracker.ts';
import { toDictionary } from './merge-compose.ts';
import type { ServicePlan } from './plan-services.ts';
import { readCommand } from './read-command.ts';
import { reportLeftovers } from './unsupported-keys.ts';

export function mapJob(plan: ServicePlan, context: ImportContext): Record<string, unknown> {
  const { reporter } = context;
  const path = `services.${plan.composeName}`;
  const service = new KeyTracker(plan.entry.value, path);
  const component = planOf(context, plan.jobComponent!)!;
  reporter.info(
    'compose-job',
    plan.jobReason === 'one-shot'
      ? `${path} runs once (restart: "no"), with the image of ${component.composeName}: it becomes a job of component ${component.name}, run before every rollout`
      : `${path} runs once before ${component.composeName} starts (service_completed_successfully), with the same image: it becomes a job of component ${component.name}, run before every rollout`,
    plan.entry.keyPos,
    path,
    'A job must be safe to run again (migrations usually are).',
  );
  for (const key of ['image', 'build', 'restart', 'profiles', 'container_name', 'labels']) service.take(key);
  const entrypoint = readCommand(service.take('entrypoint'), service.child('entrypoint'), context);
  const command = readCommand(service.take('command'), service.child('command'), context);
  const value: Record<string, unknown> = { component: component.name };
  if (entrypoint && entrypoint.length > 0) {
    value.command = entrypoint;
    if (command && command.length > 0) value.args = command;
  } else {
    value.command = command;
    reporter.info('compose-job-command', `${service.child('command')} becomes the job's container command, which replaces the image ENTRYPOINT`, service.peek('command')?.keyPos, service.child('command'), 'If the image has an ENTRYPOINT the command relies on (e.g. docker-entrypoint.sh), put it first in jobs.<name>.command.');
  }
  const dependsOn = service.take('depends_on');
  const needs = (dependsOn ? toDictionary(dependsOn.value)?.entries ?? [] : []).map((e) => planOf(context, e.key)).filter((p) => p && p.role === 'component');
  if (needs.length > 0) reporter.warn('compose-depends-on-order', `${service.child('depends_on')}: the job waits for ${needs.map((p) => p!.composeName).join(', ')} in Compose; berth runs it before the rollout`, dependsOn!.keyPos, service.child('depends_on'), 'Make the job retry until what it needs answers.');
  for (const key of ['environment', 'env_file', 'volumes', 'secrets', 'configs']) {
    const entry = service.take(key);
    if (!entry) continue;
    // The same settings as the component (often from one YAML anchor) are carried by the component.
    if (JSON.stringify(toPlain(entry.value)) === JSON.stringify(toPlain(valueOf(component.entry.value, key)))) continue;
    const names = key === 'environment' ? (toDictionary(entry.value)?.entries ?? []).map((e) => e.key) : [];
    reporter.warn(
      'compose-job-settings',
      `${service.child(key)} is not carried over: the job runs with component ${component.name}'s ${key === 'environment' || key === 'env_file' ? 'environment' : 'files and volumes'}${names.length > 0 ? ` (variables set only here: ${names.join(', ')})` : ''}`,
      entry.keyPos,
      service.child(key),
      `Declare what the job needs on component ${component.name}.`,
    );
  }
  reportLeftovers(service, reporter, {}, undefined, { why: `a job runs with component ${component.name}'s settings`, hint: `Declare it on component ${component.name} if the job needs it.` });
  return value;
}
