// Kubernetes can only prove `runAsNonRoot` for a numeric UID; a name is refused at start-up.
import { classifyUser, findEffectiveUser } from '../effective-user.ts';
import type { DockerfileRule } from '../dockerfile-rule.ts';

export const userNotNumeric: DockerfileRule = {
  id: 'dockerfile-user-not-numeric',
  severity: 'warning',
  summary: 'The final USER is numeric (`USER 10001` or `USER 10001:10001`), so runAsNonRoot can verify it.',
  check(dockerfile) {
    const user = findEffectiveUser(dockerfile);
    if (!user || user.value === undefined || classifyUser(user.value) !== 'name') return [];
    return [
      {
        at: user.at,
        message: `USER ${user.value} is a name; with runAsNonRoot the kubelet cannot tell whether it is root and refuses to start the container`,
        hint: 'Use the numeric UID (e.g. `USER 10001:10001`, or `USER 1000` for the node image\'s `node` user) and the same `user:` in berth.yaml.',
      },
    ];
  },
};
