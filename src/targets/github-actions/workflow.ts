// AppModel → one GitHub Actions workflow: CI on pull requests and pushes (build, test, lint, scan,
// berth validate/verify/check) and, on the main branch and release tags, the push with the tag
// policy and the deploys the delivery section asks for (Helm from CI, or an Argo CD sync).
import { posix } from 'node:path';
import type { AppModel } from '../../model/resolve.ts';
import { strategyIn } from '../../model/resources/rollout.ts';
import type { AppSpec, Component, Delivery, DeliveryEnvironment } from '../../spec/app-spec.ts';
import { RELEASE_TAG_PATTERN } from '../../spec/delivery.ts';
import type { EmitContext } from '../target.ts';
import { ACTIONS, HELM_VERSION, usesOf } from './pinned-actions.ts';
import {
  argocdRollbackScript,
  argocdSyncScript,
  clusterAccessScript,
  helmRollbackScript,
  helmTestScript,
  helmUpgradeScript,
  imageTagsScript,
  pulumiInstallScript,
  releaseGuardScript,
  restartScript,
  type HelmRelease,
} from './scripts.ts';

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

const RUNNER = 'ubuntu-latest';
const checkout: Step = { uses: usesOf(ACTIONS.checkout), with: { 'persist-credentials': false } };

/** `KUBECONFIG_PRODUCTION_KR`: the repository (or environment) secret holding a kubeconfig. */
export function kubeconfigSecret(environment: string, cluster?: string): string {
  return ['KUBECONFIG', environment, ...(cluster ? [cluster] : [])].join('_').toUpperCase().replace(/-/g, '_');
}

export const ARGOCD_KUBECONFIG_SECRET = 'ARGOCD_KUBECONFIG';

const EVENT_CONDITION: Record<DeliveryEnvironment['on'], (delivery: Delivery) => string> = {
  main: (d) => `github.event_name == 'push' && github.ref == 'refs/heads/${d.branch}'`,
  release: () => "github.event_name == 'push' && github.ref_type == 'tag'",
  approval: () => "github.event_name == 'push' && github.ref_type == 'tag'",
};

interface Paths {
  readonly spec: string;
  readonly out: string;
  /** `--out` for berth commands run at the repository root, when it is not the default. */
  readonly outFlag: string;
  readonly chart: string;
}

function repositoryPaths(spec: AppSpec, context: EmitContext): Paths {
  const specDirectory = posix.dirname(context.specFile);
  const defaultOut = posix.join(specDirectory, 'deploy');
  return {
    spec: context.specFile,
    out: context.outDirectory,
    outFlag: context.outDirectory === defaultOut ? '' : ` --out ${context.outDirectory}`,
    chart: posix.join(context.outDirectory, 'helm', spec.name),
  };
}

export function buildWorkflow(model: AppModel, context: EmitContext): Record<string, unknown> {
  const spec = model.spec.base;
  const delivery = spec.delivery;
  const paths = repositoryPaths(spec, context);
  const built = spec.components.filter((c) => c.build !== undefined);
  const jobs: Record<string, Job> = { spec: specJob(spec, paths, context) };
  for (const component of built) jobs[`build-${component.name}`] = buildJob(component, context);
  if (delivery) {
    for (const component of built) jobs[`push-${component.name}`] = pushJob(spec, delivery, component, context);
    const pushed = built.map((c) => `push-${c.name}`);
    const deployJobs = delivery.deploy === 'argocd' ? argocdJobs(model, delivery, pushed, context) : helmJobs(model, delivery, paths, pushed, context);
    Object.assign(jobs, deployJobs);
  }
  const branch = delivery?.branch ?? 'main';
  return {
    name: `${spec.name}: build, check${delivery && delivery.environments.length > 0 ? ', deliver' : ''}`,
    on: {
      pull_request: {},
      push: { branches: [branch], tags: [RELEASE_TAG_PATTERN] },
    },
    // Nothing by default: each job asks for exactly what it needs.
    permissions: {},
    jobs,
  };
}

