// The shell's side of function calls: starts a handler for each RunToolCommand, feeds its outcome
// back as a tool-result input, and stops handlers the machine cancels or the session outlives.
// A handler that throws or rejects is an error response, never a crash of the session.

import type { ToolOutcome } from './tool-outcome.js';
import { errorOutcome, NO_HANDLER } from './tool-outcome.js';
import type { FunctionCall } from '../wire/wire-types.js';

/** One running handler; cancel() stops it (kills its process group) and its result is ignored. */
export interface ToolRun {
  readonly result: Promise<ToolOutcome>;
  cancel(): void;
}

/** Runs one function call: --tool-command, a prompt at a terminal, or the no-handler answer. */
export type ToolHandler = (call: FunctionCall) => ToolRun;

export const noToolHandler: ToolHandler = () => ({ result: Promise.resolve(errorOutcome(NO_HANDLER)), cancel: () => undefined });

export class ToolRunner {
  readonly #handler: ToolHandler;
  readonly #deliver: (id: string, outcome: ToolOutcome) => void;
  readonly #running = new Map<string, ToolRun>();

  constructor(handler: ToolHandler | undefined, deliver: (id: string, outcome: ToolOutcome) => void) {
    this.#handler = handler ?? noToolHandler;
    this.#deliver = deliver;
  }

  start(call: FunctionCall): void {
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

  cancel(id: string): void {
    const run = this.#running.get(id);
    this.#running.delete(id);
    run?.cancel();
  }

  /** The session is over: nothing still running may outlive it. */
  stopAll(): void {
    for (const id of [...this.#running.keys()]) this.cancel(id);
  }

  #done(id: string, run: ToolRun, outcome: ToolOutcome): void {
    if (this.#running.get(id) !== run) return;
    this.#running.delete(id);
    this.#deliver(id, outcome);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
