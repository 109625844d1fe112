// Where the device is, estimated from what we handed it: the device plays in order at its rate,
// so audio written at `now` starts when everything before it has played. We never ask the device
// (speaker exposes no position); the estimate drifts by at most the device clock's error over the
// ≤ 200 ms we keep ahead, because an idle device restarts the timeline at the next write.

interface Segment {
  readonly start: number;
  readonly end: number;
}

export class PlaybackTimeline {
  /** When everything handed to the device (audio and silence) will have played. */
  private deviceEnd = 0;
  /** Model audio (not silence fill) of the current turn that may not have played yet. */
  private pendingAudio: Segment[] = [];
  private turnWrittenMs = 0;
  private lastAudioEnd = 0;

  /** Records a write of `ms` of audio at `now`: it plays once everything before it has. */
  write(now: number, ms: number, isAudio: boolean): void {
    const start = Math.max(this.deviceEnd, now);
    const segment = { start, end: start + ms };
    this.deviceEnd = segment.end;
    if (isAudio) {
      this.turnWrittenMs += ms;
      this.lastAudioEnd = segment.end;
      this.pendingAudio.push(segment);
    }
  }

  /** Milliseconds handed to the device and not yet played (the device lead). */
  leadMs(now: number): number {
    return Math.max(0, this.deviceEnd - now);
  }

  /** When the last model audio handed to the device will have played. */
  audioEnd(): number {
    return this.lastAudioEnd;
  }

  /** Model audio of the current turn handed to the device. */
  writtenMs(): number {
    return this.turnWrittenMs;
  }

  /** Model audio of the current turn that has come out of the device by `now`. */
  playedMs(now: number): number {
    this.pendingAudio = this.pendingAudio.filter((segment) => segment.end > now);
    const unplayed = this.pendingAudio.reduce((sum, s) => sum + (s.end - Math.max(s.start, now)), 0);
    return this.turnWrittenMs - unplayed;
  }

  newTurn(): void {
    this.pendingAudio = [];
    this.turnWrittenMs = 0;
  }
}
