// `berth report` in a real browser: Debian's Chromium, headless, driven by playwright-core. The page
// must load with no console error and no request beyond its own file, draw every environment as
// SVG naming every component, and list exactly what `berth check -o json` lists. Each test keeps a
// screenshot under test-artifacts/.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { diagramOf } from '../src/diagram/index.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { examplePath, loadModelFromText, REPO_ROOT } from './helpers.ts';

const CHROMIUM = process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');

let browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set BERTH_CHROMIUM)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function berth(args: string[], cwd: string) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

/** A workspace holding `specText` as berth.yaml; returns its directory. */
function workspace(specText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-report-'));
  writeFileSync(join(dir, 'berth.yaml'), specText);
  return dir;
}

interface OpenedPage {
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly requests: string[];
  readonly url: string;
}

/** Opens the report and records every console error, page error and request it makes. */
async function openReport(file: string, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  const url = `file://${file}`;
  await page.goto(url, { waitUntil: 'load' });
  return { page, consoleErrors, requests, url };
}

async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

test('report of the platform example: offline, no console errors, every environment drawn naming every component', async () => {
  const dir = workspace(readFileSync(examplePath('platform'), 'utf8'));
  const made = await berth(['report', '--out', 'out/report.html'], dir);
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /report: .*report\.html \(3 environments/);
  const file = join(dir, 'out', 'report.html');
  const { page, consoleErrors, requests, url } = await openReport(file);
  try {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, [url], 'the page requests nothing but itself');

    const model = loadModelFromText(readFileSync(join(dir, 'berth.yaml'), 'utf8'));
    assert.deepEqual(model.registry.environments, ['dev', 'staging', 'production']);
    for (const environment of model.registry.environments) {
      const svg = page.locator(`svg[data-environment="${environment}"]`);
      assert.equal(await svg.count(), 1, `one picture of ${environment}`);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 400 && box.height > 200, `${environment}'s picture is drawn (${JSON.stringify(box)})`);
      const text = (await svg.textContent()) ?? '';
      const names = diagramOf(model, environment, resolveObjects(model, environment)).names;
      assert.equal(names.length, 22, '20 components, postgres and the migrate job');
      for (const name of names) assert.ok(text.includes(name), `${environment}'s picture names ${name}`);
      // 20 services stay readable: identical shapes share one box.
      assert.ok((await svg.locator('g.node-workload').count()) <= 5, `${environment} collapses identical components`);
    }
    await page.locator('#env-production').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-platform-production');

    // Seed 004's sizing table, read straight from the page.
    const workloads = await page.locator('#workloads tbody tr').first().innerText();
    assert.match(workloads, /all 20 components/);
    assert.match(workloads, /1 replica[\s\S]*cpu 100m \/ 200m[\s\S]*memory 128Mi \/ 256Mi/);
    assert.match(workloads, /HPA 2–5[\s\S]*cpu 250m \/ 500m[\s\S]*memory 256Mi \/ 512Mi/);
    assert.match(workloads, /HPA 3–20[\s\S]*cpu 500m \/ 1[\s\S]*memory 512Mi \/ 1Gi/);
    await page.locator('#environments').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-platform-environments');
    assert.equal(await page.locator('#verify-missing').count(), 1, 'says verify has not run');
  } finally {
    await page.context().close();
  }
});

test('report findings table lists exactly what berth check -o json lists, with berth.yaml lines', async () => {
  // Without the dev exception, dev's single replicas become active findings.
  const spec = readFileSync(examplePath('todo-chatbot'), 'utf8').replace(/    exceptions:\n(      - .*\n)+/, '');
  const dir = workspace(spec);
  const checked = await berth(['check', '--format', 'json'], dir);
  const expected = (JSON.parse(checked.out) as { findings: { rule: string; environment?: string; object: string; path: string; excepted?: unknown; position?: { line: number } }[] }).findings;
  assert.ok(expected.filter((f) => !f.excepted).length > 0, 'the spec has active findings');
  assert.equal((await berth(['report'], dir)).code, 0);
  const { page, consoleErrors, requests, url } = await openReport(join(dir, 'report.html'));
  try {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, [url]);
    const rows = await page.locator('#findings-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const row = tr as HTMLElement;
        return { rule: row.dataset.rule, environment: row.dataset.environment, object: row.dataset.object, path: row.dataset.path, excepted: row.dataset.excepted === 'true', where: row.lastElementChild?.textContent ?? '' };
      }),
    );
    const key = (f: { rule?: string; environment?: string; object?: string; path?: string; excepted?: unknown }) => `${f.rule}|${f.environment ?? ''}|${f.object}|${f.path}|${Boolean(f.excepted)}`;
    assert.deepEqual(rows.map(key), expected.map(key));
    for (const [i, f] of expected.entries()) if (f.position) assert.match(rows[i].where, new RegExp(`berth\\.yaml:${f.position.line}:`));
    await page.locator('#findings').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-findings');
  } finally {
    await page.context().close();
  }
});

