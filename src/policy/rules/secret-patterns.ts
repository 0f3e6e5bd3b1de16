// Heuristics for secret values written where they do not belong. Names are split into words
// (camelCase, snake_case, dotted, kebab) so `dbPassword`, `DB_PASSWORD` and `db.password` all match,
// while `PASSWORD_FILE` or `TOKEN_URL` (pointers to a secret, not the secret) do not.

/** Words (or word pairs) that name a secret. */
const SECRET_WORDS = new Set(['PASSWORD', 'PASSWD', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PASSPHRASE', 'PRIVATEKEY']);
const SECRET_PAIRS: readonly (readonly [string, string])[] = [
  ['API', 'KEY'],
  ['PRIVATE', 'KEY'],
  ['ACCESS', 'KEY'],
  ['SECRET', 'KEY'],
  ['AUTH', 'KEY'],
  ['SIGNING', 'KEY'],
  ['ENCRYPTION', 'KEY'],
  ['MASTER', 'KEY'],
];

/** A last word that makes the name a setting about the secret rather than the secret itself. */
const REFERENCE_SUFFIXES = new Set([
  'FILE', 'PATH', 'DIR', 'NAME', 'REF', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'LENGTH', 'LEN', 'TTL', 'EXPIRY',
  'EXPIRATION', 'EXPIRES', 'TIMEOUT', 'HEADER', 'POLICY', 'ENABLED', 'ENABLE', 'DISABLED', 'TYPE', 'FORMAT', 'SIZE',
  'LIFETIME', 'ALGORITHM', 'ALG', 'ISSUER', 'AUDIENCE', 'MOUNT', 'ID', 'VERSION', 'PROVIDER', 'SOURCE', 'LOCATION',
  'PREFIX', 'FIELD', 'PARAM', 'MODE', 'METHOD', 'REGEX', 'PATTERN', 'MIN', 'MAX', 'INTERVAL', 'SECONDS', 'DURATION',
  'SCOPE', 'SCOPES', 'KIND', 'COUNT', 'LIMIT', 'ATTEMPTS', 'RETRIES', 'COOKIE', 'STORE', 'KEYS', 'ROTATION',
]);

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

export function isSecretLikeName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || (words.length === 1 && words[0] === 'PWD')) return false;
  if (REFERENCE_SUFFIXES.has(words[words.length - 1])) return false;
  if (words.some((w) => SECRET_WORDS.has(w)) || words.includes('PWD')) return true;
  return SECRET_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
}

/** Values that stand for a secret instead of being one: templates, env references, obvious placeholders. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '') return true;
  if (/^\$\(?\{?[A-Za-z_][A-Za-z0-9_.]*\}?\)?$/.test(v) || /^\$\{[^}]*\}$/.test(v)) return true;
  if (/^\{\{.*\}\}$/.test(v) || /^<[^>]*>$/.test(v) || /^%\([^)]*\)s$/.test(v) || /^\*+$/.test(v)) return true;
  return /^(true|false|yes|no|on|off|null|none|~)$/i.test(v);
}

const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/'"]*):([^\s@/'"]+)@/i;
const CONTENT_PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { what: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Stripe key', pattern: /\b[sr]k_(live|test)_[A-Za-z0-9]{16,}/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'an API secret key', pattern: /\bsk-[A-Za-z0-9_-]{20,}/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** What secret a value contains, if any: `a URL with a password`, `a PEM private key`, ... */
export function secretContent(value: string): string | undefined {
  const url = URL_CREDENTIALS.exec(value);
  if (url && !isPlaceholder(url[2]) && !url[2].startsWith('$') && !url[2].startsWith('{{')) return 'a URL with a password';
  return CONTENT_PATTERNS.find((p) => p.pattern.test(value))?.what;
}

/** A `key = value` / `key: value` line of a config file whose key names a secret. */
export function secretAssignment(text: string): { line: number; key: string } | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^\s*(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*?)\s*[,;]?\s*$/.exec(lines[i]);
    if (!match) continue;
    const [, key, value] = match;
    if (isSecretLikeName(key) && !isPlaceholder(value) && !/^[{[]$/.test(value)) return { line: i + 1, key };
  }
  return undefined;
}

/** Shows enough of a secret to find it, not enough to use it: `hu******`. */
export function redact(value: string): string {
  const v = value.trim();
  if (v.length <= 4) return '****';
  return `${v.slice(0, 2)}${'*'.repeat(Math.min(6, v.length - 2))}`;
}
