// Second build step, after tsc (which typechecks and emits dist/ for the library API). `npm run bench`
// row 1 (start-up): resolving and loading ~20 small modules plus commander's files was most of
// `gemtoken --help`. Two bundles (and, step 3, the web page of `gemtoken serve`):
// 1. src/cli.ts with commander → dist/chunks/cli.js, each lazily imported command split into
//    dist/chunks/. npm packages other than commander stay external: @google/genai, ws, mic and
//    speaker load from node_modules as before, only when a command needs them.
// 2. src/cli-fast-path.ts → dist/cli.cjs (what bin/gemtoken.js loads): a few hundred bytes that
//    answer --version and --help (commander's help, rendered here after step 1) and import nothing
//    else; any other command line goes on to dist/chunks/cli.js. CommonJS, because Node's ES-module
//    loader alone costs ~0.15× `node -e 0` before a line of ours runs (a one-line .mjs measured
//    1.23–1.30×, the same line as .cjs 1.10–1.16×), which is the whole budget of row 1.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).filter(
  (name) => name !== 'commander',
);

// commander requires child_process at load time for executable subcommands, which gemtoken does not
// use; loading it (with net, dgram, stream) costs ~3 ms of every start. Defer it to first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(new URL('./dist/chunks/', import.meta.url), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist/chunks',
  // One folder below dist/, like dist/commands/, so import.meta.url-relative paths (doctor's
  // ../../bin/gemtoken.js) resolve as they do in tsc's output.
  chunkNames: '[name]-[hash]',
  splitting: true,
  external,
  plugins: [lazyChildProcess],
  // commander is CommonJS: its require() calls of node: builtins need a require in an ES module.
  banner: {
    js: "import { createRequire as __gemtokenRequire } from 'node:module'; const require = __gemtokenRequire(import.meta.url);",
  },
});

// Commander renders the top-level help into a pipe: 80 columns, the only case the fast path answers.
const rendered = spawnSync(
  process.execPath,
  ['--input-type=module', '-e', "(await import('./dist/chunks/cli.js')).main(['node', 'gemtoken', '--help'])"],
  {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
if (rendered.status !== 0 || !rendered.stdout.startsWith('Usage: gemtoken'))
  throw new Error(`esbuild.config.mjs: rendering --help failed: ${rendered.stderr}`);

const toMainChunk = {
  name: 'main-chunk',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\.js$/ }, () => ({ path: './chunks/cli.js', external: true }));
  },
};
await build({
  ...common,
  format: 'cjs',
  entryPoints: { cli: 'src/cli-fast-path.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  define: { GEMTOKEN_HELP_TEXT: JSON.stringify(rendered.stdout) },
  plugins: [toMainChunk],
});

// 2b. src/audio/devices/playback-probe-child.ts → dist/playback-probe.cjs: the child talk starts
//    before every session with the speaker on (and doctor for its playback check), so the
//    `speaker` addon's abort on a machine without a usable device takes the child down, not talk.
//    CommonJS with the speaker adapter only (speaker itself stays external): as
//    `gemtoken doctor --probe-playback`, through the ES-module CLI and commander, the same check
//    cost ~85 ms of CPU per talk start; this costs ~35 ms (measured with --cpu-prof).
await build({
  ...common,
  format: 'cjs',
  entryPoints: { 'playback-probe': 'src/audio/devices/playback-probe-child.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  external,
  // speaker-output.ts's `await import('speaker')` as a require(): import() would start the
  // ES-module loader for one CommonJS package.
  supported: { 'dynamic-import': false },
});

// The emulator's built-in profiles (src/emulator/quirks.ts reads them from dist/emulator/profiles/).
mkdirSync(new URL('./dist/emulator/profiles/', import.meta.url), { recursive: true });
for (const file of ['observed.json', 'documented.json'])
  copyFileSync(
    new URL(`./src/emulator/profiles/${file}`, import.meta.url),
    new URL(`./dist/emulator/profiles/${file}`, import.meta.url),
  );

// 3. `gemtoken serve`'s built-in page (src/serve/page/: the HTML, its scripts, style sheet and icon) and the SDK's browser build it imports,
//    into dist/web/ (src/serve/page.ts reads them from there). The web build imports p-retry, which is
//    CommonJS: bundling resolves it as a front-end bundler would, so the page needs no import map.
mkdirSync(new URL('./dist/web/', import.meta.url), { recursive: true });
// Every file of the folder: src/serve/page.ts's allow-list decides which of them are served.
for (const file of readdirSync(new URL('./src/serve/page/', import.meta.url)))
  copyFileSync(new URL(`./src/serve/page/${file}`, import.meta.url), new URL(`./dist/web/${file}`, import.meta.url));
await build({
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  entryPoints: ['node_modules/@google/genai/dist/web/index.mjs'],
  outfile: 'dist/web/genai.mjs',
});

// 4. The library API for require() (a CommonJS project, or jest without ES-module mode):
//    src/index.ts → dist/cjs/index.cjs and src/testing.ts → dist/cjs/testing.cjs, which package.json's
//    "exports" name under "require" beside tsc's ES modules. One folder below dist/, like
//    dist/chunks/, so import.meta.url-relative paths (serve's ../web/) resolve as in tsc's output.
//    testing.cjs loads index.cjs rather than a copy of it: one set of error classes for instanceof.
//    npm packages stay external (ws, yaml and re2js all have CommonJS builds).
const indexCjs = {
  name: 'index-cjs',
  setup(b) {
    b.onResolve({ filter: /^\.\/index\.js$/ }, (args) =>
      args.importer.endsWith('testing.ts') ? { path: './index.cjs', external: true } : undefined,
    );
  },
};
for (const entry of ['index', 'testing']) {
  await build({
    ...common,
    format: 'cjs',
    entryPoints: { [entry]: `src/${entry}.ts` },
    outdir: 'dist/cjs',
    outExtension: { '.js': '.cjs' },
    external,
    plugins: [indexCjs],
    define: { 'import.meta.url': '__gemtokenImportMetaUrl' },
    banner: { js: "const __gemtokenImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
}
// src/fetch.ts → dist/cjs/fetch.cjs (`gemtoken/fetch` for require()): self-contained and free of
// `node:` like its ES module (test/e2e/fetch-bundle.test.ts), so no import.meta banner.
await build({
  ...common,
  platform: 'neutral',
  format: 'cjs',
  entryPoints: { fetch: 'src/fetch.ts' },
  outdir: 'dist/cjs',
  outExtension: { '.js': '.cjs' },
});
