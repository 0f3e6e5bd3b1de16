// ADD silently extracts archives and downloads without verification; COPY does only what it says.
import type { DockerfileFinding, DockerfileRule } from '../dockerfile-rule.ts';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const REMOTE = /^(https?:\/\/|git@|git:\/\/)/i;

export const addInsteadOfCopy: DockerfileRule = {
  id: 'dockerfile-add-instead-of-copy',
  severity: 'warning',
  summary: 'Files are copied with COPY; ADD only to extract a local archive or to fetch a URL with --checksum.',
  check(dockerfile) {
    const findings: DockerfileFinding[] = [];
    for (const stage of dockerfile.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'ADD') continue;
        const sources = listSources(instruction.args);
        const remote = sources.filter((s) => REMOTE.test(s));
        if (remote.length > 0 && !instruction.flags.checksum) {
          findings.push({
            at: instruction,
            message: `ADD downloads ${remote.join(', ')} without verifying it`,
            hint: 'Add `--checksum=sha256:<digest>`, or download in a RUN step with curl and check the sha256 there.',
          });
        } else if (sources.some((s) => !REMOTE.test(s) && !ARCHIVE.test(s))) {
          findings.push({
            at: instruction,
            message: `ADD ${sources.join(' ')} copies local files; ADD would also unpack them if they were archives`,
            hint: 'Use COPY for files and directories; keep ADD for archives you mean to extract.',
          });
        }
      }
    }
    return findings;
  },
};

/** Every argument but the destination; a heredoc counts as a local source. */
function listSources(args: readonly string[]): string[] {
  if (args.length > 0 && args[0].startsWith('<<')) return ['<<heredoc'];
  if (args.length === 1 && args[0].startsWith('[')) return [];
  return args.slice(0, -1);
}
