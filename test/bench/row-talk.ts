// Rows 4–6: `gemtoken talk` (in this process, fake devices only, see talk-session.ts) against the
// emulator. The mic script repeats every 4.8 s: 1 s of tone (a user turn), 1 s of silence (the model
// starts answering 500 ms in), 0.3 s of tone (barge-in: the emulator interrupts its reply), silence
// (the model answers the short turn in full).

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startEmulatorChild, type EmulatorChild } from './emulator-child.js';
import { fmtMs, percentile, ratio } from './stats.js';
import type { BenchRow } from './table.js';
import { analyse, audioBytesOf } from './talk-analysis.js';
import { runTalkInProcess } from './talk-session.js';

const CYCLE_MS = 4800;
const script = (ms: number): boolean => {
  const at = ms % CYCLE_MS;
  return at < 1000 || (at >= 2000 && at < 2300);
};

export interface TalkBenchOptions {
  readonly rows: readonly string[];
  /** Seconds of audio for rows 4–5. */
  readonly latencyAudioS: number;
  /** Row 6: seconds of audio and the emulator's connection lifetime. */
  readonly longAudioS: number;
  readonly lifetime: string;
}

export async function mintToken(emu: EmulatorChild): Promise<string> {
  const now = Date.now();
  const response = await fetch(`${emu.baseUrl}/v1alpha/auth_tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': emu.apiKey },
    body: JSON.stringify({
      uses: 1,
      expireTime: new Date(now + 3 * 3600_000).toISOString(),
      newSessionExpireTime: new Date(now + 10 * 60_000).toISOString(),
    }),
  });
  return ((await response.json()) as { name: string }).name;
}

const dist = (d: readonly number[]): string =>
  `p99 ${fmtMs(percentile(d, 99))} (p50 ${fmtMs(percentile(d, 50))}, max ${fmtMs(percentile(d, 100))}; n=${d.length})`;

export async function benchTalk(options: TalkBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (options.rows.includes('4') || options.rows.includes('5')) rows.push(...(await latencyRows(options)));
  if (options.rows.includes('6')) rows.push(await longRow(options));
  return rows.filter((r) => options.rows.includes(r.id.slice(0, 1)));
}

async function latencyRows(options: TalkBenchOptions): Promise<BenchRow[]> {
  const emu = await startEmulatorChild();
  try {
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const run = await runTalkInProcess({
      baseUrl: emu.baseUrl,
      credential: { token: await mintToken(emu) },
      script,
      audioMs: options.latencyAudioS * 1000,
      keepLog: true,
    });
    loop.disable();
    const loopP99 = loop.percentile(99) / 1e6;
    const l = analyse(run.log);
    const health = `talk ended with ${run.exitError instanceof Error ? run.exitError.message : 'no error'}; ${l.unmatchedSends} unmatched sends`;
    const handle = l.bargeIns.map((b) => b.handleMs);
    const inDevice = l.bargeIns.map((b) => b.inDeviceMs);
    return [
      {
        id: '4a',
        what: `talk, ${options.latencyAudioS} s of real-time audio: mic chunk read → frame on the socket`,
        measured: dist(l.micToSocket),
        comparison: `event-loop delay p99 of the same process: ${fmtMs(loopP99)}`,
        ratio: ratio(percentile(l.micToSocket, 99), loopP99),
        target: 'p99 ≤ 2 ms',
        met: l.micToSocket.length > 0 && percentile(l.micToSocket, 99) <= 2,
        note: `${health}. Times are taken by hooks on ws (send, 'message') and by the fake devices; one process, one clock.`,
      },
      {
        id: '4b',
        what: 'talk: model frame received → its bytes handed to the speaker',
        measured: dist(l.frameToSpeaker),
        comparison: `event-loop delay p99: ${fmtMs(loopP99)}`,
        ratio: ratio(percentile(l.frameToSpeaker, 99), loopP99),
        target: 'p99 ≤ 2 ms',
        met: l.frameToSpeaker.length > 0 && percentile(l.frameToSpeaker, 99) <= 2,
      },
      {
        id: '5',
        what: 'talk barge-in: interrupted received → playback queue empty; audio already in the device',
        measured: `max ${fmtMs(percentile(handle, 100))} (p50 ${fmtMs(percentile(handle, 50))}); in device max ${fmtMs(percentile(inDevice, 100))}; n=${handle.length}, leaked writes ${l.leakedWrites}`,
        comparison: `one 40 ms model chunk: 40.0 ms`,
        ratio: ratio(percentile(handle, 100), 40),
        target: '≤ 10 ms; ≤ 200 ms in device',
        met:
          handle.length > 0 &&
          percentile(handle, 100) <= 10 &&
          percentile(inDevice, 100) <= 200 &&
          l.leakedWrites === 0,
        note: 'queue empty = the handlers of the interrupted frame have returned (the flush runs inside them; an upper bound) and no model audio reached the speaker after it until the next reply.',
      },
    ];
  } finally {
    await emu.stop();
  }
}

async function longRow(options: TalkBenchOptions): Promise<BenchRow> {
  const emu = await startEmulatorChild(['--connection-lifetime', options.lifetime]);
  try {
    const rss: number[] = [];
    let receivedAudio = 0;
    const run = await runTalkInProcess({
      baseUrl: emu.baseUrl,
      // Over a hundred resumes, each costing a use (resume-costs-use): talk keeps itself in tokens with the key.
      credential: { apiKey: emu.apiKey },
      script,
      audioMs: options.longAudioS * 1000,
      keepLog: false,
      onFrame: (data) => (receivedAudio += audioBytesOf(data)),
      onSecond: () => rss.push(process.memoryUsage().rss),
    });
    const sessions = (await (
      await fetch(`${emu.baseUrl}/emulator/sessions`, { headers: { 'x-goog-api-key': emu.apiKey } })
    ).json()) as {
      conversations: Array<{
        inputSha256: string;
        audioBytesIn: number;
        outputAudioBytes: number;
        resumptions: number;
      }>;
    };
    const conversation = sessions.conversations[0];
    const micSha = run.mic.hash.digest('hex');
    const resumed = run.events.filter((e) => e.type === 'resumed').length;
    const turnAudio = run.events
      .filter((e) => e.type === 'turn')
      .reduce((sum, e) => sum + Number(e.audioBytes ?? 0), 0);
    // Warm-up: the first fifth; growth: the median of the last fifth against the median of the second.
    const fifth = Math.max(1, Math.floor(rss.length / 5));
    const mb = (bytes: number): number => bytes / (1024 * 1024);
    const growth = mb(percentile(rss.slice(-fifth), 50) - percentile(rss.slice(fifth, 2 * fifth), 50));
    const lostInput = conversation
      ? conversation.inputSha256 === micSha
        ? 0
        : Math.round((run.mic.bytes - conversation.audioBytesIn) / 640)
      : Number.NaN;
    const inputOk = conversation?.inputSha256 === micSha && conversation.audioBytesIn === run.mic.bytes;
    // Output frames are 40 ms = 1920 bytes. Duplicated: more audio reached talk's session than the
    // emulator sent, or than arrived on the sockets. Not received: sent by the emulator (as it counts)
    // but never on our sockets, e.g. a turn cut by a reconnect (not a duplicate; shown, not judged).
    const sent = conversation?.outputAudioBytes ?? Number.NaN;
    const duplicated = (Math.max(0, receivedAudio - sent) + Math.max(0, turnAudio - receivedAudio)) / 1920;
    const notReceived = Math.max(0, sent - receivedAudio) / 1920;
    const cut = run.events.filter((e) => e.type === 'turn' && e.cutByReconnect === true).length;
    return {
      id: '6',
      what: `talk, ${options.longAudioS} s session, connection lifetime ${options.lifetime}`,
      measured: `${resumed} resumptions; RSS growth ${growth.toFixed(1)} MB; input ${inputOk ? 'identical (sha256)' : `DIFFERS (~${lostInput} frames)`}; ${duplicated} duplicated output frames`,
      comparison: `emulator: ${conversation?.resumptions ?? '?'} resumptions, in ${conversation?.audioBytesIn ?? '?'} B / mic ${run.mic.bytes} B, out ${sent} B / received ${receivedAudio} B / turns ${turnAudio} B`,
      ratio: '—',
      target: '≥ 100 resumptions; RSS ≤ 20 MB; 0 lost in, 0 dup out',
      met: resumed >= 100 && growth <= 20 && inputOk && duplicated === 0,
      note: `output frames the emulator counts as sent but no socket received: ${notReceived} (turns cut by a reconnect: ${cut}). RSS ${mb(rss[0] ?? 0).toFixed(0)} → ${mb(rss.at(-1) ?? 0).toFixed(0)} MB over ${rss.length} samples (one a second, whole bench process); talk ended with ${run.exitError instanceof Error ? run.exitError.message : 'no error'}.`,
    };
  } finally {
    await emu.stop();
  }
}
