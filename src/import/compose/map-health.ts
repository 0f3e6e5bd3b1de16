// A service's healthcheck (and kompose's probe labels) → berth `health`: curl/wget on localhost
// becomes an HTTP check, other commands an exec check; interval/timeout/retries/start_period become
// probe timings.
import { isSeqNode, scalarText, type ComposeNode } from './compose-node.ts';
import type { KeyTracker } from './key-tracker.ts';
import type { LabelSettings, LabelValue } from './kompose-labels.ts';
import type { Reporter } from './reporter.ts';
import { splitShellWords } from './shell-words.ts';
import { parseDuration, probeSeconds } from './units.ts';

export type HealthCheck = { http: string | { path: string; port: number } } | { tcp: true | number } | { exec: string[] };

export interface Timing {
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  initialDelaySeconds?: number;
}

export type HealthOutput = HealthCheck & { liveness?: Timing; readiness?: Timing; startup?: Timing };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]', '::1']);
const VALUE_FLAGS = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '--retry', '-w', '--write-out', '-O', '--output-document', '-T', '--timeout', '-t', '--tries']);
const HARMLESS_FLAGS = /^(-[fsSLIqkv]+|-[fsSLIqkv]*[oOmTtw]-?|--(fail|fail-with-body|silent|show-error|location|head|insecure|spider|quiet|no-verbose|no-check-certificate|output|max-time|connect-timeout|retry|write-out|output-document|timeout|tries)(=.*)?|-nv)$/;

