// The real probes: PATH, /etc/os-release, the mic and speaker adapters (through ctx.devices, so
// `mic`/`speaker` load only here and only when doctor runs) and ctx.fetch for --online.

import { access, constants, readFile } from 'node:fs/promises';
import type { AudioInput, AudioInputSink } from '../../audio/ports.js';
import type { ChildLauncher } from '../../children/launcher.js';
import { measureLevel } from '../../audio/pcm/level.js';
import type { Context } from '../../context.js';
import { InterruptedError } from '../../errors.js';
import { playbackInChild } from '../../audio/devices/playback-probe.js';
import type { CaptureOutcome, DoctorProbes, HttpOutcome } from './probes.js';
import { SILENCE_PEAK } from './evaluate.js';
import path from 'node:path';

/** How long the playback child may take before it counts as hung. */
const PLAYBACK_CHILD_TIMEOUT_MS = 10_000;

/**
 * `probePath` is dist/playback-probe.cjs: the playback check runs in a child (audio/devices/playback-probe.ts).
 * `children` starts it and the capture check's arecord/sox, with doctor's --pass-env.
 */
export function systemProbes(ctx: Context, probePath: string, children: ChildLauncher): DoctorProbes {
  return {
    nodeVersion: process.versions.node,
    osRelease: () => readFile('/etc/os-release', 'utf8').catch(() => undefined),
    findOnPath: (program) => findOnPath(program, ctx.env.PATH ?? ctx.env.Path, ctx.platform, ctx.env.PATHEXT),
    capture: (device, windowMs) => capture(ctx, children, device, windowMs),
    playback: () =>
      playbackInChild({
        nodePath: process.execPath,
        probePath,
        children,
        clock: ctx.clock,
        timeoutMs: PLAYBACK_CHILD_TIMEOUT_MS,
      }),
    http: (url, timeoutMs) => http(ctx, url, timeoutMs),
  };
}

async function capture(
  ctx: Context,
  children: ChildLauncher,
  device: string,
  windowMs: number,
): Promise<CaptureOutcome> {
  let input: AudioInput | undefined;
  let bytes = 0;
  let peak = 0;
  let failure: Error | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const sink: AudioInputSink = {
    chunk(pcm) {
      bytes += pcm.length;
      peak = Math.max(peak, measureLevel(pcm).peak);
      if (peak >= SILENCE_PEAK) finish();
    },
    end: () => finish(),
    error(error) {
      failure ??= error;
      finish();
    },
  };
  // The window starts before start(): start() itself may wait for the first audio.
  const cancel = ctx.clock.setTimeout(finish, windowMs);
  ctx.signal.addEventListener('abort', finish, { once: true });
  try {
    input = await ctx.devices.microphone({ device, children });
    await input.start(sink);
    await finished;
  } catch (error) {
    failure ??= error as Error;
  } finally {
    cancel();
    ctx.signal.removeEventListener('abort', finish);
    await input?.stop();
  }
  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new InterruptedError();
  if (failure) return { kind: 'error', message: failure.message };
  return { kind: 'audio', bytes, peak };
}

async function http(ctx: Context, url: string, timeoutMs: number): Promise<HttpOutcome> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const cancel = ctx.clock.setTimeout(
    () => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  try {
    // No key, no body: any HTTP status at all proves DNS, TCP and TLS to the host work.
    const response = await ctx.fetch(`${url}/`, { method: 'GET', signal: controller.signal, redirect: 'manual' });
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'answered', status: response.status };
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new InterruptedError();
    return { kind: 'failed', message: describeFetchError(error, controller.signal) };
  } finally {
    cancel();
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** One line for a failed fetch: the timeout reason, or undici's `cause` code (ECONNREFUSED, ENOTFOUND…). */
export function describeFetchError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.message)
    return cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message;
  if (cause?.code) return cause.code;
  return error instanceof Error ? error.message : String(error);
}

// `which` without spawning anything: the PATH comes from the Context's env, so a test (or a user)
// running with a trimmed PATH gets the same answer the `mic` package's spawn would.
export async function findOnPath(
  program: string,
  pathVar: string | undefined,
  platform: NodeJS.Platform,
  pathExt?: string,
): Promise<string | undefined> {
  const delimiter = platform === 'win32' ? ';' : ':';
  const dirs = (pathVar ?? '').split(delimiter).filter((dir) => dir !== '');
  const extensions =
    platform === 'win32' ? ['', ...(pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)] : [''];
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, program + ext);
      try {
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}
