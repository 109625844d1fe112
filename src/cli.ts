// The commander program. The only module that catches errors and exits (docs/architecture.md).
// It imports commander and the small command-definition files; each command's real work is
// imported lazily inside its action.

import { Command, CommanderError, Option, type OutputConfiguration } from 'commander';
import { createProcessContext, type Context } from './context.js';
import {
  ExitCode,
  GemtokenError,
  InterruptedError,
  renderError,
  SIGNAL_EXIT_CODES,
  UsageError,
  type StopSignal,
} from './errors.js';
import type { Invoke } from './commands/host.js';
import { mintCommand } from './commands/mint/command.js';
import { talkCommand } from './commands/talk/command.js';
import { emulatorCommand } from './commands/emulator/command.js';
import { doctorCommand } from './commands/doctor/command.js';
import { devicesCommand } from './commands/devices/command.js';
import { completionCommand } from './commands/completion/command.js';
import { demoCommand } from './commands/demo/command.js';
import { serveCommand } from './commands/serve/command.js';
import { conformanceCommand } from './commands/conformance/command.js';
import { didYouMean } from './suggest.js';
import { writeFailureReason } from './file-error.js';
import { VERSION } from './version.js';
import { helpAfter } from './terminal/help-text.js';
import { layOutHelp } from './terminal/help-layout.js';

/**
 * After the first stop signal the orderly unwind (disposers, a WAV header patched, stdout drained)
 * gets this long; then we exit anyway. One signal is enough: systemd, `docker stop` and a
 * cancelled CI job send exactly one, and the promise is an exit within 1 s of it.
 */
const UNWIND_MS = 800;
/**
 * The servers (emulator, serve) are stopped by a signal as a matter of course and exit 0: their stop
 * (src/graceful-close.ts) gives work in flight 0.5 s, answers what is left 503 and closes every
 * connection, well inside this. It is only the backstop (exit 130/143) should something hold the
 * stop up; a second signal still ends them at once.
 */
const SERVER_UNWIND_MS = 2_000;
const SERVERS = new Set(['emulator', 'serve']);
/** A server run: `emulator --export-scenario` writes a file and exits, so it is stopped like mint. */
const isServer = (action: Command): boolean =>
  SERVERS.has(action.name()) && action.getOptionValue('exportScenario') === undefined;

export async function main(argv: readonly string[]): Promise<void> {
  const controller = new AbortController();
  let ctx: Context | undefined;
  const verbose = argv.includes('--verbose') || Boolean(process.env.DEBUG);
  const context = (): Context => (ctx ??= createProcessContext(process, controller.signal, verbose));

  let unwindMs = UNWIND_MS;
  let server = false;
  let stop: InterruptedError | undefined;
  let stopReported = false;
  const reportStop = (): number => {
    if (!stopReported) report(stop, context, verbose);
    stopReported = true;
    return stop!.exitCode;
  };
  const onSignal = (signal: StopSignal): void => {
    // A second signal means "now": skip the rest of the unwind.
    if (stop) return process.exit(reportStop());
    stop = InterruptedError.by(signal);
    controller.abort(stop);
    setTimeout(() => process.exit(reportStop()), unwindMs);
  };
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) process.on(signal, onSignal);
  // `gemtoken … | head`: the reader left. Nothing is lost that anyone would read; leave quietly
  // instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.ok);
    // A closed terminal (SIGHUP) fails every later write: we are stopping anyway.
    if (stop) process.exit(stop.exitCode);
    // `> /dev/full`, a full disk: the data is lost. One line and exit 2 (docs/exit-codes.md: an output
    // the user pointed us at that cannot be written), never an uncaught stack trace.
    for (const line of renderError(stdoutWriteError(error), verbose).lines) process.stderr.write(`${line}\n`);
    process.exit(ExitCode.usage);
  });

  let exitCode: number = ExitCode.ok;
  const invoke: Invoke = async (action) => {
    exitCode = (await action(context())) ?? ExitCode.ok;
  };

  const program = buildProgram(invoke);
  let helpPath = 'gemtoken';
  program.hook('preAction', (_program, action) => {
    server = isServer(action);
    if (server) unwindMs = SERVER_UNWIND_MS;
    helpPath = `gemtoken ${action.name()}`;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (!stop) exitCode = report(error, context, verbose, helpPath);
    else if (server && error instanceof InterruptedError) {
      // A server stopped by its first signal exits 0 at whatever stage it was (docs/exit-codes.md):
      // still reading a --scenario, a cassette or its key from a FIFO, the abort's echo is its stop.
      exitCode = ExitCode.ok;
    } else {
      // Stopped: the signal's code, whatever the unwind threw. A failure of its own (the WAV
      // header could not be patched) is still said; the abort's echoes (InterruptedError) are not.
      if (error instanceof GemtokenError && !(error instanceof InterruptedError)) report(error, context, verbose);
      exitCode = reportStop();
    }
  }
  await exit(exitCode);
}

