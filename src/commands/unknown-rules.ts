// Exceptions that name a policy rule berth does not have: most likely a typo that accepts nothing.
// Shared by `validate` and `check`, so both refuse the spec at the exception's line.
import type { Diagnostic } from '../diagnostics.ts';
import type { AppModel } from '../model/resolve.ts';
import { validatePolicyOptions } from '../policy/index.ts';

export function findUnknownRules(model: AppModel): Diagnostic[] {
  const spec = model.spec.base;
  const located: Diagnostic[] = [];
  const locate = (rule: string, reason: string, list: string, index: number): void => {
    const path = `${list}.${index}`;
    const problem = validatePolicyOptions({ exceptions: [{ rule, reason }] })[0];
    if (problem) located.push({ ...problem, message: `${list}: ${problem.message.replace(/^exception 1 /, '')}`, position: spec.positions.get(`${path}.rule`), path });
  };
  for (const c of spec.components) c.exceptions.forEach((e, index) => locate(e.rule, e.reason, `components.${c.name}.exceptions`, index));
  for (const [name, view] of model.spec.environments) {
    view.environmentExceptions.forEach((e, index) => locate(e.rule, e.reason, `environments.${name}.exceptions`, index));
  }
  return located;
}
