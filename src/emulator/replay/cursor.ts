// Where a replayed session stands in its recording's client messages. Pure.
// Audio is a stream: how many chunks land in one connection depends on timing (the goAway arrives a
// chunk earlier or later; a resumed session starts with a larger or smaller backlog). So a run of
// consecutive audio-only messages is matched by total duration: chunks may be one more or fewer
// than recorded as long as the run's slack stays within ±20 % of its recorded duration (at least
// AUDIO_SLACK_MIN_MS). Every other message must be exactly the next one recorded (match.ts).

import type { CassetteLine } from '../record/cassette.js';
import { AUDIO_TOLERANCE, audioMs, clientMatches, describeMessage } from './match.js';

export const AUDIO_SLACK_MIN_MS = 200;

export type Step =
  | {
      readonly ok: true;
      /** recorded messages this one accounts for (0: an extra audio chunk) */ readonly consumed: number;
    }
  | { readonly ok: false; readonly position: number; readonly expected: string };

const payload = (line: CassetteLine | undefined): unknown => line?.['json'] ?? line?.['text'];

export class ClientCursor {
  private slackMs = 0;

  constructor(
    private readonly lines: readonly CassetteLine[],
    private index = 0,
  ) {}

  get position(): number {
    return this.index;
  }

  /** Recorded audio duration of the run of audio-only messages around `at` (the run before it when `at` ends one). */
  private runMs(at: number): number {
    let start = Math.min(at, this.lines.length - 1);
    while (start > 0 && audioMs(payload(this.lines[start])) === undefined) start--;
    while (start > 0 && audioMs(payload(this.lines[start - 1])) !== undefined) start--;
    let total = 0;
    for (let i = start; i < this.lines.length; i++) {
      const ms = audioMs(payload(this.lines[i]));
      if (ms === undefined) break;
      total += ms;
    }
    return total;
  }

  private withinSlack(extraMs: number, at: number): boolean {
    return Math.abs(this.slackMs + extraMs) <= Math.max(AUDIO_SLACK_MIN_MS, this.runMs(at) * AUDIO_TOLERANCE);
  }

  accept(got: unknown): Step {
    const gotMs = audioMs(got);
    const expected = payload(this.lines[this.index]);
    const expectedMs = audioMs(expected);
    if (gotMs !== undefined && expectedMs !== undefined && clientMatches(expected, got)) {
      this.index++;
      return { ok: true, consumed: 1 };
    }
    // An extra chunk at the end of an audio run (or after the last recorded message).
    if (
      gotMs !== undefined &&
      (expectedMs === undefined || this.index >= this.lines.length) &&
      this.index > 0 &&
      this.withinSlack(gotMs, this.index - 1)
    ) {
      this.slackMs += gotMs;
      return { ok: true, consumed: 0 };
    }
    // Fewer chunks than recorded: skip the rest of the run if what follows it matches.
    if (gotMs === undefined && expectedMs !== undefined) {
      let skip = this.index;
      let skippedMs = 0;
      while (skip < this.lines.length && audioMs(payload(this.lines[skip])) !== undefined)
        skippedMs += audioMs(payload(this.lines[skip++]))!;
      if (
        skip < this.lines.length &&
        clientMatches(payload(this.lines[skip]), got) &&
        this.withinSlack(-skippedMs, this.index)
      ) {
        const consumed = skip + 1 - this.index;
        this.index = skip + 1;
        this.slackMs = 0;
        return { ok: true, consumed };
      }
    }
    if (
      this.index < this.lines.length &&
      gotMs === undefined &&
      expectedMs === undefined &&
      clientMatches(expected, got)
    ) {
      this.index++;
      this.slackMs = 0;
      return { ok: true, consumed: 1 };
    }
    const what = this.index >= this.lines.length ? 'no further client message' : describeMessage(expected);
    return { ok: false, position: this.index + 1, expected: what };
  }
}
