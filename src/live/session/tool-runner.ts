// The shell's side of function calls, and the one gate every call passes before any handler runs
// (--tool-command, a prompt at a terminal, or the no-handler answer): a call of a function the
// session did not declare is answered {"error":"unknown function"} at once, and nothing runs for it
// (a server, or a man in the middle, may name anything: `../../etc/passwd`, `-c`); at most
// MAX_RUNNING handlers run at once and the rest wait in arrival order (a toolCall of 2,000 calls
// starts 8 processes, not 2,000; past 10,000 waiting, a call is answered with an error). It feeds each outcome back as a tool-result input, and stops
// handlers — running or queued — that the machine cancels or the session outlives. A handler that
// throws or rejects is an error response, never a crash of the session.

import type { ToolOutcome } from './tool-outcome.js';
import { errorOutcome, NO_HANDLER, UNKNOWN_FUNCTION } from './tool-outcome.js';
import type { FunctionCall } from '../wire/wire-types.js';

/** One running handler; cancel() stops it (ends its process tree) and its result is ignored. */
export interface ToolRun {
  readonly result: Promise<ToolOutcome>;
  cancel(): void;
}

/** Runs one function call: --tool-command, a prompt at a terminal, or the no-handler answer. */
export type ToolHandler = ((call: FunctionCall) => ToolRun) & {
  /** The session is over: end anything the handler's finished runs left behind. */
  readonly stopAll?: () => void;
};

export const noToolHandler: ToolHandler = () => ({
  result: Promise.resolve(errorOutcome(NO_HANDLER)),
  cancel: () => undefined,
});

/** Handlers running at once; later calls queue (FIFO). */
export const MAX_RUNNING = 8;
/** Calls waiting beyond this are answered at once: a server cannot grow the queue without bound. */
export const MAX_QUEUED = 10_000;
export const QUEUE_FULL = 'too many calls waiting for a handler';

export interface ToolRunnerOptions {
  /** The function names the session declared (its setup's functionDeclarations). */
  readonly declared: ReadonlySet<string>;
  readonly maxRunning?: number;
  /** A call of an undeclared name was refused (for a warning line). */
  readonly onRefused?: (name: string) => void;
}

export class ToolRunner {
  readonly #handler: ToolHandler;
  readonly #deliver: (id: string, outcome: ToolOutcome) => void;
  readonly #options: ToolRunnerOptions;
  readonly #running = new Map<string, ToolRun>();
  readonly #queue = new Map<string, FunctionCall>();

  constructor(
    handler: ToolHandler | undefined,
    deliver: (id: string, outcome: ToolOutcome) => void,
    options: ToolRunnerOptions,
  ) {
    this.#handler = handler ?? noToolHandler;
    this.#deliver = deliver;
    this.#options = options;
  }

  /** How many handlers run right now (never more than maxRunning). */
  get running(): number {
    return this.#running.size;
  }

  start(call: FunctionCall): void {
    if (!this.#options.declared.has(call.name)) {
      this.#options.onRefused?.(call.name);
      return this.#deliver(call.id, errorOutcome(UNKNOWN_FUNCTION));
    }
    if (this.#running.has(call.id) || this.#queue.has(call.id)) return;
    if (this.#queue.size >= MAX_QUEUED) return this.#deliver(call.id, errorOutcome(QUEUE_FULL));
    this.#queue.set(call.id, call);
    this.#next();
  }

  cancel(id: string): void {
    if (this.#queue.delete(id)) return;
    const run = this.#running.get(id);
    this.#running.delete(id);
    run?.cancel();
    this.#next();
  }

  /** The session is over: nothing queued starts, nothing running may outlive it. */
  stopAll(): void {
    this.#queue.clear();
    for (const id of [...this.#running.keys()]) this.cancel(id);
    this.#handler.stopAll?.();
  }

  #next(): void {
    const limit = this.#options.maxRunning ?? MAX_RUNNING;
    while (this.#running.size < limit && this.#queue.size > 0) {
      const [id, call] = this.#queue.entries().next().value as [string, FunctionCall];
      this.#queue.delete(id);
      this.#run(call);
    }
  }

  #run(call: FunctionCall): void {
    let run: ToolRun;
    try {
      run = this.#handler(call);
    } catch (error) {
      return this.#deliver(call.id, errorOutcome(`the tool handler failed: ${messageOf(error)}`));
    }
    this.#running.set(call.id, run);
    run.result.then(
      (outcome) => this.#done(call.id, run, outcome),
      (error: unknown) => this.#done(call.id, run, errorOutcome(`the tool handler failed: ${messageOf(error)}`)),
    );
  }

  #done(id: string, run: ToolRun, outcome: ToolOutcome): void {
    if (this.#running.get(id) !== run) return;
    this.#running.delete(id);
    this.#deliver(id, outcome);
    this.#next();
  }
}

/** Pure: the function names a setup's `tools` (wire form) declares. */
export function declaredFunctionNames(tools: readonly unknown[] | undefined): Set<string> {
  const names = new Set<string>();
  for (const tool of tools ?? []) {
    const declarations = (tool as { functionDeclarations?: unknown } | null)?.functionDeclarations;
    if (!Array.isArray(declarations)) continue;
    for (const declaration of declarations) {
      const name = (declaration as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}

/** The session's runner: the functions its setup declares, and a warning line per refused name. */
export function sessionToolRunner(
  handler: ToolHandler | undefined,
  tools: readonly unknown[] | undefined,
  deliver: (id: string, outcome: ToolOutcome) => void,
  warn: (message: string) => void,
): ToolRunner {
  return new ToolRunner(handler, deliver, { declared: declaredFunctionNames(tools), onRefused: refusalWarnings(warn) });
}

const WARNED_NAMES = 5;

/** One warning per undeclared name, for the first few names only (a batch of 2,000 is not 2,000 lines). */
export function refusalWarnings(warn: (message: string) => void): (name: string) => void {
  const seen = new Set<string>();
  return (name) => {
    if (seen.has(name) || seen.size >= WARNED_NAMES) return;
    seen.add(name);
    const shown = name.length > 64 ? `${name.slice(0, 64)}…` : name;
    warn(
      `the model called ${JSON.stringify(shown)}, which the session does not declare: answered {"error":"${UNKNOWN_FUNCTION}"}${seen.size === WARNED_NAMES ? ' (further names not shown)' : ''}`,
    );
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
