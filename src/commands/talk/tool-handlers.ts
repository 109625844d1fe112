// Who answers the model's function calls in talk: --tool-command when given; else, at a terminal,
// the user (one question at a time, with the key reader and status line paused so the prompt owns
// the terminal); else, in a script, nobody — each call gets {"error":"no tool handler"} and a
// warning line, so the model can say so instead of waiting for ever.

import type { ChildLauncher } from '../../children/launcher.js';
import type { Context } from '../../context.js';
import { InterruptedError } from '../../errors.js';
import { errorOutcome, NO_HANDLER, outcomeFromText } from '../../live/session/tool-outcome.js';
import type { ToolHandler } from '../../live/session/tool-runner.js';
import { escapeJsonForTerminal, printable } from '../../printable.js';
import { promptToolResult } from '../../terminal/prompt.js';
import type { Ui } from '../../terminal/ui.js';
import { toolCommandHandler } from './tool-command.js';

export interface ToolHandlerChoice {
  readonly toolCommand?: string;
  /** Starts the --tool-command with talk's child environment (--pass-env). */
  readonly children: ChildLauncher;
  readonly toolTimeoutMs: number;
  /** A terminal on stdin that talk may take over for a question. */
  readonly interactive: boolean;
  /** Give the terminal to a prompt (keys off, status line quiet) and take it back. */
  readonly pauseTerminal: () => () => void;
  readonly interrupt: () => void;
}

export function chooseToolHandler(ctx: Context, ui: Ui, choice: ToolHandlerChoice): ToolHandler {
  if (choice.toolCommand !== undefined)
    return toolCommandHandler(choice.toolCommand, {
      children: choice.children,
      cwd: ctx.cwd,
      clock: ctx.clock,
      timeoutMs: choice.toolTimeoutMs,
    });
  if (choice.interactive) return askingHandler(ctx, choice);
  return (call) => {
    ui.warn(
      `the model called ${printable(call.name)}, but talk has no --tool-command: answered {"error":"${NO_HANDLER}"}`,
    );
    return { result: Promise.resolve(errorOutcome(NO_HANDLER)), cancel: () => undefined };
  };
}

function askingHandler(ctx: Context, choice: ToolHandlerChoice): ToolHandler {
  let queue: Promise<unknown> = Promise.resolve();
  return (call) => {
    const withdrawn = new AbortController();
    const ask = async (): Promise<string> => {
      if (withdrawn.signal.aborted) throw new Error('cancelled');
      const resume = choice.pauseTerminal();
      try {
        // The name and arguments come from the server: shown without control sequences.
        return await promptToolResult(
          ctx,
          printable(`tool ${call.name}(${escapeJsonForTerminal(JSON.stringify(call.args))}) result (JSON):`),
          withdrawn.signal,
        );
      } finally {
        resume();
      }
    };
    const answer = queue.then(ask);
    queue = answer.catch(() => undefined);
    const result = answer.then(
      (text) => outcomeFromText(text, 'your answer'),
      (error: unknown) => {
        // Ctrl-C at the question ends talk like Ctrl-C anywhere else.
        if (error instanceof InterruptedError && !withdrawn.signal.aborted) choice.interrupt();
        return errorOutcome('the question was not answered');
      },
    );
    return { result, cancel: () => withdrawn.abort() };
  };
}
