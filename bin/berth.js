#!/usr/bin/env node
// Runs the compiled JavaScript in dist/, which `npm run build` writes (`npm ci` runs it as `prepare`).
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write(`berth: the compiled files are missing (${new URL('../dist/', import.meta.url).pathname}); run \`npm run build\` in the berth checkout\n`);
  process.exit(70);
}
await cli.main();