const EXAMPLES = `
Examples:
  # An ephemeral token from GEMINI_API_KEY, the bare name
  gemtoken mint --output name
  # Talk with a Live model (talk mints its own single-use token)
  gemtoken talk
  # The service offline, for tests and demos
  gemtoken emulator --port 8080
  # What this machine needs for talk, with the fix
  gemtoken doctor
  # Emulator, mint and talk end to end, no key needed
  gemtoken demo
`;

export function buildProgram(invoke: Invoke): Command {
  const program = new Command('gemtoken')
    .description('Gemini Live API ephemeral tokens: mint them, talk with them, emulate the service offline.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--verbose', 'print debug detail and stack traces (secrets stay redacted)'))
    .showHelpAfterError(false)
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(false)
    .addHelpText('after', helpAfter(EXAMPLES));
  program.configureOutput(oneLineErrors(program, 'gemtoken'));
  for (const define of [
    mintCommand,
    talkCommand,
    serveCommand,
    emulatorCommand,
    conformanceCommand,
    doctorCommand,
    devicesCommand,
    completionCommand,
    demoCommand,
  ]) {
    // addCommand() does not pass output settings down, so each subcommand gets them explicitly.
    const command = define(invoke).exitOverride().showSuggestionAfterError(false);
    command.configureOutput(oneLineErrors(command, `gemtoken ${command.name()}`));
    // `gemtoken doctor --verbose` as well as `gemtoken --verbose doctor`: main() reads it from argv.
    if (!command.options.some((option) => option.long === '--verbose'))
      command.option('--verbose', 'debug detail on stderr (secrets stay redacted)');
    program.addCommand(command);
  }
  layOutHelp(program);
  return program;
}

/** `context` is a thunk: help, version and usage errors must not pay for building one (stdin, env copy). */
function report(error: unknown, context: () => Context, verbose: boolean, helpPath = 'gemtoken'): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return ExitCode.ok;
    }
    // Commander already printed its one line through outputError.
    return ExitCode.usage;
  }
  const rendered = renderError(error, verbose);
  const ctx = context();
  // Every failure has a hint line (docs/exit-codes.md): a bad flag value (`--uses 'abc' …`) without its own points at the help.
  const hinted =
    rendered.exitCode === ExitCode.usage &&
    /^gemtoken: --[\w-]+ '/.test(rendered.lines[0] ?? '') &&
    !rendered.lines.some((line) => line.startsWith('hint: '));
  const lines = hinted
    ? [rendered.lines[0]!, `hint: see '${helpPath} --help'`, ...rendered.lines.slice(1)]
    : rendered.lines;
  for (const line of lines) ctx.stderr.write(`${ctx.secrets.redact(line)}\n`);
  return rendered.exitCode;
}

async function exit(code: number): Promise<void> {
  // Let stdout drain before exiting so piped data is never cut short (after a signal, the unwind
  // timer bounds this wait: a reader that never reads cannot hold the exit). Nothing pending: no write at
  // all (even an empty write to /dev/full fails), but one turn of the event loop, so that a failed
  // synchronous write (a file on a full disk) reaches the 'error' handler above before we exit 0.
  if (process.stdout.writableLength > 0)
    await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  else await new Promise<void>((resolve) => setImmediate(resolve));
  process.exit(code);
}

function stdoutWriteError(error: NodeJS.ErrnoException): UsageError {
  return new UsageError(
    `cannot write to stdout: ${writeFailureReason(error)}`,
    'the output is incomplete: free some space or send stdout elsewhere',
    { cause: error },
  );
}

// Commander's own usage errors (an unknown option or command, a value outside .choices()) in the
// project's form: one line, then one hint line naming what was probably meant, found by the same
// rule as every other unknown name (src/suggest.ts; commander's own "(Did you mean …?)" line is
// turned off above), or else where the help is.

export function oneLineErrors(command: Command, path: string): OutputConfiguration {
  return {
    outputError: (text: string, write: (text: string) => void) => {
      const line = text.replace(/^error: /, '').trim();
      const guess = commanderSuggestion(line, command);
      write(`gemtoken: ${line}\nhint: ${guess ? `${guess} (see '${path} --help')` : `see '${path} --help'`}\n`);
    },
  };
}

/** `did you mean --model?` for commander's message `line` about `command`, when a name is near. */
export function commanderSuggestion(line: string, command: Command): string | undefined {
  // Long options only: one letter is within one edit of every other short option.
  const option = /^unknown option '(--[^'=]+)/.exec(line);
  if (option) {
    const longs = command.options.map((o) => o.long).filter((name): name is string => name !== undefined);
    return didYouMean(option[1]!, [...longs, '--help']);
  }
  const sub = /^unknown command '([^']+)'/.exec(line);
  if (sub) return didYouMean(sub[1]!, [...command.commands.map((c) => c.name()), 'help']);
  const choice = /'([^']*)' is invalid.*Allowed choices are (.+?)\.?$/.exec(line);
  if (choice) return didYouMean(choice[1]!, choice[2]!.split(', '));
  return undefined;
}
