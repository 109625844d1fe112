// Second build step (after tsc, which typechecks and emits dist/ for the library API): bundles the
// CLI entry with commander into dist/cli.js, each lazily imported command into dist/chunks/.
// Why: resolving and loading ~20 small modules plus commander's files was most of `gemtoken --help`
// (issue 4 row 1, `npm run bench`). npm packages other than commander stay external, so @google/genai,
// ws, mic and speaker load from node_modules exactly as before, and only when a command needs them.

import { rmSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).filter((name) => name !== 'commander');

// commander requires child_process at load time for executable subcommands, which gemtoken does not
// use; loading it (with net, dgram, stream) costs ~3 ms of every start. Defer it to first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (/node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy', namespace: 'lazy-child-process' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

rmSync(new URL('./dist/chunks/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  // Chunks sit one folder below dist/, like dist/commands/, so import.meta.url-relative paths in
  // lazily loaded modules (doctor's ../../bin/gemtoken.js) resolve as they do in tsc's output.
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [lazyChildProcess],
  // commander is CommonJS: its require() calls of node: builtins need a require in an ES module.
  banner: { js: "import { createRequire as __gemtokenRequire } from 'node:module'; const require = __gemtokenRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

// The entry must not itself depend on its location (it sits at dist/, not one folder down).
const entry = readFileSync(new URL('./dist/cli.js', import.meta.url), 'utf8');
if (entry.split('import.meta.url').length - 1 > 1) throw new Error('esbuild.config.mjs: dist/cli.js uses import.meta.url beyond the banner; keep such code in a lazily imported module');
