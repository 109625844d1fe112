// --tool-command "<cmd>": each function call the model makes of a declared function (the session's
// ToolRunner checks the name and keeps at most 8 running) runs the command through the shell, with
// {"id","name","args"} as one JSON line on stdin and GEMTOKEN_TOOL_NAME in its environment (the
// child environment: allow-list and --pass-env, as for --token-command). Its stdout is the answer
// (tool-outcome.ts has the convention); a failure, a timeout or bad output is an {"error": …}
// answer the model sees. Whatever the command started ends with the call (children/shell.ts).

import type { ChildLauncher } from '../../children/launcher.js';
import { Reaper } from '../../children/reaper.js';
import { runShell, type ShellResult } from '../../children/shell.js';
import type { Clock } from '../../clock.js';
import { errorOutcome, outcomeFromText, type ToolOutcome } from '../../live/session/tool-outcome.js';
import type { ToolHandler, ToolRun } from '../../live/session/tool-runner.js';
import type { FunctionCall } from '../../live/wire/wire-types.js';

const MAX_OUTPUT = 1024 * 1024;
const WHO = 'the tool handler';

export interface ToolCommandDeps {
  readonly children: ChildLauncher;
  readonly cwd: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

export function toolCommandHandler(command: string, deps: ToolCommandDeps): ToolHandler {
  const reaper = new Reaper(deps.clock);
  const handler = (call: FunctionCall): ToolRun => {
    const stdin = `${JSON.stringify({ id: call.id, name: call.name, args: call.args })}\n`;
    const run = runShell(command, {
      cwd: deps.cwd,
      children: deps.children,
      set: { GEMTOKEN_TOOL_NAME: call.name },
      clock: deps.clock,
      timeoutMs: deps.timeoutMs,
      maxOutput: MAX_OUTPUT,
      stdin,
      reaper,
    });
    return { result: run.done.then((result) => outcomeOf(result, deps.timeoutMs)), cancel: () => run.cancel() };
  };
  return Object.assign(handler, { stopAll: () => reaper.flush() });
}

/** Pure: how the command ended → the answer. */
export function outcomeOf(result: ShellResult, timeoutMs: number): ToolOutcome {
  switch (result.kind) {
    case 'exit':
      if (result.code !== 0)
        return errorOutcome(`${WHO} failed (${result.signal ? `killed by ${result.signal}` : `exit ${result.code}`})`);
      if (result.truncated) return errorOutcome(`${WHO} printed more than ${MAX_OUTPUT / 1024} KiB`);
      return outcomeFromText(result.stdout, WHO);
    case 'timeout':
      return errorOutcome(`${WHO} did not finish within ${timeoutMs / 1000} s`);
    case 'cancelled':
      return errorOutcome(`${WHO} was cancelled`);
    case 'spawn-error':
      return errorOutcome(`${WHO} could not be started: ${result.message}`);
  }
}