function specJob(spec: AppSpec, paths: Paths, context: EmitContext): Job {
  return {
    name: 'berth validate, verify, check',
    'runs-on': RUNNER,
    permissions: { contents: 'read', 'security-events': 'write', actions: 'read' },
    steps: [
      checkout,
      { uses: usesOf(ACTIONS.setupNode), with: { 'node-version': '20' } },
      { uses: usesOf(ACTIONS.setupHelm), with: { version: HELM_VERSION } },
      { name: 'Install berth', run: `npm install --global --no-audit --no-fund berth-k8s@${context.berthVersion}\n` },
      { name: 'The spec is valid', run: `berth validate ${paths.spec}\n` },
      // berth runs the Pulumi program under the SDK's mocks with the program's own dependencies.
      { name: 'Pulumi SDK for verify (when the Pulumi target is in Git)', run: pulumiInstallScript(posix.join(paths.out, 'pulumi')) },
      { name: 'The packaging in Git equals the spec (real engines)', run: `berth verify ${paths.spec}${paths.outFlag}\n` },
      { name: 'Policy findings as SARIF', id: 'check', run: `berth check ${paths.spec} --format sarif > berth-check.sarif\n` },
      {
        name: 'Upload findings to code scanning',
        if: "always() && steps.check.outcome != 'skipped'",
        uses: usesOf(ACTIONS.uploadSarif),
        with: { sarif_file: 'berth-check.sarif', category: `berth-${spec.name}` },
      },
    ],
  };
}

function buildContext(component: Component, context: EmitContext): { directory: string; dockerfile: string } {
  const build = component.build!;
  const directory = posix.normalize(posix.join(posix.dirname(context.specFile), build.context));
  return { directory, dockerfile: posix.join(directory, build.dockerfile) };
}

function buildArguments(component: Component, context: EmitContext): Record<string, unknown> {
  const { directory, dockerfile } = buildContext(component, context);
  return {
    context: directory,
    file: dockerfile,
    ...(component.build!.target ? { target: component.build!.target } : {}),
    'cache-from': `type=gha,scope=${component.name}`,
  };
}

function buildJob(component: Component, context: EmitContext): Job {
  const { directory } = buildContext(component, context);
  const build = component.build!;
  const local = `${component.image.repository}:ci`;
  const checks: Step[] = [
    ...(build.test ? [{ name: 'Test', 'working-directory': directory, run: `${build.test}\n` }] : []),
    ...(build.lint ? [{ name: 'Lint', 'working-directory': directory, run: `${build.lint}\n` }] : []),
  ];
  return {
    name: `build ${component.name}`,
    'runs-on': RUNNER,
    permissions: { contents: 'read', 'security-events': 'write', actions: 'read' },
    steps: [
      checkout,
      ...checks,
      { uses: usesOf(ACTIONS.setupBuildx) },
      {
        name: 'Build the image (Buildx, cached)',
        uses: usesOf(ACTIONS.buildPush),
        with: { ...buildArguments(component, context), 'cache-to': `type=gha,mode=max,scope=${component.name}`, load: true, push: false, tags: local },
      },
      {
        name: 'Scan the image for vulnerabilities',
        id: 'scan',
        uses: usesOf(ACTIONS.trivy),
        with: { 'image-ref': local, format: 'sarif', output: `trivy-${component.name}.sarif`, severity: 'CRITICAL,HIGH', 'ignore-unfixed': true, 'exit-code': '1' },
      },
      {
        name: 'Upload the scan to code scanning',
        if: "always() && steps.scan.outcome != 'skipped'",
        uses: usesOf(ACTIONS.uploadSarif),
        with: { sarif_file: `trivy-${component.name}.sarif`, category: `trivy-${component.name}` },
      },
    ],
  };
}

function pushJob(spec: AppSpec, delivery: Delivery, component: Component, context: EmitContext): Job {
  const ghcr = delivery.registry === 'ghcr.io';
  return {
    name: `push ${component.name}`,
    needs: ['spec', `build-${component.name}`],
    if: "github.event_name == 'push'",
    'runs-on': RUNNER,
    permissions: { contents: 'read', ...(ghcr ? { packages: 'write' } : {}) },
    steps: [
      checkout,
      {
        name: 'Tags from the tag policy',
        id: 'tags',
        env: { IMAGE: component.image.repository, SPEC_VERSION: spec.version, MAIN_BRANCH: delivery.branch },
        run: imageTagsScript(delivery),
      },
      { uses: usesOf(ACTIONS.setupBuildx) },
      {
        uses: usesOf(ACTIONS.login),
        with: ghcr
          ? { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }
          : { registry: delivery.registry, username: '${{ secrets.REGISTRY_USERNAME }}', password: '${{ secrets.REGISTRY_PASSWORD }}' },
      },
      {
        name: 'Push',
        uses: usesOf(ACTIONS.buildPush),
        with: { ...buildArguments(component, context), push: true, tags: '${{ steps.tags.outputs.tags }}' },
      },
    ],
  };
}

