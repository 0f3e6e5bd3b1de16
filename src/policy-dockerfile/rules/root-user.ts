// The image that ships must not run as root: a container escape then starts with uid 0.
import { classifyUser, findEffectiveUser } from '../effective-user.ts';
import type { DockerfileRule } from '../dockerfile-rule.ts';

export const rootUser: DockerfileRule = {
  id: 'dockerfile-root-user',
  severity: 'error',
  summary: 'The final stage sets a non-root USER (or starts from an image whose default user is not root).',
  check(dockerfile) {
    const user = findEffectiveUser(dockerfile);
    if (!user) return [];
    if (user.value === undefined) {
      return [
        {
          at: user.at,
          message: `the final stage has no USER, so the container runs as root (base image ${user.image})`,
          hint: 'Add `USER 10001` (any UID other than 0) after the last RUN of the final stage, and set the same `user:` in berth.yaml.',
        },
      ];
    }
    if (classifyUser(user.value) === 'root') {
      return [
        {
          at: user.at,
          message: `USER ${user.value} runs the container as root`,
          hint: 'Switch to an unprivileged numeric user, e.g. `USER 10001`; do root-only work in RUN steps before it.',
        },
      ];
    }
    return [];
  },
};
