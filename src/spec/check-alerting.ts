// Rules for `alerting` routing that the schema alone cannot state: every route names declared
// receivers, and an environment reroutes only routes the app declares.
import type { Diagnostic } from '../diagnostics.ts';
import { closestMatch } from './did-you-mean.ts';
import type { SpecInput } from './schema.ts';
import type { SourceLocator } from './source-map.ts';

export function checkAlerting(input: SpecInput, locator: SourceLocator): Diagnostic[] {
  const alerting = input.alerting;
  const diagnostics: Diagnostic[] = [];
  const declared = Object.keys(alerting?.receivers ?? {});
  const checkReceivers = (routes: Record<string, { receivers: string[] } | undefined>, at: (string | number)[]) => {
    for (const [key, route] of Object.entries(routes)) {
      route?.receivers.forEach((name, index) => {
        if (declared.includes(name)) return;
        const suggestion = closestMatch(name, declared);
        diagnostics.push({
          code: 'unknown-receiver',
          severity: 'error',
          message: `route ${key} sends to receiver "${name}", which alerting.receivers does not declare${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          position: locator.valueAt([...at, key, 'receivers', index]),
          path: [...at, key, 'receivers', index].join('.'),
          hint: declared.length > 0 ? `Declared receivers: ${declared.join(', ')}.` : 'Declare it under alerting.receivers (slack, pagerduty or email).',
        });
      });
    }
  };
  checkReceivers(alerting?.routes ?? {}, ['alerting', 'routes']);
  for (const [env, settings] of Object.entries(input.environments ?? {})) {
    const routes = settings.alerting?.routes;
    if (!routes) continue;
    checkReceivers(routes, ['environments', env, 'alerting', 'routes']);
    for (const key of Object.keys(routes)) {
      if (alerting?.routes?.[key as keyof typeof routes]) continue;
      diagnostics.push({
        code: 'route-not-declared',
        severity: 'error',
        message: `environment ${env} routes ${key}, but the app declares no route ${key}`,
        position: locator.keyAt(['environments', env, 'alerting', 'routes'], key),
        path: ['environments', env, 'alerting', 'routes', key].join('.'),
        hint: `Declare the route under alerting.routes (every environment has the same routes; an environment changes their receivers or repeat interval).`,
      });
    }
  }
  return diagnostics;
}