/** `curl -f http://localhost:8000/health` → { path: '/health', port: 8000 }; undefined when it is more than a GET. */
export function detectHttpCheck(words: readonly string[]): { path: string; port: number } | undefined {
  const tool = words[0]?.split('/').pop();
  if (tool !== 'curl' && tool !== 'wget') return undefined;
  let url: string | undefined;
  for (let i = 1; i < words.length; i += 1) {
    const word = words[i];
    if (/^https?:\/\//i.test(word) || /^(localhost|127\.0\.0\.1)[:/]/.test(word)) {
      if (url !== undefined) return undefined;
      url = /^https?:\/\//i.test(word) ? word : `http://${word}`;
      continue;
    }
    if (!HARMLESS_FLAGS.test(word)) return undefined;
    const takesValue = VALUE_FLAGS.has(word) || (/^-[a-zA-Z]+$/.test(word) && !word.startsWith('--') && 'oOmTtw'.includes(word[word.length - 1]));
    if (takesValue) i += 1;
  }
  if (!url || !/^http:\/\//i.test(url)) return undefined;
  const match = /^http:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^#]*)$/i.exec(url);
  if (!match || !LOCAL_HOSTS.has(match[1].toLowerCase())) return undefined;
  const port = match[2] ? Number(match[2]) : 80;
  if (port < 1 || port > 65535) return undefined;
  const rest = match[3] || '/';
  return { path: rest.startsWith('/') ? rest : `/${rest}`, port };
}

/** A Compose test (`CMD`, `CMD-SHELL`, a string) → a berth check; undefined for `NONE`. */
export function checkFromTest(test: readonly string[] | string, mainPort: number | undefined): HealthCheck | undefined {
  let words: string[];
  let shell: string | undefined;
  if (typeof test === 'string') {
    shell = test;
    words = [];
  } else if (test[0] === 'NONE') {
    return undefined;
  } else if (test[0] === 'CMD-SHELL') {
    shell = test.slice(1).join(' ');
    words = [];
  } else {
    words = test[0] === 'CMD' ? test.slice(1) : [...test];
  }
  if (shell !== undefined) {
    const simple = shell.replace(/\s*\|\|\s*exit(\s+1)?\s*$/, '').trim();
    const split = /[;&|<>`$()]/.test(simple) ? undefined : splitShellWords(simple);
    const http = split ? detectHttpCheck(split) : undefined;
    if (http) return httpCheck(http, mainPort);
    return { exec: ['sh', '-c', shell] };
  }
  const http = detectHttpCheck(words);
  if (http) return httpCheck(http, mainPort);
  return { exec: words };
}

function httpCheck(http: { path: string; port: number }, mainPort: number | undefined): HealthCheck {
  return { http: http.port === mainPort ? http.path : http };
}

export interface HealthInput {
  readonly healthcheck?: KeyTracker;
  readonly labels: LabelSettings;
  readonly mainPort: number | undefined;
  readonly reporter: Reporter;
}

export function mapHealth(input: HealthInput): HealthOutput | undefined {
  const { healthcheck, labels, mainPort, reporter } = input;
  const livenessLabels = labels.health.liveness;
  const readinessLabels = labels.health.readiness;
  let composeCheck: HealthCheck | undefined;
  let disabled = false;
  let timing: Timing = {};
  let startup: Timing | undefined;
  if (healthcheck) {
    const disable = healthcheck.take('disable');
    const test = healthcheck.take('test');
    if (disable && ['true', 'yes'].includes((scalarText(disable.value) ?? '').toLowerCase())) disabled = true;
    const words = test ? testWords(test.value) : undefined;
    if (words !== undefined && (typeof words === 'string' ? words.trim() !== '' : words.length > 0)) {
      composeCheck = checkFromTest(words, mainPort);
      if (composeCheck === undefined) disabled = true;
      else if (typeof words !== 'string' && !['CMD', 'CMD-SHELL'].includes(words[0])) {
        reporter.warn('compose-healthcheck-test', `${healthcheck.child('test')} does not start with CMD, CMD-SHELL or NONE; it is read as CMD`, test!.keyPos, healthcheck.child('test'), 'Start the list with "CMD" (run the words) or "CMD-SHELL" (run one shell command).');
      }
    }
    timing = readTiming(healthcheck, reporter);
    const startPeriod = seconds(healthcheck, 'start_period', reporter);
    const startInterval = seconds(healthcheck, 'start_interval', reporter);
    if (startPeriod !== undefined && startPeriod > 0) {
      const period = probeSeconds(startInterval ?? timing.periodSeconds ?? 5, 1);
      startup = { periodSeconds: period, failureThreshold: Math.max(1, Math.ceil(startPeriod / period)), ...(timing.timeoutSeconds ? { timeoutSeconds: timing.timeoutSeconds } : {}) };
    }
    if (disabled) {
      reporter.warn(
        'compose-healthcheck-disabled',
        `${healthcheck.path} disables the health check; berth keeps its own probes (a TCP check on the main port when there is one)`,
        healthcheck.node.pos,
        healthcheck.path,
        'Declare `health:` on the component, or `health: false` with an exception for the probe rules if the app truly has no check.',
      );
    }
  }
  const livenessLabelCheck = checkFromLabels(livenessLabels, mainPort);
  const readinessLabelCheck = checkFromLabels(readinessLabels, mainPort);
  const check = livenessLabelCheck ?? (disabled ? undefined : composeCheck) ?? readinessLabelCheck;
  if (!check) return undefined;
  const readinessCheck = readinessLabelCheck ?? check;
  if (JSON.stringify(readinessCheck) !== JSON.stringify(check)) {
    const first = readinessLabels.values().next().value as LabelValue | undefined;
    reporter.warn(
      'compose-readiness-check',
      `the readiness check (${describe(readinessCheck)}) differs from the liveness check (${describe(check)}); berth uses one check for every probe, so the readiness one is not carried over`,
      first?.position,
      first?.path,
      'Choose one endpoint that answers when the app is alive and ready, and set it as `health:`.',
    );
  }
  const liveness = { ...timing, ...timingFromLabels(livenessLabels, reporter) };
  const readiness = readinessLabels.size > 0 ? { ...timing, ...timingFromLabels(readinessLabels, reporter) } : liveness;
  const disable = readinessLabels.get('disable');
  if (disable) reporter.warn('compose-label-not-carried', 'label kompose.service.healthcheck.readiness.disable is not carried over: berth always sets a readiness probe', disable.position, disable.path, 'Remove it.');
  for (const [field, label] of [...livenessLabels, ...readinessLabels]) {
    if (!LABEL_FIELDS.has(field)) reporter.warn('compose-label-not-carried', `label ${label.path.split('.').slice(-4).join('.')} is not carried over`, label.position, label.path, `Known probe label fields: ${[...LABEL_FIELDS].join(', ')}.`);
  }
  const startupFromLabels = startPeriodFromLabels(livenessLabels, liveness, reporter);
  return {
    ...check,
    ...(Object.keys(liveness).length > 0 ? { liveness } : {}),
    ...(Object.keys(readiness).length > 0 ? { readiness } : {}),
    ...((startup ?? startupFromLabels) ? { startup: startup ?? startupFromLabels } : {}),
  } as HealthOutput;
}

const LABEL_FIELDS = new Set(['test', 'http_get_path', 'http_get_port', 'tcp_port', 'interval', 'timeout', 'retries', 'start_period', 'disable']);

function testWords(node: ComposeNode): string[] | string | undefined {
  if (isSeqNode(node)) return node.items.map((item) => scalarText(item) ?? '');
  return scalarText(node);
}

function readTiming(tracker: KeyTracker, reporter: Reporter): Timing {
  const interval = seconds(tracker, 'interval', reporter);
  const timeout = seconds(tracker, 'timeout', reporter);
  const retriesEntry = tracker.take('retries');
  const retries = retriesEntry ? Number(scalarText(retriesEntry.value)) : undefined;
  if (retriesEntry && !(Number.isInteger(retries) && retries! >= 0)) {
    reporter.warn('compose-healthcheck-retries', `${tracker.child('retries')} is not a whole number; berth keeps its default failure threshold`, retriesEntry.keyPos, tracker.child('retries'), 'Write a count such as 3.');
  }
  return {
    ...(interval !== undefined ? { periodSeconds: probeSeconds(interval, 1) } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: probeSeconds(timeout, 1) } : {}),
    ...(retries !== undefined && Number.isInteger(retries) && retries > 0 ? { failureThreshold: retries } : {}),
  };
}

function seconds(tracker: KeyTracker, key: string, reporter: Reporter): number | undefined {
  const entry = tracker.take(key);
  if (!entry) return undefined;
  const value = parseDuration(scalarText(entry.value) ?? '');
  if (value === undefined) {
    reporter.warn('compose-duration', `${tracker.child(key)} is not a duration; berth keeps its default`, entry.keyPos, tracker.child(key), 'Write a duration such as 10s, 1m30s or 500ms.');
  }
  return value;
}

function checkFromLabels(labels: ReadonlyMap<string, LabelValue>, mainPort: number | undefined): HealthCheck | undefined {
  const path = labels.get('http_get_path')?.value;
  if (path) {
    const port = Number(labels.get('http_get_port')?.value ?? mainPort);
    const normalized = path.startsWith('/') ? path : `/${path}`;
    return Number.isInteger(port) && port > 0 && port <= 65535 ? { http: port === mainPort ? normalized : { path: normalized, port } } : undefined;
  }
  const tcp = labels.get('tcp_port')?.value;
  if (tcp) {
    const port = Number(tcp);
    if (Number.isInteger(port) && port > 0 && port <= 65535) return { tcp: port === mainPort ? true : port };
  }
  const test = labels.get('test')?.value;
  return test ? checkFromTest(test, mainPort) : undefined;
}

function timingFromLabels(labels: ReadonlyMap<string, LabelValue>, reporter: Reporter): Timing {
  const timing: Timing = {};
  const duration = (field: string) => {
    const label = labels.get(field);
    if (!label) return undefined;
    const value = parseDuration(label.value);
    if (value === undefined) reporter.warn('compose-duration', `label ${field} is not a duration; berth keeps its default`, label.position, label.path, 'Write a duration such as 10s.');
    return value;
  };
  const interval = duration('interval');
  const timeout = duration('timeout');
  const retries = Number(labels.get('retries')?.value);
  if (interval !== undefined) timing.periodSeconds = probeSeconds(interval, 1);
  if (timeout !== undefined) timing.timeoutSeconds = probeSeconds(timeout, 1);
  if (Number.isInteger(retries) && retries > 0) timing.failureThreshold = retries;
  return timing;
}

function startPeriodFromLabels(labels: ReadonlyMap<string, LabelValue>, liveness: Timing, reporter: Reporter): Timing | undefined {
  const label = labels.get('start_period');
  if (!label) return undefined;
  const value = parseDuration(label.value);
  if (value === undefined || value <= 0) {
    if (value === undefined) reporter.warn('compose-duration', 'label start_period is not a duration; berth keeps its default startup probe', label.position, label.path, 'Write a duration such as 30s.');
    return undefined;
  }
  const period = liveness.periodSeconds ?? 5;
  return { periodSeconds: period, failureThreshold: Math.max(1, Math.ceil(value / period)) };
}

function describe(check: HealthCheck): string {
  if ('http' in check) return `HTTP ${typeof check.http === 'string' ? check.http : `${check.http.path} on port ${check.http.port}`}`;
  if ('tcp' in check) return `TCP ${check.tcp === true ? 'on the main port' : `port ${check.tcp}`}`;
  return `exec ${JSON.stringify(check.exec)}`;
}

