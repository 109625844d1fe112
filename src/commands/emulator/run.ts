// `gemtoken emulator`: start the emulator, print the ready line, log to stderr, and stop cleanly
// on SIGINT/SIGTERM (ctx.signal), exiting 0.

import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { resolveEmulatorFlags, isLoopback, type EmulatorFlags } from '../../emulator/cli-options.js';
import {
  EmulatorOptionError,
  loadScenario,
  createEmulatorServer,
  type RunningEmulator,
  type Scenario,
} from '../../emulator/index.js';
import { listenError } from '../../listen-error.js';
import { forPerson, showEmulatorReady } from '../../terminal/ready-lines.js';
import { createUi } from '../../terminal/ui.js';
import { loadProfile } from '../profile-flag.js';
import { contextTextIo } from '../text-io.js';
import { definedProps } from '../../defined-props.js';

export async function runEmulator(ctx: Context, opts: EmulatorFlags): Promise<number> {
  if (opts.exportScenario !== undefined) return (await import('./export.js')).runExport(ctx, opts, opts.exportScenario);
  if (opts.exportFormat !== undefined)
    throw new UsageError('--export-format needs --export-scenario <path>', 'see gemtoken emulator --help');
  let flags;
  let scenario: Scenario | undefined;
  try {
    const profile = await loadProfile(opts.profile, contextTextIo(ctx));
    flags = resolveEmulatorFlags(opts, profile.file ? profile : undefined);
    if (opts.scenario !== undefined) scenario = await loadScenario(opts.scenario, ctx.signal);
  } catch (error) {
    if (error instanceof EmulatorOptionError) throw new UsageError(error.message, 'see gemtoken emulator --help');
    throw error;
  }
  for (const key of [...flags.apiKeys, ...(flags.adminKeys ?? [])]) ctx.secrets.add(key);
  const ui = createUi(ctx);
  if (!isLoopback(flags.host)) {
    ui.warn(`binding ${flags.host} exposes the emulator (and its keys) beyond this machine`);
  }
  // A cassette that cannot be written ends the run (exit 2): a recording with a hole must not pass for a whole one.
  let recordFailure: Error | undefined;
  const stopped = new AbortController();
  const onFailure = (error: Error): void => {
    recordFailure ??= error;
    stopped.abort();
  };
  let running: RunningEmulator;
  try {
    running = await createEmulatorServer({
      host: flags.host,
      port: flags.port,
      apiKeys: flags.apiKeys,
      models: flags.models,
      ...definedProps({
        adminKeys: flags.adminKeys,
        connectionLifetimeMs: flags.connectionLifetimeMs,
        goAwayLeadMs: flags.goAwayLeadMs,
        maxSessions: flags.maxSessions,
        scenario,
        replay: flags.replay,
      }),
      faults: flags.faults,
      profile: flags.profile,
      quirks: flags.quirks,
      now: () => ctx.clock.now(),
      log: { format: flags.logFormat, write: (line) => ctx.stderr.write(ctx.secrets.redact(line)) },
      ...definedProps({ record: flags.record && { ...flags.record, onFailure } }),
      signal: ctx.signal,
    });
  } catch (error) {
    if (error instanceof EmulatorOptionError) throw new UsageError(error.message, 'see gemtoken emulator --help');
    throw (
      listenError(error, 'cli', flags.port, flags.host) ?? (error instanceof Error ? error : new Error(String(error)))
    );
  }
  for (const key of running.apiKeys) ctx.secrets.add(key);
  // The one place keys are printed: the user asked for them (generated or passed in).
  ui.dataWithKeys(
    JSON.stringify({
      baseUrl: running.baseUrl,
      apiKeys: running.apiKeys,
      profile: flags.profileFile ?? running.profile,
      quirks: running.quirks,
    }),
  );
  if (forPerson(ctx, flags.logFormat))
    showEmulatorReady(ctx, ui, {
      baseUrl: running.baseUrl,
      apiKey: running.apiKeys[0]!,
      mode: flags.record ? 'record' : flags.replay ? 'replay' : 'emulator',
    });
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted || stopped.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    stopped.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.close();
  if (recordFailure)
    throw new UsageError(
      `--record: ${recordFailure.message}; the recording stopped`,
      'the cassettes end at the failed line: free some space or choose another directory',
    );
  return 0;
}
