// A base image tag that moves makes two builds of the same commit ship different software.
import { classifyPinning, parseImageReference } from '../image-reference.ts';
import { expandVariables, findStage, type DockerInstruction } from '../parse-dockerfile.ts';
import type { DockerfileFinding, DockerfileRule } from '../dockerfile-rule.ts';

export const unpinnedBase: DockerfileRule = {
  id: 'dockerfile-unpinned-base',
  severity: 'error',
  summary: 'Every base image (FROM, COPY --from=<image>) names an exact release tag or a digest.',
  check(dockerfile) {
    const findings: DockerfileFinding[] = [];
    for (const stage of dockerfile.stages) {
      if (!findStage(dockerfile.stages, stage.image, stage.index)) findings.push(...judgeImage(stage.image, stage.from));
      for (const instruction of stage.instructions) {
        const from = instruction.flags.from;
        if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && from && !findStage(dockerfile.stages, from, stage.index)) {
          findings.push(...judgeImage(expandVariables(from, dockerfile.globalArgs), instruction));
        }
      }
    }
    return findings;
  },
};

function judgeImage(image: string, at: DockerInstruction): DockerfileFinding[] {
  if (image === 'scratch') return [];
  if (image.includes('$')) {
    return [
      {
        at,
        severity: 'warning',
        message: `the base image ${image} comes from a build argument without a default, so it cannot be checked`,
        hint: 'Give the ARG a default that names an exact tag, e.g. `ARG BASE=python:3.12.8-slim-bookworm`.',
      },
    ];
  }
  const pinning = classifyPinning(parseImageReference(image));
  switch (pinning) {
    case 'digest':
    case 'exact':
      return [];
    case 'missing':
    case 'latest':
      return [
        {
          at,
          message: `${image} ${pinning === 'missing' ? 'has no tag' : 'uses the tag latest'}, so each build may start from a different image`,
          hint: 'Name an exact release, e.g. `node:22.12.0-alpine3.21`, or add a digest (`@sha256:...`).',
        },
      ];
    case 'floating':
      return [
        {
          at,
          severity: 'warning',
          message: `${image} uses a tag that moves to newer builds`,
          hint: 'Name the full release (major.minor.patch and the OS release, e.g. `python:3.12.8-slim-bookworm`) or add a digest.',
        },
      ];
  }
}
