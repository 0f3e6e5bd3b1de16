// `berth report`: one offline HTML page about the app — pictures, environments side by side,
// parameters, policy findings and what `berth verify` proved — written to --out.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { diagramOf, renderMermaid, renderSvg } from '../diagram/index.ts';
import { sizeWorkload, type WorkloadSize } from '../diff/index.ts';
import { buildEnvironmentTable } from '../docs/environment-table.ts';
import { parameterNames } from '../model/parameters.ts';
import { resolveEnvironment } from '../model/resolve.ts';
import type { Json } from '../model/template.ts';
import { renderReportPage, type ReportInput } from '../report/report-page.ts';
import { digestSpec, parseVerifyRecord, VERIFY_RECORD_FILE } from '../report/verify-record.ts';
import { targetEnvironments } from '../targets/target.ts';
import { checkSpec } from './check.ts';
import { outputDirectory } from './generate.ts';
import { loadModel } from './load-model.ts';

export interface ReportOptions {
  readonly spec?: string;
  /** The HTML file to write (default: report.html beside the spec). */
  readonly out?: string;
  /** Where the packaging (and verify's record) is (default: deploy/ beside the spec). */
  readonly deploy?: string;
  readonly cwd: string;
  readonly progress: (line: string) => void;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'];

export async function reportCommand(options: ReportOptions): Promise<string> {
  const { model, path } = await loadModel(options.spec, options.cwd);
  const shown = (file: string) => relative(options.cwd, file) || file;
  const environments = targetEnvironments(model);

  const resolvedByEnv = environments.map(({ name, environment }) => {
    options.progress(`drawing ${name}…`);
    return { name, environment, resolved: resolveEnvironment(model, environment) };
  });
  const reportEnvironments = resolvedByEnv.map(({ name, environment, resolved }) => {
    const objects = resolved.map((r) => r.object);
    // A spec without environments is drawn as `default`, the name every target gives it.
    const diagram = { ...diagramOf(model, environment, objects), environment: name };
    return { name, namespace: diagram.namespace, svg: renderSvg(diagram), mermaid: renderMermaid(diagram), objects: objects.length };
  });

  // Workloads sized per environment; the same sizes everywhere share a row.
  const owners = [...model.spec.base.components.map((c) => c.name), ...model.spec.base.dependencies.map((d) => d.name)];
  const rows = new Map<string, { names: string[]; sizes: (WorkloadSize | undefined)[] }>();
  for (const owner of owners) {
    const sizes = resolvedByEnv.map(({ resolved }) => {
      const workload = resolved.find((r) => WORKLOAD_KINDS.includes(r.object.kind) && r.template.owner === owner)?.object;
      if (!workload) return undefined;
      const autoscaler = resolved.find((r) => r.object.kind === 'HorizontalPodAutoscaler' && (r.object.spec as { scaleTargetRef?: { name?: string } }).scaleTargetRef?.name === workload.metadata.name)?.object;
      return sizeWorkload(workload, autoscaler);
    });
    if (sizes.every((s) => s === undefined)) continue;
    const key = JSON.stringify(sizes);
    const row = rows.get(key) ?? { names: [], sizes };
    row.names.push(owner);
    rows.set(key, row);
  }

  options.progress('checking policies…');
  const findings = await checkSpec(options.spec, options.cwd, () => {});

  const deploy = outputDirectory(options.deploy, path, options.cwd);
  const recordFile = resolve(deploy, VERIFY_RECORD_FILE);
  const record = existsSync(recordFile) ? parseVerifyRecord(await readFile(recordFile, 'utf8')) : undefined;
  const specText = await readFile(path, 'utf8');

  const declared = model.registry.environments;
  const input: ReportInput = {
    app: model.spec.base.name,
    version: model.spec.base.version,
    description: model.spec.base.description,
    specFile: shown(path),
    environments: reportEnvironments,
    comparison: declared.length > 0 ? buildEnvironmentTable(model) : [],
    componentCount: model.spec.base.components.length,
    workloads: [...rows.values()],
    parameters: model.registry.parameters
      .filter((p) => !p.builtin || p.builtin === 'namespace')
      .map((p) => ({ name: p.name, ...parameterNames(p), type: p.type, base: p.base, values: declared.map((e) => p.values.get(e) as Json), description: p.description })),
    findings,
    verify: record ? { record, current: record.specDigest === digestSpec(specText), file: shown(recordFile) } : undefined,
    verifyFile: shown(recordFile),
  };
  const html = renderReportPage(input);
  const out = options.out === undefined ? resolve(dirname(path), 'report.html') : resolve(options.cwd, options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, html);
  const active = findings.filter((f) => !f.excepted).length;
  return `report: ${out} (${reportEnvironments.length} environment${reportEnvironments.length === 1 ? '' : 's'}, ${active} active finding${active === 1 ? '' : 's'}, ${record ? 'verify results included' : 'no verify results yet'})`;
}