/** The environments of a release in order, each with the job it waits for. */
function deployOrder(delivery: Delivery): { environment: DeliveryEnvironment; after?: string }[] {
  return delivery.environments.map((environment) => ({ environment, after: environment.after }));
}

/** Whether some component of this environment is an Argo Rollout (its strategy parameter is not `rolling`). */
function releasesProgressively(model: AppModel, environment: string): boolean {
  return model.spec.base.components.some((c) => strategyIn(model.registry, c, environment) !== 'rolling');
}

function environmentBlock(model: AppModel, environment: DeliveryEnvironment, suffix = ''): Record<string, unknown> {
  const ingress = model.spec.environments.get(environment.name)?.ingress;
  return {
    name: environment.name,
    ...(ingress ? { url: `${ingress.tlsSecret ? 'https' : 'http'}://${ingress.host}${suffix}` } : {}),
  };
}

/**
 * The end-to-end tests of an environment, once every cluster of it is deployed; the next environment
 * of the release waits for them. The address comes in through `env:`, like every value of a script.
 */
function e2eJob(model: AppModel, delivery: Delivery, environment: DeliveryEnvironment, deployed: string, context: EmitContext): Job {
  const e2e = delivery.e2e!;
  const address = environmentBlock(model, environment).url;
  return {
    name: `e2e ${environment.name}`,
    needs: [deployed],
    if: EVENT_CONDITION[environment.on](delivery),
    'runs-on': RUNNER,
    permissions: { contents: 'read' },
    steps: [
      checkout,
      {
        name: `End-to-end tests against ${environment.name}`,
        'working-directory': posix.normalize(posix.join(posix.dirname(context.specFile), e2e.directory)),
        env: { BASE_URL: typeof address === 'string' ? address : '', E2E_ENVIRONMENT: environment.name },
        run: `${e2e.command}\n`,
      },
    ],
  };
}

/** Adds the environment's end-to-end job after its last deploy job; returns the job the next environment waits for. */
function withE2e(jobs: Record<string, Job>, model: AppModel, delivery: Delivery, environment: DeliveryEnvironment, deployed: string, context: EmitContext): string {
  if (!delivery.e2e?.environments.includes(environment.name)) return deployed;
  const id = `e2e-${environment.name}`;
  jobs[id] = e2eJob(model, delivery, environment, deployed, context);
  return id;
}

function helmJobs(model: AppModel, delivery: Delivery, paths: Paths, pushed: readonly string[], context: EmitContext): Record<string, Job> {
  const spec = model.spec.base;
  const jobs: Record<string, Job> = {};
  const lastJobOf = new Map<string, string>();
  for (const { environment, after } of deployOrder(delivery)) {
    const namespace = model.spec.environments.get(environment.name)!.namespace;
    const release: HelmRelease = { release: spec.name, chart: paths.chart, valuesFile: posix.join(paths.chart, `values-${environment.name}.yaml`), namespace };
    const clusters = environment.clusters.length > 0 ? environment.clusters.map((c) => c.name) : [undefined];
    let previous = after ? lastJobOf.get(after) : undefined;
    for (const cluster of clusters) {
      const id = `deploy-${environment.name}${cluster ? `-${cluster}` : ''}`;
      const secret = kubeconfigSecret(environment.name, cluster);
      jobs[id] = {
        name: `deploy ${environment.name}${cluster ? ` (${cluster})` : ''}`,
        // The checks gate every deploy, also when no image is built here.
        needs: ['spec', ...pushed, ...(previous ? [previous] : [])],
        if: EVENT_CONDITION[environment.on](delivery),
        'runs-on': RUNNER,
        permissions: { contents: 'read' },
        environment: environmentBlock(model, environment),
        // One deploy per environment and cluster at a time; a queued one waits, never cancels a rollout.
        concurrency: { group: `${spec.name}-${environment.name}${cluster ? `-${cluster}` : ''}`, 'cancel-in-progress': false },
        steps: [
          checkout,
          ...(environment.tag === 'release' && environment.on !== 'main'
            ? [{ name: 'The release is the spec version', env: { SPEC_VERSION: spec.version }, run: releaseGuardScript() }]
            : []),
          { uses: usesOf(ACTIONS.setupHelm), with: { version: HELM_VERSION } },
          { name: 'Cluster access', env: { KUBECONFIG_DATA: `\${{ secrets.${secret} }}` }, run: clusterAccessScript(secret) },
          { name: 'Migrate, then roll out (the migration Job is the chart\'s pre-upgrade hook)', id: 'upgrade', run: helmUpgradeScript(release) },
          ...(environment.moving ? [{ name: `Restart to pull the new ${environment.imageTag} images`, run: restartScript(namespace, spec.name, releasesProgressively(model, environment.name)) }] : []),
          { name: 'Smoke test (helm test)', run: helmTestScript(release) },
          { name: 'Roll back on failure', if: "failure() && steps.upgrade.outcome == 'success'", run: helmRollbackScript(release) },
        ],
      };
      previous = id;
    }
    lastJobOf.set(environment.name, withE2e(jobs, model, delivery, environment, previous!, context));
  }
  return jobs;
}

