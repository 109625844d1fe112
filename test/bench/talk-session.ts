// `gemtoken talk` run in this process (runTalk from dist/, as the CLI calls it) against the emulator,
// with the scripted mic and timed speaker as its devices and --events captured from its stdout. Only
// the devices are fakes: options, token, SDK transport, session machine and playback buffer are the
// real ones. talk first opens the real default playback device once in a child (talk-devices.ts
// preflight, which does not go through ctx.devices), so HOME points at an ALSA file-plugin config.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type * as ClockModule from '../../src/clock.js';
import type * as TalkModule from '../../src/commands/talk/run.js';
import type { Context } from '../../src/context.js';
import type * as RedactModule from '../../src/redact.js';
import { ROOT } from './paths.js';
import { ScriptedMic, TimedSpeaker, type MicScript } from './talk-devices.js';
import { TalkLog, hookSockets } from './talk-log.js';

export interface TalkRunOptions {
  readonly baseUrl: string;
  /**
   * A minted token (one connection's worth), or the emulator's API key: talk then mints its own
   * tokens and a fresh one whenever a resume finds the last one spent, as a long session must
   * (each resume costs a use: quirk `resume-costs-use`).
   */
  readonly credential: { readonly token: string } | { readonly apiKey: string };
  readonly script: MicScript;
  readonly audioMs: number;
  /** Keep the full log (latency rows) or only counts (the long run). */
  readonly keepLog: boolean;
  readonly onFrame?: (data: unknown) => void;
  /** Called every second while the session runs (memory samples). */
  readonly onSecond?: () => void;
  /** More talk flags (as commander would pass them), e.g. tools and toolCommand for row 9. */
  readonly flags?: Record<string, unknown>;
}

export interface TalkRun {
  readonly log: TalkLog;
  readonly mic: ScriptedMic;
  readonly speaker: TimedSpeaker;
  readonly events: Array<Record<string, unknown>>;
  readonly exitError: unknown;
}

const sink = (onLine?: (line: string) => void): Writable => {
  let buffered = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      if (onLine) {
        buffered += chunk.toString();
        for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
          onLine(buffered.slice(0, at));
          buffered = buffered.slice(at + 1);
        }
      }
      callback();
    },
  });
};

const fromDist = <T>(file: string): Promise<T> =>
  import(pathToFileURL(path.join(ROOT, 'dist', file)).href) as Promise<T>;

/** A HOME whose .asoundrc sends the default playback device to a file (test/fixtures/asoundrc). */
export function alsaHome(): { home: string; cleanup(): void } {
  const home = mkdtempSync(path.join(tmpdir(), 'gemtoken-bench-'));
  const template = readFileSync(path.join(ROOT, 'test/fixtures/asoundrc'), 'utf8');
  writeFileSync(
    path.join(home, '.asoundrc'),
    template.replaceAll('CAPTURE_FILE', '/dev/null').replaceAll('PLAYBACK_FILE', path.join(home, 'played.raw')),
  );
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export async function runTalkInProcess(options: TalkRunOptions): Promise<TalkRun> {
  const { runTalk } = await fromDist<typeof TalkModule>('commands/talk/run.js');
  const { systemClock } = await fromDist<typeof ClockModule>('clock.js');
  const { SecretRegistry } = await fromDist<typeof RedactModule>('redact.js');
  const alsa = alsaHome();
  const log = new TalkLog();
  log.keep = options.keepLog;
  const mic = new ScriptedMic(log, options.script, options.audioMs);
  const speaker = new TimedSpeaker(log);
  const events: Array<Record<string, unknown>> = [];
  const abort = new AbortController();
  const ctx: Context = {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: alsa.home,
      ...('apiKey' in options.credential ? { GEMINI_API_KEY: options.credential.apiKey } : {}),
    },
    stdin: Readable.from([]) as Context['stdin'],
    stdout: sink((line) => line.trim() && events.push(JSON.parse(line) as Record<string, unknown>)),
    stderr: sink(),
    isTTY: { stdin: false, stdout: false, stderr: false },
    cwd: process.cwd(),
    platform: process.platform,
    fetch: globalThis.fetch,
    clock: systemClock,
    signal: abort.signal,
    secrets: new SecretRegistry(),
    devices: { microphone: async () => mic, speaker: async () => speaker },
    verbose: false,
  };
  const unhook = hookSockets(log, options.onFrame);
  const ticker = setInterval(() => options.onSecond?.(), 1000);
  // The mic script ends; then the last reply plays out and we hang up like a user pressing q.
  const hangUp = setTimeout(() => abort.abort(new Error('bench: hang up')), options.audioMs + 4000);
  let exitError: unknown;
  try {
    await runTalk(ctx, {
      ...('token' in options.credential ? { token: options.credential.token } : {}),
      baseUrl: options.baseUrl,
      apiVersion: 'v1alpha',
      echo: 'headphones',
      events: true,
      speaker: true,
      ...options.flags,
    });
  } catch (error) {
    exitError = error;
  } finally {
    clearTimeout(hangUp);
    clearInterval(ticker);
    unhook();
    alsa.cleanup();
  }
  return { log, mic, speaker, events, exitError };
}
