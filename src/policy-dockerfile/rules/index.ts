// Every Dockerfile rule, in the order the docs list them.
import type { DockerfileRule } from '../dockerfile-rule.ts';
import { addInsteadOfCopy } from './add-instead-of-copy.ts';
import { exposeMismatch } from './expose-mismatch.ts';
import { packageCache } from './package-cache.ts';
import { rootUser } from './root-user.ts';
import { secretInBuild } from './secret-in-build.ts';
import { singleStage } from './single-stage.ts';
import { unpinnedBase } from './unpinned-base.ts';
import { userNotNumeric } from './user-not-numeric.ts';

export const dockerfileRules: readonly DockerfileRule[] = [
  rootUser,
  userNotNumeric,
  unpinnedBase,
  singleStage,
  addInsteadOfCopy,
  secretInBuild,
  exposeMismatch,
  packageCache,
];