/** The Application names the argocd target writes for an environment (one per cluster). */
export function applicationNames(app: string, environment: DeliveryEnvironment): string[] {
  return environment.clusters.length > 1 ? environment.clusters.map((c) => `${app}-${environment.name}-${c.name}`) : [`${app}-${environment.name}`];
}

function argocdJobs(model: AppModel, delivery: Delivery, pushed: readonly string[], context: EmitContext): Record<string, Job> {
  const spec = model.spec.base;
  const argocd = delivery.argocd!;
  const jobs: Record<string, Job> = {};
  const lastJobOf = new Map<string, string>();
  for (const { environment, after } of deployOrder(delivery)) {
    const namespace = model.spec.environments.get(environment.name)!.namespace;
    const manual = environment.sync === 'manual';
    const id = `sync-${environment.name}`;
    // Only manual environments sync to the release tag; automated ones follow their target revision.
    const revision = manual ? '${{ github.ref_name }}' : '';
    const restartSecret = environment.clusters.length === 1 ? kubeconfigSecret(environment.name, environment.clusters[0].name) : ARGOCD_KUBECONFIG_SECRET;
    jobs[id] = {
      name: `sync ${environment.name} (Argo CD)`,
      needs: ['spec', ...pushed, ...(after ? [lastJobOf.get(after) ?? `sync-${after}`] : [])],
      if: EVENT_CONDITION[environment.on](delivery),
      'runs-on': RUNNER,
      permissions: { contents: 'read' },
      environment: environmentBlock(model, environment),
      concurrency: { group: `${spec.name}-${environment.name}`, 'cancel-in-progress': false },
      steps: [
        ...(environment.tag === 'release' ? [{ name: 'The release is the spec version', env: { SPEC_VERSION: spec.version }, run: releaseGuardScript() }] : []),
        { name: 'Argo CD cluster access', env: { KUBECONFIG_DATA: `\${{ secrets.${ARGOCD_KUBECONFIG_SECRET} }}` }, run: clusterAccessScript(ARGOCD_KUBECONFIG_SECRET) },
        {
          name: 'Sync (PreSync migration Job first, then the rollout), wait until healthy',
          id: 'sync',
          env: { ARGOCD_NAMESPACE: argocd.namespace, REVISION: revision, APPLICATIONS: applicationNames(spec.name, environment).join(' ') },
          run: argocdSyncScript(),
        },
        ...(environment.moving
          ? [
              ...(restartSecret !== ARGOCD_KUBECONFIG_SECRET
                ? [{ name: 'Workload cluster access', env: { KUBECONFIG_DATA: `\${{ secrets.${restartSecret} }}` }, run: clusterAccessScript(restartSecret) }]
                : []),
              { name: `Restart to pull the new ${environment.imageTag} images`, run: restartScript(namespace, spec.name, releasesProgressively(model, environment.name)) },
            ]
          : []),
        ...(manual
          ? [{ name: 'Roll back on failure', if: "failure() && steps.sync.outcome != 'skipped'", env: { ARGOCD_NAMESPACE: argocd.namespace }, run: argocdRollbackScript() }]
          : []),
      ],
    };
    lastJobOf.set(environment.name, withE2e(jobs, model, delivery, environment, id, context));
  }
  return jobs;
}
