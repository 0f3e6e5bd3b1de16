// The short review `berth init` runs on a terminal: only what detection could not decide (a port,
// the registry, which of several programs are services). Questions are data; the prompt loop takes
// its input and output streams, so a test drives it with a scripted stream.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { DetectedService, Detection } from './detection.ts';

export type ReviewQuestion =
  | { readonly kind: 'port'; readonly service: string; readonly prompt: string }
  | { readonly kind: 'registry'; readonly default: string; readonly prompt: string }
  | { readonly kind: 'keep'; readonly service: string; readonly prompt: string };

export interface ReviewAnswers {
  readonly registry?: string;
  readonly ports: ReadonlyMap<string, number>;
  /** Services the user said are not services. */
  readonly dropped: ReadonlySet<string>;
}

export function listReviewQuestions(detection: Detection, options: { readonly name: string; readonly registry?: string }): ReviewQuestion[] {
  const questions: ReviewQuestion[] = [];
  if (detection.services.length > 1) {
    for (const service of detection.services) {
      questions.push({ kind: 'keep', service: service.name, prompt: `Package ${service.name} (${service.framework.value} in ${service.directory || '.'}) as a service? [Y/n] ` });
    }
  }
  for (const service of detection.services.filter((s) => !s.port)) {
    questions.push({ kind: 'port', service: service.name, prompt: `Port ${service.name} listens on (empty: leave a TODO)? ` });
  }
  if (options.registry === undefined && detection.services.some((s) => !s.image)) {
    const fallback = `ghcr.io/${options.name}`;
    questions.push({ kind: 'registry', default: fallback, prompt: `Image registry and owner [${fallback}]: ` });
  }
  return questions;
}

/** Asks each question in turn on `output`, reading one line of `input` per answer; an empty line keeps the default. */
export async function runInitReview(questions: readonly ReviewQuestion[], input: Readable, output: Writable): Promise<ReviewAnswers> {
  const ports = new Map<string, number>();
  const dropped = new Set<string>();
  let registry: string | undefined;
  if (questions.length === 0) return { ports, dropped };
  const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string> => {
    output.write(prompt);
    const next = await lines.next();
    return next.done ? '' : String(next.value).trim();
  };
  output.write('berth init could not decide these; press Enter to keep what is in brackets.\n');
  for (const question of questions) {
    for (;;) {
      const answer = await ask(question.prompt);
      if (question.kind === 'keep') {
        if (/^n(o)?$/i.test(answer)) dropped.add(question.service);
        else if (answer && !/^y(es)?$/i.test(answer)) {
          output.write('  answer y or n\n');
          continue;
        }
      } else if (question.kind === 'port') {
        if (dropped.has(question.service) || !answer) break;
        const port = /^\d{1,5}$/.test(answer) ? Number(answer) : NaN;
        if (!(port >= 1 && port <= 65535)) {
          output.write('  a port is a number from 1 to 65535\n');
          continue;
        }
        ports.set(question.service, port);
      } else if (answer) {
        if (!/^[a-z0-9][a-z0-9.-]*(:\d+)?(\/[a-z0-9._-]+)*$/.test(answer.replace(/\/+$/, ''))) {
          output.write('  a registry prefix looks like ghcr.io/acme or registry.example.com:5000/team\n');
          continue;
        }
        registry = answer.replace(/\/+$/, '');
      }
      break;
    }
  }
  await lines.return?.();
  return { ports, dropped, ...(registry ? { registry } : {}) };
}

/** The detection as the answers change it: dropped services gone, answered ports set (and their TODO gone). */
export function applyReviewAnswers(detection: Detection, answers: ReviewAnswers): Detection {
  const services = detection.services
    .filter((s) => !answers.dropped.has(s.name))
    .map((service): DetectedService => {
      const port = answers.ports.get(service.name);
      if (port === undefined) return service;
      return { ...service, port: { value: port, evidence: { file: 'berth init', line: 0, note: 'answered in the review' } }, todo: service.todo.filter((t) => !t.startsWith('port:')) };
    });
  const skipped = [
    ...detection.skipped,
    ...detection.services.filter((s) => answers.dropped.has(s.name)).map((s) => ({ name: s.name, directory: s.directory, reason: 'not a service (answered in the review)', evidence: s.framework.evidence })),
  ];
  return { ...detection, services, skipped };
}
