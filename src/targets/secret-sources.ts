// "Where the Secrets come from": the README section every format shares when the spec takes Secrets
// from External Secrets or Sealed Secrets — which environment reads which source, and how to set it up.
import { requiredSecrets } from '../model/required-secrets.ts';
import type { AppModel } from '../model/resolve.ts';
import type { AppSpec } from '../spec/app-spec.ts';
import { targetEnvironments } from './target.ts';

export function describeSecretSources(model: AppModel): string[] {
  const views = targetEnvironments(model).map(({ name, environment }) => ({
    name,
    environment,
    view: environment === undefined ? model.spec.base : model.spec.environments.get(environment)!,
  }));
  if (views.every(({ view }) => view.secrets.from === 'existing')) return [];
  const source = (view: AppSpec) =>
    view.secrets.from === 'external-secrets'
      ? `External Secrets: ${view.secrets.store.kind} \`${view.secrets.store.name}\`, refreshed every ${view.secrets.refreshInterval}`
      : view.secrets.from === 'sealed-secrets'
        ? `Sealed Secrets: the files in \`${view.secrets.sealedDirectory}/\``
        : 'created by you (`kubectl create secret`)';
  const lines = [
    '## Where the Secrets come from',
    '',
    'berth never writes a secret value. Each environment takes the Secrets the app reads from one source:',
    '',
    '| environment | source |',
    '|---|---|',
    ...views.map(({ name, view }) => `| ${name} | ${source(view)} |`),
    '',
  ];
  if (views.some(({ view }) => view.secrets.from === 'external-secrets')) {
    lines.push(
      '### External Secrets',
      '',
      'Install the External Secrets Operator (0.17 or later: it serves `external-secrets.io/v1`) and create the',
      'store it reads from: a `SecretStore` in the namespace, or a `ClusterSecretStore` for every namespace',
      '(Vault, AWS Secrets Manager, GCP Secret Manager, Azure Key Vault, ...). berth writes one `ExternalSecret`',
      'per Secret, named after the Secret; each key of the Secret is the property of the same name at the',
      'Secret\'s key in the store (`secrets.remoteKeys` in berth.yaml). The Secret outlives its ExternalSecret',
      '(`creationPolicy: Orphan`, `deletionPolicy: Retain`), so an upgrade or rollback never takes it away from',
      'running pods. The ExternalSecrets are created before the migration Job (a Helm hook, an Argo CD PreSync',
      'hook, `depends_on` in Terraform, `dependsOn` in Pulumi). Check them with',
      '`kubectl -n <namespace> get externalsecret` (READY must be True).',
      '',
    );
    for (const { name, environment, view } of views) {
      if (view.secrets.from !== 'external-secrets') continue;
      const stored = requiredSecrets(model, environment).filter((s) => s.remoteKey);
      lines.push(`${name}:`, '', ...stored.map((s) => `- \`${s.name}\` (${s.purpose}) ← ${s.remoteKey}, properties ${s.keys.map((k) => `\`${k}\``).join(', ')}`), '');
    }
  }
  if (views.some(({ view }) => view.secrets.from === 'sealed-secrets')) {
    lines.push(
      '### Sealed Secrets',
      '',
      'Install the Sealed Secrets controller in the cluster, then seal each Secret for its namespace with',
      '`kubeseal` (run from the directory of berth.yaml; it reads the controller\'s public key from the cluster),',
      'commit the sealed files and run `berth generate`: berth takes the ciphertexts from the files (only the',
      'controller can decrypt them) and writes a strict-scope `SealedSecret` for each Secret into every format,',
      'created before the migration Job. The controller makes the Secret without an owner',
      '(`sealedsecrets.bitnami.com/skip-set-owner-references`), so it outlives its SealedSecret. A Secret whose',
      'file is missing gets no SealedSecret, and `berth generate` warns with the command below.',
      '',
    );
    for (const { name, environment, view } of views) {
      if (view.secrets.from !== 'sealed-secrets') continue;
      lines.push(`${name}:`, '', '```sh', ...requiredSecrets(model, environment).map((s) => s.command), '```', '');
    }
  }
  return lines;
}

/** The README lines that make an environment's Secrets exist, before anything that reads them. */
export function secretCommands(model: AppModel, environment: string | undefined): string[] {
  const view = environment === undefined ? model.spec.base : model.spec.environments.get(environment)!;
  const lines = requiredSecrets(model, environment).map((secret) => `${secret.command}   # ${secret.purpose}`);
  if (view.secrets.from !== 'sealed-secrets') return lines;
  return ['# once, from the directory of berth.yaml: seal each Secret, commit the file, run berth generate', ...lines.map((line) => `# ${line}`)];
}

/** For plain manifests and Kustomize: the ExternalSecrets a migration reads are applied and ready first. */
export function externalSecretsFirst(model: AppModel, environment: string | undefined, apply: string, namespace: string): string[] {
  const view = environment === undefined ? model.spec.base : model.spec.environments.get(environment)!;
  if (view.secrets.from !== 'external-secrets' || model.spec.base.jobs.length === 0) return [];
  return [
    '# Secrets from the store first: apply the ExternalSecrets, wait until the Secrets exist',
    `${apply} --selector app.kubernetes.io/component=secrets`,
    `kubectl -n ${namespace} wait --for=condition=Ready externalsecret --selector app.kubernetes.io/component=secrets --timeout=5m`,
  ];
}
