// Writes berth.schema.json and docs/spec-reference.md from the one schema in src/spec/schema.ts.
// `npm run schema`; a test fails when the checked-in files are stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemaFiles } from '../src/spec/schema-files.ts';

const root = join(import.meta.dirname, '..');
for (const [path, content] of Object.entries(renderSchemaFiles())) {
  writeFileSync(join(root, path), content);
  process.stderr.write(`wrote ${path}\n`);
}
