// EXPOSE documents the port; when it disagrees with berth.yaml the probes and the Service aim elsewhere.
import { collectStageVariables } from '../effective-user.ts';
import { expandVariables, listShippedStages } from '../parse-dockerfile.ts';
import type { DockerfileRule } from '../dockerfile-rule.ts';

export const exposeMismatch: DockerfileRule = {
  id: 'dockerfile-expose-mismatch',
  severity: 'error',
  summary: 'The final stage EXPOSEs the port the component declares in berth.yaml.',
  check(dockerfile, options) {
    if (options.expectedPort === undefined) return [];
    const chain = listShippedStages(dockerfile);
    if (chain.length === 0) return [];
    const exposes = chain.flatMap((stage) => {
      const variables = collectStageVariables(stage.instructions, dockerfile.globalArgs);
      return stage.instructions.filter((i) => i.keyword === 'EXPOSE').map((instruction) => ({ instruction, ports: instruction.args.map((a) => expandVariables(a, variables)) }));
    });
    const expected = options.expectedPort;
    if (exposes.length === 0) {
      return [
        {
          at: chain[0].from,
          severity: 'warning',
          message: `the final stage does not EXPOSE ${expected}, the port berth.yaml declares`,
          hint: `Add \`EXPOSE ${expected}\` to the final stage.`,
        },
      ];
    }
    const ports = exposes.flatMap((e) => e.ports);
    if (ports.some((p) => p.includes('$'))) return [];
    if (ports.some((p) => Number(p.split('/')[0]) === expected)) return [];
    return [
      {
        at: exposes[exposes.length - 1].instruction,
        message: `EXPOSE ${ports.join(' ')} does not include ${expected}, the port berth.yaml declares`,
        hint: `Make the process listen on one port and say it in both places: \`EXPOSE ${expected}\` or change \`port:\` in berth.yaml.`,
      },
    ];
  },
};
