// The binary's entry: esbuild bundles this file as dist/cli.cjs (CommonJS), which bin/gemtoken.js loads.
// `gemtoken --version`, and `gemtoken --help` into a pipe, are answered here without loading
// commander or building the program: that alone costs more than the start-up budget of
// `npm run bench` row 1 (at most 0.3× `node -e 0` on top of Node's own start). The help text is
// commander's own, rendered at build time by esbuild.config.mjs into a pipe (80 columns, so the same
// text); test/e2e/cli-fast-path.test.ts holds the two equal. Everything else goes on to cli.ts.
// Imports nothing, so it loads nothing.

import { VERSION } from './version.js';

/** Set by esbuild.config.mjs; absent in a plain tsc build, where commander answers --help. */
declare const GEMTOKEN_HELP_TEXT: string | undefined;

export async function main(argv: readonly string[]): Promise<void> {
  const answer = argv.length === 3 ? quickAnswer(argv[2]!) : undefined;
  if (answer === undefined) return (await import('./cli.js')).main(argv);
  // The reader left (`gemtoken --help | head -0`): nothing to say, exit 0 as cli.ts does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.stdout.write(answer, () => process.exit(0));
}

function quickAnswer(arg: string): string | undefined {
  if (arg === '--version' || arg === '-V') return `${VERSION}\n`;
  if (arg !== '--help' && arg !== '-h') return undefined;
  // A terminal gets commander's help wrapped to its width.
  return typeof GEMTOKEN_HELP_TEXT === 'string' && !process.stdout.isTTY ? GEMTOKEN_HELP_TEXT : undefined;
}
