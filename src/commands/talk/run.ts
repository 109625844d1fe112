// `gemtoken talk`: a live voice (or text) session in the terminal. Thin orchestration: options and
// token first (nothing opened yet), then devices, view and keys — each on the one disposer stack —
// then the session runner until the conversation ends, Ctrl-C, or an error.

import type { Context } from '../../context.js';
import { GemtokenError, InterruptedError, UsageError } from '../../errors.js';
import type { TalkEvent } from '../../live/session/events.js';
import { SESSION_DEFAULTS, type TalkSessionConfig } from '../../live/session/session-types.js';
import { SessionRunner, type SessionRunnerDeps } from '../../live/session/session-runner.js';
import { DEFAULT_BACKLOG_BYTES } from '../../live/session/backlog.js';
import { openKeySource } from '../../terminal/key-source.js';
import { KeyReader, startKeys, type KeyAction } from '../../terminal/keys.js';
import { createSuspender } from '../../terminal/suspend.js';
import { createStatusLine, type StatusLine } from '../../terminal/status-line.js';
import { createUi } from '../../terminal/ui.js';
import { obtainCredentials } from './credentials.js';
import { openDevices } from './devices.js';
import { DisposerStack } from './disposers.js';
import { lockWarnings } from './lock-warnings.js';
import { readTalkFlags, resolveTalkOptions, scripted, stdinFree } from './options.js';
import { eventSinks } from './event-sinks.js';
import { sendTypedLine } from './typed-line.js';
import { chooseToolHandler } from './tool-handlers.js';
import { childLauncher } from '../../children/launcher.js';
import { contextTextIo } from '../text-io.js';
import { loadToolsFlag } from '../../token/config/tools-flag.js';
import { toWireTools } from '../../token/config/tools.js';
import { prepareVision } from './vision.js';
import { definedProps } from '../../defined-props.js';

const STATUS_REFRESH_MS = 100;

