// Latencies from a talk log (talk-log.ts), computed after the run:
// - mic → socket: a mic chunk's read (the fake device handing it to talk) → the frame carrying it
//   passing to ws.send (matched by the sequence number in its first samples);
// - frame → speaker: a model audio frame entering ws's 'message' handlers → its first bytes handed
//   to the speaker (frames matched to writes in order; a flush drops the queued ones);
// - barge-in: a frame with `interrupted` entering the handlers → those handlers returning (the
//   playback queue is flushed inside them; any model audio written after that and before the next
//   reply's first frame counts as leaked), and how much audio the device held at that moment.

import { chunkSeq } from './talk-devices.js';
import type { TalkLog } from './talk-log.js';

const OUTPUT_BYTES_PER_MS = 48; // 24 kHz s16le mono

export interface BargeIn {
  readonly handleMs: number;
  readonly inDeviceMs: number;
}

export interface TalkLatency {
  readonly micToSocket: number[];
  readonly frameToSpeaker: number[];
  readonly bargeIns: BargeIn[];
  readonly leakedWrites: number;
  readonly unmatchedSends: number;
}

interface ServerFrame {
  serverContent?: { modelTurn?: { parts?: Array<{ inlineData?: { data?: string } }> }; interrupted?: boolean };
}

function text(data: unknown): string {
  return typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
}

export function audioBytesOf(data: unknown): number {
  const frame = JSON.parse(text(data)) as ServerFrame;
  return (frame.serverContent?.modelTurn?.parts ?? []).reduce(
    (sum, p) => sum + (p.inlineData?.data ? Buffer.byteLength(p.inlineData.data, 'base64') : 0),
    0,
  );
}

export function analyse(log: TalkLog): TalkLatency {
  const reads = new Map<number, number>();
  const out = {
    micToSocket: [] as number[],
    frameToSpeaker: [] as number[],
    bargeIns: [] as BargeIn[],
    leakedWrites: 0,
    unmatchedSends: 0,
  };
  let fifo: Array<{ t: number; remaining: number; first: boolean }> = [];
  let deviceEnd = 0;
  let interrupt: { t: number; inDeviceMs: number } | undefined;
  let afterFlush = false;
  for (const entry of log.entries) {
    if (entry.kind === 'read') reads.set(entry.seq, entry.t);
    else if (entry.kind === 'send') {
      const audio = (JSON.parse(text(entry.data)) as { realtimeInput?: { audio?: { data?: string } } }).realtimeInput
        ?.audio?.data;
      if (!audio) continue;
      const readAt = reads.get(chunkSeq(Buffer.from(audio, 'base64')));
      if (readAt === undefined) out.unmatchedSends += 1;
      else out.micToSocket.push(entry.t - readAt);
    } else if (entry.kind === 'recv') {
      const frame = JSON.parse(text(entry.data)) as ServerFrame;
      const bytes = audioBytesOf(entry.data);
      if (bytes > 0) {
        fifo.push({ t: entry.t, remaining: bytes, first: true });
        afterFlush = false;
      }
      if (frame.serverContent?.interrupted) interrupt = { t: entry.t, inDeviceMs: Math.max(0, deviceEnd - entry.t) };
    } else if (entry.kind === 'recv-done') {
      if (!interrupt) continue;
      out.bargeIns.push({ handleMs: entry.t - interrupt.t, inDeviceMs: interrupt.inDeviceMs });
      interrupt = undefined;
      fifo = [];
      afterFlush = true;
    } else {
      deviceEnd = Math.max(deviceEnd, entry.t) + entry.bytes / OUTPUT_BYTES_PER_MS;
      if (entry.silent) continue;
      if (afterFlush) {
        out.leakedWrites += 1;
        continue;
      }
      let bytes = entry.bytes;
      while (bytes > 0 && fifo.length > 0) {
        const head = fifo[0]!;
        if (head.first) out.frameToSpeaker.push(entry.t - head.t);
        head.first = false;
        const used = Math.min(bytes, head.remaining);
        head.remaining -= used;
        bytes -= used;
        if (head.remaining === 0) fifo.shift();
      }
    }
  }
  return out;
}
