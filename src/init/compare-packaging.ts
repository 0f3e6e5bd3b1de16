// The repository's own packaging against its code: which image each service already has, and where
// a hand-written chart or manifest disagrees with what the code does (ports, probes on routes that
// do not exist). Findings only: they never change what init writes.
import type { DetectedService, Finding, Inferred } from './detection.ts';
import { formatEvidence } from './detection.ts';
import type { ExistingPackaging, ImageSource, PackagedWorkload } from './existing-packaging.ts';
import { basenameOf } from './source-scan.ts';

/** The image the repository builds for each service: matched by Dockerfile, then name; the only one for a single service. */
export function matchImages(services: readonly DetectedService[], packaging: ExistingPackaging): Map<string, Inferred<string> & { unresolved: boolean }> {
  const matches = new Map<string, Inferred<string> & { unresolved: boolean }>();
  const candidates: { repository: string; evidence: ImageSource['evidence']; unresolved: boolean; dockerfile?: string; context?: string }[] = [
    ...packaging.images,
    ...packaging.workloads.flatMap((w) => (w.image ? [{ repository: w.image.value, evidence: w.image.evidence, unresolved: false }] : [])),
  ];
  const take = (service: DetectedService, image: (typeof candidates)[number]) => matches.set(service.name, { value: image.repository, evidence: image.evidence, unresolved: image.unresolved });
  const resolvedFirst = (list: typeof candidates) => [...list].sort((a, b) => Number(a.unresolved) - Number(b.unresolved));
  for (const service of services) {
    const byDockerfile = candidates.filter((c) => service.dockerfile && (c.dockerfile === service.dockerfile.path || (!c.dockerfile && c.context !== undefined && `${c.context ? `${c.context}/` : ''}Dockerfile` === service.dockerfile.path)));
    const byName = candidates.filter((c) => nameMatches(basenameOf(c.repository), service.name));
    const pick = resolvedFirst(byName.length > 0 ? byName : services.length === 1 ? (byDockerfile.length > 0 ? byDockerfile : candidates) : byDockerfile.filter((c) => c.dockerfile))[0];
    if (pick) take(service, pick);
  }
  // An unresolved name (`ghcr.io/${{ github.repository }}`) is worth less than a chart's literal one.
  for (const service of services) {
    const match = matches.get(service.name);
    if (!match?.unresolved) continue;
    const literal = resolvedFirst(candidates).find((c) => !c.unresolved && (services.length === 1 || nameMatches(basenameOf(c.repository), service.name)));
    if (literal) take(service, literal);
  }
  return matches;
}

function nameMatches(imageName: string, serviceName: string): boolean {
  const normal = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const a = normal(imageName);
  const b = normal(serviceName);
  return a === b || a.endsWith(b) || b.endsWith(a);
}

/** Disagreements between each workload of the packaging and the service it packages. */
export function comparePackaging(services: readonly DetectedService[], workloads: readonly PackagedWorkload[]): Finding[] {
  const findings: Finding[] = [];
  for (const workload of workloads) {
    const service =
      services.find((s) => nameMatches(workload.name, s.name) || (workload.image && nameMatches(basenameOf(workload.image.value), s.name))) ?? (services.length === 1 ? services[0] : undefined);
    if (!service) continue;
    const port = service.port;
    if (port) {
      for (const packaged of workload.ports.filter((p) => p.value !== port.value)) {
        const explained = service.portVariable !== undefined && workload.setsVariables.includes(service.portVariable);
        findings.push({
          code: 'init-packaging-disagrees',
          severity: explained ? 'info' : 'warning',
          message: `${packaged.evidence.note}: the chart or manifest uses port ${packaged.value}; ${service.name} listens on ${port.value} (${formatEvidence(port.evidence)})${explained ? `: consistent only because the packaging sets ${service.portVariable}` : ': the container would not answer there'}`,
          evidence: packaged.evidence,
        });
      }
    }
    const served = new Set([...(service.routes ?? []).map((r) => r.value), ...(service.health ? [service.health.value] : [])]);
    // Without any route known, a path cannot be called missing.
    if (served.size === 0) continue;
    for (const probe of workload.probes) {
      if (!probe.path || served.has(probe.path) || served.has(probe.path.replace(/\/+$/, '') || '/')) continue;
      findings.push({
        code: 'init-packaging-disagrees',
        severity: 'warning',
        message: `the ${probe.kind} probe requests GET ${probe.path}, which ${service.name} does not serve (it serves ${[...served].sort().join(', ')}); the probe would fail and ${probe.kind === 'readiness' ? 'keep the Pod out of the Service' : 'restart the container'}`,
        evidence: probe.evidence,
      });
    }
  }
  return findings;
}
