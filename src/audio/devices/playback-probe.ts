// The playback check runs in a child process (dist/playback-probe.cjs, built from
// playback-probe-child.ts) because the `speaker` addon can take the whole process down: with no
// usable ALSA output device, mpg123's alsa backend logs "cannot open device default" and then trips a libasound assertion
// (`snd_pcm_hw_refine: Assertion 'pcm && params' failed`), i.e. SIGABRT, not an exception. It
// happens already while the addon loads (it probes the default device for its formats).

import type { ChildLauncher } from '../../children/launcher.js';
import type { Clock } from '../../clock.js';
import { PROBE_DEVICE_FLAG, PROBE_PLAYBACK_FLAG, type PlaybackOutcome } from './playback-check.js';
import { parseJson } from '../../parse/json.js';

export type { PlaybackOutcome };

export interface ChildProbeOptions {
  readonly nodePath: string;
  /** dist/playback-probe.cjs (commands/bin-path.ts PROBE_PATH). */
  readonly probePath: string;
  /** The command's launcher: the child gets the allow-listed environment (HOME for ALSA's config, PATH), never a key. */
  readonly children: ChildLauncher;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** undefined = the default playback device. */
  readonly device?: string;
}

export function playbackInChild(options: ChildProbeOptions): Promise<PlaybackOutcome> {
  return new Promise((resolve) => {
    const device = options.device === undefined ? [] : [PROBE_DEVICE_FLAG, options.device];
    const child = options.children.spawn(options.nodePath, [options.probePath, PROBE_PLAYBACK_FLAG, ...device], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-4096)));
    let timedOut = false;
    const cancel = options.clock.setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      cancel();
      resolve({ kind: 'device', message: `cannot run the playback check: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      cancel();
      resolve(readChildOutcome({ stdout, stderr, code, signal, timedOut, timeoutMs: options.timeoutMs }));
    });
  });
}

export interface ChildExit {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly timeoutMs: number;
}

/** Pure: what the child printed (one JSON outcome line) or how it died → an outcome. */
export function readChildOutcome(exit: ChildExit): PlaybackOutcome {
  const line = exit.stdout.trim().split('\n').at(-1) ?? '';
  if (exit.code === 0) {
    // An unreadable answer falls through: it is reported like a crash.
    const result = parseJson(line);
    const parsed = (result.ok ? result.value : null) as Partial<PlaybackOutcome> | null;
    if (
      parsed?.kind === 'ok' ||
      ((parsed?.kind === 'addon' || parsed?.kind === 'device') && typeof parsed.message === 'string')
    )
      return parsed as PlaybackOutcome;
  }
  if (exit.timedOut)
    return { kind: 'device', message: `the default playback device did not open within ${exit.timeoutMs / 1000} s` };
  const how = exit.signal ? `crashed (${exit.signal})` : `failed (exit code ${exit.code})`;
  const why = lastUsefulLine(exit.stderr);
  return { kind: 'device', message: `the speaker addon ${how} on the default playback device${why ? `: ${why}` : ''}` };
}

function lastUsefulLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // mpg123's own line says what went wrong; libasound's assertion only says where.
  return (
    lines
      .filter((line) => /cannot open device|error:/i.test(line) && !/Assertion/.test(line))
      .at(-1)
      ?.replace(/^\[[^\]]*\]\s*/, '') ?? lines.at(-1)
  );
}
