// A raw `ws` client for the emulator's Live half, recording every server message, plus 16 kHz
// PCM generators for driving its VAD.

import WebSocket from 'ws';

export type ServerMessage = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const KEY_PATH = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent';
export const TOKEN_PATH = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export class LiveTestClient {
  readonly messages: ServerMessage[] = [];
  readonly binaryFrames: boolean[] = [];
  /** Each frame's text as it came over the wire. */
  readonly raw: string[] = [];
  readonly closed: Promise<Closed>;
  /** Set when the upgrade was answered with plain HTTP. */
  httpStatus: number | undefined;
  #waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.#wake();
      });
    });
    ws.on('message', (data: Buffer, isBinary) => {
      this.binaryFrames.push(isBinary);
      this.raw.push(data.toString('utf8'));
      this.messages.push(JSON.parse(data.toString('utf8')));
      this.#wake();
    });
    ws.on('unexpected-response', (_req, res) => {
      // With this listener registered, ws leaves ending the attempt to us (it then reports 1006).
      this.httpStatus = res.statusCode;
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => undefined);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<LiveTestClient> {
    const client = new LiveTestClient(new WebSocket(url, { headers }));
    await new Promise<void>((resolve) => {
      client.ws.once('open', () => resolve());
      void client.closed.then(() => resolve());
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  async setup(setup: Record<string, unknown>): Promise<void> {
    this.send({ setup });
    await this.waitFor((m) => 'setupComplete' in m);
  }

  sendAudio(pcm: Buffer, chunkMs = 20): void {
    const step = (16_000 * 2 * chunkMs) / 1000;
    for (let i = 0; i < pcm.length; i += step) {
      this.send({
        realtimeInput: {
          audio: { data: pcm.subarray(i, i + step).toString('base64'), mimeType: 'audio/pcm;rate=16000' },
        },
      });
    }
  }

  /** Resolves with the first message (from index `from`) matching, or rejects after `timeoutMs`. */
  async waitFor(match: (m: ServerMessage) => boolean, timeoutMs = 10_000, from = 0): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.messages.slice(from).find(match);
      if (hit) return hit;
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`closed while waiting; got ${JSON.stringify(this.messages.map(Object.keys))}`);
      if (Date.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Index of the first message matching, or -1. */
  indexOf(match: (m: ServerMessage) => boolean): number {
    return this.messages.findIndex(match);
  }

  audioParts(from = 0, to = this.messages.length): string[] {
    return this.messages
      .slice(from, to)
      .flatMap((m) =>
        (m.serverContent?.modelTurn?.parts ?? []).map((p: ServerMessage) => p.inlineData?.data).filter(Boolean),
      );
  }

  close(): void {
    this.ws.close();
  }

  #wake(): void {
    this.#waiters.splice(0).forEach((w) => w());
  }
}

/** A 16 kHz s16le sine tone (speech to the emulator's VAD). */
export function tone16k(ms: number, frequency = 440, amplitude = 0.3): Buffer {
  const samples = Math.round((16_000 * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    pcm.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / 16_000)), i * 2);
  return pcm;
}

export function silence16k(ms: number): Buffer {
  return Buffer.alloc(Math.round((16_000 * ms) / 1000) * 2);
}
