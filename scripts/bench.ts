// Prints how long load + resolve + generate take for each example and for a generated spec with
// 200 components, and the peak memory. Figures, not assertions: compare runs by eye or in CI logs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAppModel } from '../src/model/resolve.ts';
import { loadSpec } from '../src/spec/load.ts';
import { TARGETS } from '../src/targets/index.ts';

const root = join(import.meta.dirname, '..');

function syntheticSpec(components: number): string {
  const lines = ['name: bench', 'version: 1.0.0', 'components:'];
  for (let i = 0; i < components; i++) {
    lines.push(`  svc-${i}:`, `    image: ghcr.io/acme/svc-${i}`, '    port: 8080', '    health: { http: /healthz }', '    env: { LOG_LEVEL: info }');
    if (i % 2 === 0) lines.push('    autoscale: { min: 2, max: 6 }');
  }
  lines.push('environments:', '  dev: { namespace: bench-dev, replicas: 1 }', '  prod: { namespace: bench-prod, autoscale: { min: 3, max: 12 } }');
  return `${lines.join('\n')}\n`;
}

function measure(label: string, text: string): void {
  const start = process.hrtime.bigint();
  const loaded = loadSpec(text, label);
  if (!loaded.ok) throw new Error(`${label}: ${loaded.diagnostics[0]?.message}`);
  const loadedAt = process.hrtime.bigint();
  const model = buildAppModel(loaded.spec);
  let files = 0;
  for (const target of TARGETS) files += target.emit(model).length;
  const end = process.hrtime.bigint();
  const ms = (a: bigint, b: bigint) => (Number(b - a) / 1e6).toFixed(1);
  console.log(
    `${label.padEnd(28)} load ${ms(start, loadedAt).padStart(8)} ms   resolve+generate ${ms(loadedAt, end).padStart(9)} ms   ${String(files).padStart(5)} files (${TARGETS.map((t) => t.name).join(', ')})`,
  );
}

for (const example of ['realtime-svg', 'todo-chatbot', 'platform']) {
  measure(example, readFileSync(join(root, 'examples', example, 'berth.yaml'), 'utf8'));
}
measure('synthetic-200-components', syntheticSpec(200));
console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