test('report shows which engines proved which environment once berth verify has run', async () => {
  const dir = workspace(readFileSync(examplePath('todo-chatbot'), 'utf8'));
  assert.equal((await berth(['generate', '--target', 'kubernetes,helm'], dir)).code, 0);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, verified.err);
  const record = JSON.parse(readFileSync(join(dir, 'deploy', 'berth-verify.json'), 'utf8')) as { results: { target: string; environment: string; status: string }[] };
  assert.equal(record.results.length, 6);
  assert.equal((await berth(['report'], dir)).code, 0);
  const { page, consoleErrors } = await openReport(join(dir, 'report.html'));
  try {
    assert.deepEqual(consoleErrors, []);
    for (const target of ['helm', 'kubernetes']) {
      for (const environment of ['dev', 'staging', 'prod']) {
        const cell = page.locator(`#verify-table td[data-target="${target}"][data-environment="${environment}"]`);
        assert.equal(await cell.getAttribute('data-status'), 'ok', `${target} ${environment}`);
        assert.match(await cell.innerText(), /proved equal \(\d+ objects\)/);
      }
    }
    assert.match(await page.locator('#verify-table').innerText(), /helm/);
    await page.locator('#verification').scrollIntoViewIfNeeded();
    await screenshot(page, 'report-verification');

    // Change the spec: the record is kept but marked as made for an earlier berth.yaml.
    writeFileSync(join(dir, 'berth.yaml'), readFileSync(join(dir, 'berth.yaml'), 'utf8').replace('replicas: 3', 'replicas: 4'));
    assert.equal((await berth(['report'], dir)).code, 0);
    await page.reload();
    assert.match(await page.locator('#verification').innerText(), /The spec has changed since/);
  } finally {
    await page.context().close();
  }
});

test('report reads on a phone and in dark mode: no page-wide horizontal scroll, dark colours', async () => {
  const dir = workspace(readFileSync(examplePath('todo-chatbot'), 'utf8'));
  assert.equal((await berth(['report'], dir)).code, 0);
  const light = await openReport(join(dir, 'report.html'), { width: 390, colorScheme: 'light' });
  const dark = await openReport(join(dir, 'report.html'), { width: 390, colorScheme: 'dark' });
  try {
    for (const { page, consoleErrors } of [light, dark]) {
      assert.deepEqual(consoleErrors, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page itself does not scroll sideways (${overflow}px); wide tables and pictures scroll in their own boxes`);
    }
    const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(light.page), 'rgb(255, 255, 255)');
    assert.equal(await background(dark.page), 'rgb(11, 17, 32)');
    const nodeFill = (page: Page) => page.locator('svg[data-environment="prod"] g.node-workload rect').first().evaluate((rect) => getComputedStyle(rect).fill);
    assert.notEqual(await nodeFill(light.page), await nodeFill(dark.page), 'the pictures follow the colour scheme');
    await screenshot(light.page, 'report-phone-light');
    await screenshot(dark.page, 'report-phone-dark');
  } finally {
    await light.page.context().close();
    await dark.page.context().close();
  }
});

test('report is byte-identical on every run', async () => {
  const dir = workspace(readFileSync(examplePath('platform'), 'utf8'));
  assert.equal((await berth(['report', '--out', 'a.html'], dir)).code, 0);
  assert.equal((await berth(['report', '--out', 'b.html'], dir)).code, 0);
  assert.equal(readFileSync(join(dir, 'a.html'), 'utf8'), readFileSync(join(dir, 'b.html'), 'utf8'));
  cpSync(join(dir, 'a.html'), join(ARTIFACTS, 'report-platform.html'));
});

test('report of a spec without environments draws its default', async () => {
  const spec = 'name: solo\nversion: 0.1.0\ncomponents:\n  web:\n    image: ghcr.io/acme/web\n    port: 8080\n    health: { http: /healthz }\n    routes: [/]\ningress: { host: solo.example.com }\n';
  const dir = workspace(spec);
  const made = await berth(['report'], dir);
  assert.equal(made.code, 0, made.err);
  const { page, consoleErrors, requests, url } = await openReport(join(dir, 'report.html'));
  try {
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, [url]);
    const svg = page.locator('#env-default svg[data-environment="default"]');
    assert.equal(await svg.count(), 1);
    const text = (await svg.textContent()) ?? '';
    for (const name of ['web', 'Service solo-web', 'solo.example.com']) assert.ok(text.includes(name), name);
    await screenshot(page, 'report-default-environment', true);
  } finally {
    await page.context().close();
  }
});