export async function runTalk(ctx: Context, raw: Record<string, unknown>): Promise<number> {
  const ui = createUi(ctx);
  const flags = readTalkFlags(raw);
  const options = resolveTalkOptions(flags, ctx.env);
  const stack = new DisposerStack();
  // Our own abort: raw-mode Ctrl-C arrives as a key, not as SIGINT, and must take the same path.
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(ctx.signal.reason ?? new InterruptedError());
  ctx.signal.addEventListener('abort', onSignal, { once: true });
  stack.defer('signal', () => ctx.signal.removeEventListener('abort', onSignal));
  try {
    const keySource = scripted(options)
      ? undefined
      : await openKeySource({
          stdin: ctx.stdin as Parameters<typeof startKeys>[0],
          stdinIsTTY: ctx.isTTY.stdin,
          stdinFree: stdinFree(options),
          stderrIsTTY: ctx.isTTY.stderr,
          signal: ctx.signal,
        });
    if (keySource) stack.defer('key input', () => keySource.close());
    if (options.setup.pushToTalk && !keySource)
      throw new UsageError(
        '--push-to-talk needs a terminal for the space key',
        'run it interactively, or drop --push-to-talk',
      );
    // Checked before any token is used or device opened: a typo here is exit 2 with nothing spent.
    const declared =
      options.tools === undefined ? undefined : toWireTools(await loadToolsFlag(options.tools, contextTextIo(ctx)));
    const vision = await prepareVision(ctx, options, stack);
    const { token, apiVersion, supply } = await obtainCredentials(ctx, ui, options);
    lockWarnings(flags, token.locked).forEach((line) => ui.warn(line));
    const devices = await openDevices(ctx, options, stack);
    const keys = keySource !== undefined;
    // Keys and the status line step aside while a tool question or a suspend has the terminal.
    let paused = false;
    // The line is the interface: NO_COLOR/CI change its colour (it has none), never whether it is shown.
    const status = ctx.isTTY.stderr
      ? createStatusLine(ui, () => (ctx.stderr as { columns?: number }).columns || 80, {
          pushToTalk: options.setup.pushToTalk,
          keys,
          mic: options.input.kind !== 'none',
          ...definedProps({ video: vision.video?.label }),
          dumb: ctx.env.TERM === 'dumb',
        })
      : undefined;
    if (status) {
      stack.defer('status line', () => status.stop());
      const onResize = (): void => (paused ? undefined : status.resize());
      ctx.stderr.on('resize', onResize);
      stack.defer('resize', () => ctx.stderr.off('resize', onResize));
    }
    const sink = await eventSinks(ctx, ui, options, stack, status);
    const session: TalkSessionConfig = {
      setup: declared ? { ...options.setup, tools: declared } : options.setup,
      apiVersion,
      echo: options.echo,
      speaker: devices.playback !== undefined,
      liveInput: options.input.kind === 'mic',
      // A file is finite and already read: hold all of it across a reconnect rather than drop any.
      backlogLimitBytes: options.input.kind === 'mic' ? DEFAULT_BACKLOG_BYTES : Number.POSITIVE_INFINITY,
      once: options.once,
      ...definedProps({ tokenExpiresAt: token.expiresAt, tokenUses: token.uses, tokenSupply: supply?.kind }),
      ...SESSION_DEFAULTS,
    };
    let up = false;
    const onEvent = (event: TalkEvent): void => {
      if (event.type === 'setup') up = true;
      sink(event);
    };
    const renewToken =
      supply &&
      (async (): ReturnType<NonNullable<SessionRunnerDeps['renewToken']>> => {
        // A token from the environment refused at the first connect: say why talk mints instead.
        if (!up && options.tokenSource.kind === 'env')
          ui.warn(`${options.tokenSource.name} was refused; using a fresh token (${supply.kind}) instead`);
        const fresh = await supply.next();
        return {
          token: fresh.name,
          source: supply.kind,
          ...definedProps({ expiresAt: fresh.expiresAt, uses: fresh.uses }),
        };
      });
    let stopKeys: (() => void) | undefined;
    const suspender = createSuspender(
      {
        leave: () => void pauseTerminal(),
        enter: () => {
          resumeTerminal();
          status?.redraw();
        },
      },
      ctx.clock,
    );
    stack.defer('suspend', () => suspender.dispose());
    const reader = new KeyReader();
    // A line naming a JPEG or PNG file shows it (typed-line.ts); lines go out in the order typed.
    let typing = Promise.resolve();
    const typedLine = (line: string): void => {
      typing = typing
        .then(() => sendTypedLine(line, ctx.env.HOME, ctx.signal, runner, sink))
        .catch((error: unknown) => sink({ type: 'warning', message: `the typed line was not sent: ${String(error)}` }));
    };
    const keysOn = (): void => {
      if (stopKeys || !keySource) return;
      stopKeys = startKeys(
        keySource.input,
        (action) => (action.type === 'suspend' ? suspender.suspend() : onKey(action, runner, abort, status, typedLine)),
        reader,
      );
    };
    const keysOff = (): void => {
      stopKeys?.();
      stopKeys = undefined;
    };
    const resumeTerminal = (): void => {
      paused = false;
      if (keys && !abort.signal.aborted) keysOn();
    };
    const pauseTerminal = (): (() => void) => {
      paused = true;
      keysOff();
      status?.stop();
      return resumeTerminal;
    };
    // A tool's answer is asked on stdin: when the keys come from there too, or in a scripted run at a
    // terminal (a question asked is not a key read).
    const tools = chooseToolHandler(ctx, ui, {
      ...definedProps({ toolCommand: options.toolCommand }),
      children: childLauncher(ctx.env, options.passEnv),
      toolTimeoutMs: options.toolTimeoutMs,
      interactive: keySource ? keySource.from === 'stdin' : scripted(options) && ctx.isTTY.stdin && stdinFree(options),
      pauseTerminal,
      interrupt: () => abort.abort(new InterruptedError()),
    });
    const { createSdkTransport } = await import('../../live/transport/sdk-transport.js');
    const runner = new SessionRunner(
      {
        transport: createSdkTransport({ clock: ctx.clock, onWarning: (w) => ui.debug(`sdk: ${w}`) }),
        clock: ctx.clock,
        signal: abort.signal,
        ...devices,
        ...vision,
        onEvent,
        tools,
        ...definedProps({ renewToken }),
      },
      {
        baseUrl: options.baseUrl,
        token: token.name,
        connectTimeoutMs: options.connectTimeoutMs,
        session,
        ...definedProps({ text: options.text }),
      },
    );
    if (status)
      stack.defer(
        'status timer',
        ctx.clock.setInterval(() => {
          if (!paused) status.update(runner.snapshot());
        }, STATUS_REFRESH_MS),
      );
    if (keys) {
      keysOn();
      stack.defer('raw mode', keysOff);
    }
    ui.debug(
      `talk: ${options.baseUrl} ${apiVersion}, token from ${token.source}, input ${options.input.kind}, speaker ${devices.playback ? 'on' : 'off'}`,
    );
    await runner.run();
    // Outputs close here, not in `finally`, so that a file that could not be written fails the run.
    await stack.dispose();
    const lost = stack.failures.find((failure) => failure.error instanceof GemtokenError);
    if (lost) throw lost.error;
    return 0;
  } finally {
    await stack.dispose();
    for (const failure of stack.failures) ui.debug(`cleanup of ${failure.name} failed: ${String(failure.error)}`);
  }
}

function onKey(
  action: KeyAction,
  runner: SessionRunner,
  abort: AbortController,
  status: StatusLine | undefined,
  typedLine: (line: string) => void,
): void {
  switch (action.type) {
    case 'interrupt':
      return abort.abort(new InterruptedError());
    case 'typing':
      return status?.setPrompt(action.text);
    case 'send':
      return typedLine(action.text);
    case 'suspend':
      return; // taken by the suspender before it gets here
    default:
      return runner.key(action.type);
  }
}
