// Pure verdicts: a probe outcome (plus platform fixes) → one CheckResult line.

import { apiKeyFromEnv, type EnvSnapshot } from '../../config.js';
import { checkKey } from '../../token/api-key.js';
import type { CheckResult } from '../../terminal/check-types.js';
import type { Fixes } from './fixes.js';
import type { CaptureOutcome, HttpOutcome, PlaybackOutcome } from './probes.js';

export const MIN_NODE_MAJOR = 20;
/** Digital silence with a little slack: a muted or permission-blocked input reads as exact zeros. */
export const SILENCE_PEAK = 2 / 32768;

export function checkNode(version: string, fixes: Fixes): CheckResult {
  const major = Number.parseInt(version.replace(/^v/, ''), 10);
  const ok = Number.isFinite(major) && major >= MIN_NODE_MAJOR;
  const detail = `v${version.replace(/^v/, '')}${ok ? '' : ` is too old; gemtoken needs ${MIN_NODE_MAJOR} or newer`}`;
  return ok
    ? { name: 'node', kind: 'local', ok, detail }
    : { name: 'node', kind: 'local', ok, detail, fix: fixes.node };
}

/** Names where the key would come from; never the key or any part of it. */
export function checkApiKey(env: EnvSnapshot, fixes: Fixes): CheckResult {
  const fail = (detail: string): CheckResult => ({
    name: 'api-key',
    kind: 'local',
    ok: false,
    detail,
    fix: fixes.apiKey,
  });
  let found;
  try {
    found = apiKeyFromEnv(env);
    if (found) checkKey(found.key, found.source);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (!found) {
    if (env.GEMTOKEN_TOKEN?.trim())
      return {
        name: 'api-key',
        kind: 'local',
        ok: true,
        detail: 'no API key set; talk will use the token in GEMTOKEN_TOKEN',
      };
    return fail('no API key: GEMINI_API_KEY and GOOGLE_API_KEY are not set');
  }
  const also = found.notice ? ' (GOOGLE_API_KEY is also set and differs; GEMINI_API_KEY wins)' : '';
  return { name: 'api-key', kind: 'local', ok: true, detail: `API key from ${found.source}${also}` };
}

export function checkCaptureProgram(program: string, path: string | undefined, fixes: Fixes): CheckResult {
  return path
    ? { name: 'capture-program', kind: 'audio', ok: true, detail: `${program} found at ${path}` }
    : {
        name: 'capture-program',
        kind: 'audio',
        ok: false,
        detail: `${program} is not on PATH (the microphone needs it)`,
        fix: fixes.microphone,
      };
}

/** talk's --video, --camera and --screen run ffmpeg; without it they exit 6 with this same fix. Advisory: voice needs no ffmpeg. */
export function checkFfmpeg(path: string | undefined, fixes: Fixes): CheckResult {
  return path
    ? { name: 'ffmpeg', kind: 'video', ok: true, detail: `ffmpeg found at ${path}` }
    : {
        name: 'ffmpeg',
        kind: 'video',
        ok: false,
        detail: 'ffmpeg is not on PATH (talk --video, --camera and --screen need it)',
        fix: fixes.ffmpeg,
      };
}

export function checkSpeakerAddon(outcome: PlaybackOutcome, fixes: Fixes): CheckResult {
  return outcome.kind === 'addon'
    ? { name: 'speaker-addon', kind: 'audio', ok: false, detail: outcome.message, fix: fixes.speaker }
    : { name: 'speaker-addon', kind: 'audio', ok: true, detail: 'the speaker addon loads' };
}

export function checkPlayback(outcome: PlaybackOutcome, fixes: Fixes): CheckResult {
  if (outcome.kind === 'ok')
    return { name: 'playback-device', kind: 'audio', ok: true, detail: 'the default playback device opens and plays' };
  if (outcome.kind === 'addon')
    return {
      name: 'playback-device',
      kind: 'audio',
      ok: false,
      detail: 'not checked: the speaker addon does not load',
    };
  return { name: 'playback-device', kind: 'audio', ok: false, detail: outcome.message, fix: fixes.playbackDevice };
}

export function checkCapture(device: string, outcome: CaptureOutcome, windowMs: number, fixes: Fixes): CheckResult {
  const fail = (detail: string, fix: string): CheckResult => ({
    name: 'capture-device',
    kind: 'audio',
    ok: false,
    detail,
    fix,
  });
  if (outcome.kind === 'error') return fail(outcome.message, fixes.captureDevice);
  const seconds = `${windowMs / 1000} s`;
  if (outcome.bytes === 0)
    return fail(`capture device "${device}" delivered no audio within ${seconds}`, fixes.captureDevice);
  if (outcome.peak < SILENCE_PEAK)
    return fail(
      `capture device "${device}" delivered only silence (all-zero samples) for ${seconds}`,
      fixes.silentCapture,
    );
  const dbfs = 20 * Math.log10(outcome.peak);
  return {
    name: 'capture-device',
    kind: 'audio',
    ok: true,
    detail: `capture device "${device}" delivers audio (peak ${dbfs.toFixed(0)} dBFS)`,
  };
}

export function skippedCapture(device: string, program: string): CheckResult {
  return {
    name: 'capture-device',
    kind: 'audio',
    ok: false,
    detail: `not checked: capture device "${device}" needs ${program}`,
  };
}

export function checkApiHost(baseUrl: string, outcome: HttpOutcome, fixes: Fixes): CheckResult {
  if (outcome.kind === 'answered')
    return { name: 'api-host', kind: 'network', ok: true, detail: `${baseUrl} answers (HTTP ${outcome.status})` };
  return {
    name: 'api-host',
    kind: 'network',
    ok: false,
    detail: `${baseUrl} is not reachable: ${outcome.message}`,
    fix: fixes.online(baseUrl),
  };
}
