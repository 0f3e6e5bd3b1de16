// The names of berth's output formats, in the order `--target all` generates them. Kept apart from
// the targets themselves so the command line can list them without loading every emitter.
export const TARGET_NAMES: readonly string[] = ['kubernetes', 'helm', 'kustomize', 'terraform', 'pulumi', 'compose', 'github-actions', 'argocd', 'alertmanager'];
