// Package manager caches and indexes left in a layer add tens of megabytes that nothing uses.
import { listShippedStages, type DockerInstruction } from '../parse-dockerfile.ts';
import { readKeyValues } from '../effective-user.ts';
import type { DockerfileFinding, DockerfileRule } from '../dockerfile-rule.ts';

interface CacheCheck {
  readonly tool: string;
  readonly installs: RegExp;
  /** The same RUN step clears the cache, or never writes it. */
  readonly clean: RegExp;
  /** A BuildKit cache mount on one of these paths keeps the cache out of the layer. */
  readonly cachePaths: RegExp;
  readonly hint: string;
}

const CHECKS: readonly CacheCheck[] = [
  {
    tool: 'apt-get',
    installs: /\bapt(-get)?\s+(-\S+\s+)*install\b/,
    clean: /rm\s+-[a-z]*r[a-z]*f?\s+[^;&|]*\/var\/lib\/apt\/lists/,
    cachePaths: /\/var\/(lib|cache)\/apt/,
    hint: 'End the same RUN with `&& rm -rf /var/lib/apt/lists/*` (and use --no-install-recommends).',
  },
  {
    tool: 'apk',
    installs: /\bapk\s+(-\S+\s+)*add\b/,
    clean: /--no-cache\b|rm\s+-[a-z]*r[a-z]*f?\s+[^;&|]*\/var\/cache\/apk/,
    cachePaths: /\/var\/cache\/apk/,
    hint: 'Use `apk add --no-cache ...`.',
  },
  {
    tool: 'dnf/yum',
    installs: /\b(dnf|yum|microdnf)\s+(-\S+\s+)*install\b/,
    clean: /\b(dnf|yum|microdnf)\s+clean\s+all\b|rm\s+-[a-z]*r[a-z]*f?\s+[^;&|]*\/var\/cache\/(dnf|yum)/,
    cachePaths: /\/var\/cache\/(dnf|yum)/,
    hint: 'End the same RUN with `&& dnf clean all` (or `yum clean all`).',
  },
  {
    tool: 'pip',
    installs: /\bpip3?\s+(-\S+\s+)*install\b/,
    clean: /--no-cache-dir\b/,
    cachePaths: /\.cache\/pip/,
    hint: 'Use `pip install --no-cache-dir ...` or set `ENV PIP_NO_CACHE_DIR=1`.',
  },
];

export const packageCache: DockerfileRule = {
  id: 'dockerfile-package-cache',
  severity: 'warning',
  summary: 'RUN steps of the shipped stages leave no package manager cache behind (apt lists, apk, dnf/yum, pip).',
  check(dockerfile) {
    const findings: DockerfileFinding[] = [];
    for (const stage of listShippedStages(dockerfile)) {
      const pipCacheOff = stage.instructions.some(
        (i) => i.keyword === 'ENV' && readKeyValues(i).some(([name, value]) => name === 'PIP_NO_CACHE_DIR' && value !== undefined && !/^(0|false|no|off)$/i.test(value)),
      );
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        for (const check of CHECKS) {
          if (!check.installs.test(instruction.content) || check.clean.test(instruction.content)) continue;
          if (usesCacheMount(instruction, check.cachePaths)) continue;
          if (check.tool === 'pip' && pipCacheOff) continue;
          findings.push({
            at: instruction,
            message: `${check.tool} installs packages but leaves its cache in the layer`,
            hint: check.hint,
          });
        }
      }
    }
    return findings;
  },
};

function usesCacheMount(instruction: DockerInstruction, paths: RegExp): boolean {
  const mount = instruction.flags.mount;
  return mount !== undefined && /type=cache/.test(mount) && paths.test(mount);
}
