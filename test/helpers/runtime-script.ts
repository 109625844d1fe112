// The runtimes that run a TypeScript file as it is (Bun, Deno): their tests serve the docs block and the
// guarded handler as two programs of one user project, started by the same binary, so a test says
// only how its runtime is called and where its block reports that it listens.
import { startGroup, startServer, userProject } from './runtime-server.js';
import type { Served } from './runtime-suite.js';

/** How the runtime runs a file: `binary ...args <file>`, with `env` added on every run. */
export interface ScriptRuntime {
  readonly binary: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface BlockProgram {
  /** Its file name in the project. */
  readonly file: string;
  /** The docs block, verbatim. */
  readonly text: string;
  /** GEMINI_API_KEY, GEMTOKEN_BASE_URL, APP_ORIGIN (the suite's); PORT=0 is added: any free port. */
  readonly env: Readonly<Record<string, string>>;
  /** Matched against its output; the first group is where it listens. */
  readonly ready: RegExp;
  /** Added to that address when the block's handler answers below it (default none). */
  readonly path?: string;
}

/**
 * Serves `block` and `guarded` (the test's own program, given tokenHandler's options as JSON in
 * GEMTOKEN_HANDLER_OPTIONS, printing `guarded at <url>`) as guarded.ts, both with `runtime`.
 */
export async function serveBlockAndGuarded(
  runtime: ScriptRuntime,
  block: BlockProgram,
  guarded: { readonly text: string; readonly options: Readonly<Record<string, unknown>> },
): Promise<Served> {
  const project = userProject({ [block.file]: block.text, 'guarded.ts': guarded.text });
  const start = (file: string, env: Readonly<Record<string, string>>, ready: RegExp) =>
    startServer(runtime.binary, [...runtime.args, file], { cwd: project.dir, env: { ...runtime.env, ...env }, ready });
  const group = await startGroup(
    [project],
    [
      start(block.file, { ...block.env, PORT: '0' }, block.ready),
      start('guarded.ts', { GEMTOKEN_HANDLER_OPTIONS: JSON.stringify(guarded.options) }, /guarded at (\S+)/),
    ],
  );
  return { ...group, tokenUrl: `${group.servers[0]!.url}${block.path ?? ''}`, guardedUrl: group.servers[1]!.url };
}
