// Defaults declared through the common settings libraries, as environment variables with the value
// the process falls back to: clap/figment/serde/envy (Rust), viper (Go), Spring `@Value`, convict and
// envalid (Node), .NET options classes bound to a configuration section. pydantic, envconfig and
// `os.getenv`-style reads are the detectors' own. Lightweight: line patterns, no parsing.
import type { Language } from './detection.ts';
import type { EnvRead } from './env-variables.ts';
import type { RepositoryFiles } from './repository-files.ts';
import { lineAt } from './source-scan.ts';

export function readSettingsDefaults(files: RepositoryFiles, language: Language, sources: readonly string[]): EnvRead[] {
  if (language === 'dotnet') return readDotnetOptions(files, sources);
  const reader = READERS[language];
  if (!reader) return [];
  const reads: EnvRead[] = [];
  for (const file of sources) {
    const text = files.read(file);
    if (text !== undefined) reads.push(...reader(text, file));
  }
  return reads;
}

const READERS: Partial<Record<Language, (text: string, file: string) => EnvRead[]>> = {
  rust: readRustSettings,
  go: readViperSettings,
  java: readSpringValues,
  node: readNodeSchemas,
};

const RUST_LITERAL = /^(?:"((?:[^"\\]|\\.)*)"(?:\.(?:to_string|to_owned|into)\(\))?|String::from\("((?:[^"\\]|\\.)*)"\)|(-?\d+(?:\.\d+)?)(?:_?[ui](?:8|16|32|64|size))?|(true|false))$/;

/**
 * clap `#[arg(env = "X", default_value = ...)]`, and the fields of `impl Default` / `#[serde(default =
 * "f")]` when the struct is read from the environment (figment `Env::raw()`/`Env::prefixed`, envy,
 * the config crate's `Environment`), or when a clap field of the same name names its variable.
 */
function readRustSettings(text: string, file: string): EnvRead[] {
  const reads: EnvRead[] = [];
  const envByField = new Map<string, string>();
  for (const m of text.matchAll(/#\[(?:arg|clap)\(([^\]]*?)\)\]\s*(?:#\[[^\]]*\]\s*)*pub\s+(\w+)\s*:/g)) {
    const env = /\benv\s*=\s*"(\w+)"/.exec(m[1])?.[1];
    if (!env) continue;
    envByField.set(m[2], env);
    const fallback = /\bdefault_value(?:_t)?\s*=\s*(?:"([^"]*)"|([\w.-]+))/.exec(m[1]);
    const value = fallback?.[1] ?? fallback?.[2];
    reads.push({ name: env, ...(value !== undefined ? { fallback: value } : {}), evidence: { file, line: lineAt(text, m.index ?? 0), note: `clap argument ${m[2]} reads ${env}${value !== undefined ? `, ${value} by default` : ''}` } });
  }
  const prefix =
    /Env::raw\(\)/.test(text) || /envy::from_env/.test(text)
      ? ''
      : (/Env::prefixed\(\s*"([^"]*)"/.exec(text)?.[1] ?? /envy::prefixed\(\s*"([^"]*)"/.exec(text)?.[1] ?? (/Environment::with_prefix\(\s*"([^"]*)"/.exec(text) ? `${/Environment::with_prefix\(\s*"([^"]*)"/.exec(text)![1]}_` : undefined));
  const toEnv = (field: string) => envByField.get(field) ?? (prefix !== undefined ? `${prefix}${field}`.toUpperCase() : undefined);
  const literal = (raw: string) => {
    const m = RUST_LITERAL.exec(raw.trim().replace(/,$/, ''));
    return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
  };
  for (const block of text.matchAll(/impl\s+Default\s+for\s+(\w+)\s*\{[\s\S]*?fn\s+default\s*\(\s*\)\s*->\s*Self\s*\{/g)) {
    const start = (block.index ?? 0) + block[0].length;
    const body = text.slice(start, findClosingBrace(text, start));
    for (const field of body.matchAll(/^\s*(\w+)\s*:\s*(.+?),?\s*$/gm)) {
      const env = toEnv(field[1]);
      const value = literal(field[2]);
      if (!env || value === undefined) continue;
      reads.push({ name: env, fallback: value, evidence: { file, line: lineAt(text, start + (field.index ?? 0) + field[0].search(/\S/)), note: `${block[1]}::default() sets ${field[1]} = ${value}` } });
    }
  }
  for (const m of text.matchAll(/#\[serde\([^\]]*default\s*=\s*"(\w+)"[^\]]*\)\]\s*(?:pub\s+)?(\w+)\s*:/g)) {
    const env = toEnv(m[2]);
    const body = new RegExp(`fn\\s+${m[1]}\\s*\\(\\s*\\)\\s*->\\s*[^{]+\\{\\s*([^}]*?)\\s*\\}`).exec(text)?.[1];
    const value = body !== undefined ? literal(body) : undefined;
    if (!env || value === undefined) continue;
    reads.push({ name: env, fallback: value, evidence: { file, line: lineAt(text, m.index ?? 0), note: `serde default ${m[1]}() = ${value}` } });
  }
  return reads;
}

function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** viper: `SetDefault("server.port", 8080)` with `AutomaticEnv()` (and its prefix/replacer), or `BindEnv("key", "VAR")`. */
function readViperSettings(text: string, file: string): EnvRead[] {
  if (!/viper\./.test(text) && !/\bv\.SetDefault\(/.test(text)) return [];
  const automatic = /\.AutomaticEnv\(\)/.test(text);
  const prefix = /\.SetEnvPrefix\(\s*"([^"]+)"\s*\)/.exec(text)?.[1];
  const dots = /SetEnvKeyReplacer\(\s*strings\.NewReplacer\(\s*"\."\s*,\s*"_"/.test(text);
  const bound = new Map<string, string>();
  for (const m of text.matchAll(/\.BindEnv\(\s*"([^"]+)"\s*,\s*"(\w+)"/g)) bound.set(m[1], m[2]);
  const reads: EnvRead[] = [];
  for (const m of text.matchAll(/\.SetDefault\(\s*"([^"]+)"\s*,\s*(?:"([^"]*)"|(-?\d+(?:\.\d+)?|true|false))\s*\)/g)) {
    const key = m[1];
    const env = bound.get(key) ?? (automatic && (dots || !key.includes('.')) ? `${prefix ? `${prefix}_` : ''}${key.replace(/[.-]/g, '_')}`.toUpperCase() : undefined);
    if (!env) continue;
    const value = m[2] ?? m[3];
    reads.push({ name: env, fallback: value, evidence: { file, line: lineAt(text, m.index ?? 0), note: `viper default ${key} = ${value}` } });
  }
  for (const [key, env] of bound) {
    if (!reads.some((r) => r.name === env)) reads.push({ name: env, evidence: { file, line: lineAt(text, text.indexOf(`"${env}"`)), note: `viper binds ${key} to ${env}` } });
  }
  return reads;
}

/** Spring `@Value("${app.redis-url:redis://localhost:6379}")`: relaxed binding reads APP_REDISURL/APP_REDIS_URL. */
function readSpringValues(text: string, file: string): EnvRead[] {
  const reads: EnvRead[] = [];
  for (const m of text.matchAll(/@Value\(\s*"\$\{([\w.-]+)(?::([^}]*))?\}"\s*\)/g)) {
    const key = m[1];
    const env = /^[A-Z_][A-Z0-9_]*$/.test(key) ? key : key.replace(/-/g, '').replace(/\./g, '_').toUpperCase();
    reads.push({ name: env, ...(m[2] !== undefined ? { fallback: m[2] } : {}), evidence: { file, line: lineAt(text, m.index ?? 0), note: `@Value \${${key}}${m[2] !== undefined ? `, ${m[2]} by default` : ''}` } });
  }
  return reads;
}

/** convict `{ default: 8080, env: 'PORT' }` and envalid `PORT: port({ default: 3000 })`. */
function readNodeSchemas(text: string, file: string): EnvRead[] {
  const reads: EnvRead[] = [];
  if (/\bconvict\b/.test(text)) {
    for (const m of text.matchAll(/\{[^{}]*\benv\s*:\s*['"](\w+)['"][^{}]*\}/g)) {
      const fallback = /\bdefault\s*:\s*(?:(['"`])([^'"`]*)\1|(-?\d+(?:\.\d+)?|true|false))/.exec(m[0]);
      const value = fallback?.[2] ?? fallback?.[3];
      const at = (m.index ?? 0) + m[0].indexOf(m[1]);
      reads.push({ name: m[1], ...(value !== undefined ? { fallback: value } : {}), evidence: { file, line: lineAt(text, at), note: `convict setting read from ${m[1]}${value !== undefined ? `, ${value} by default` : ''}` } });
    }
  }
  if (/\bcleanEnv\s*\(/.test(text)) {
    for (const m of text.matchAll(/\b([A-Z_][A-Z0-9_]*)\s*:\s*(?:str|num|port|bool|url|host|email|json)\(\s*(\{[^}]*\})?\s*\)/g)) {
      const fallback = m[2] ? /\bdefault\s*:\s*(?:(['"`])([^'"`]*)\1|(-?\d+(?:\.\d+)?|true|false))/.exec(m[2]) : null;
      const value = fallback?.[2] ?? fallback?.[3];
      reads.push({ name: m[1], ...(value !== undefined ? { fallback: value } : {}), evidence: { file, line: lineAt(text, m.index ?? 0), note: `envalid ${m[1]}${value !== undefined ? `, ${value} by default` : ''}` } });
    }
  }
  return reads;
}

/**
 * Options classes bound to a section (`Configure<RedisOptions>(...GetSection("Redis"))`,
 * `BindConfiguration("Redis")`): each property with an initialiser is `Section__Property` in the
 * environment. Read across files: the binding and the class usually live apart.
 */
function readDotnetOptions(files: RepositoryFiles, sources: readonly string[]): EnvRead[] {
  const sections = new Map<string, string>();
  for (const file of sources) {
    const text = files.read(file) ?? '';
    for (const m of text.matchAll(/(?:Configure|AddOptions)<(\w+)>\([^)]*?(?:GetSection|BindConfiguration)\(\s*"([\w:]+)"/g)) sections.set(m[1], m[2]);
    for (const m of text.matchAll(/AddOptions<(\w+)>\(\)\s*\.\s*(?:Bind\([^)]*GetSection|BindConfiguration)\(\s*"([\w:]+)"/g)) sections.set(m[1], m[2]);
  }
  const reads: EnvRead[] = [];
  for (const file of sources) {
    const text = files.read(file) ?? '';
    for (const cls of text.matchAll(/class\s+(\w+)[^{]*\{/g)) {
      const section = sections.get(cls[1]) ?? (/const\s+string\s+\w*Section\w*\s*=\s*"([\w:]+)"/.exec(text.slice(cls.index ?? 0))?.[1] && /Options$/.test(cls[1]) ? /const\s+string\s+\w*Section\w*\s*=\s*"([\w:]+)"/.exec(text.slice(cls.index ?? 0))![1] : undefined);
      if (!section) continue;
      const start = (cls.index ?? 0) + cls[0].length;
      const body = text.slice(start, findClosingBrace(text, start));
      for (const p of body.matchAll(/public\s+[\w<>?,\s]+?\s+(\w+)\s*\{\s*get;\s*(?:set|init);\s*\}(?:\s*=\s*(?:"([^"]*)"|(-?\d+(?:\.\d+)?|true|false)))?/g)) {
        const name = `${section.replace(/:/g, '__')}__${p[1]}`;
        const value = p[2] ?? p[3];
        reads.push({ name, ...(value !== undefined ? { fallback: value } : {}), evidence: { file, line: lineAt(text, start + (p.index ?? 0)), note: `${cls[1]}.${p[1]} bound to section ${section}${value !== undefined ? `, ${value} by default` : ''}` } });
      }
    }
  }
  return reads;
}
