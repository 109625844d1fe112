// Records what the session asks of the playback buffer; drained() resolves when the test says so.

import type { PlaybackSink } from '../../src/live/session/session-runner.js';

export class FakePlayback implements PlaybackSink {
  readonly enqueued: Buffer[] = [];
  flushes = 0;
  turnEnds = 0;
  heardMs = 120;
  #drainWaiters: (() => void)[] = [];
  drainRequested = false;

  enqueue(pcm: Buffer): void {
    this.enqueued.push(pcm);
  }

  endTurn(): void {
    this.turnEnds += 1;
  }

  flush(): { heardMs: number } {
    this.flushes += 1;
    this.enqueued.length = 0;
    return { heardMs: this.heardMs };
  }

  drained(): Promise<void> {
    this.drainRequested = true;
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  finishPlaying(): void {
    for (const resolve of this.#drainWaiters.splice(0)) resolve();
  }
}
