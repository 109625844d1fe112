// Counts of video frames: per connection for GET /emulator/sessions, and per user turn for the
// answer ("I saw 3 frames of 640×480 JPEG") and a scenario's `expect: {frames: …}`.

import { sizeName, type FrameInfo } from '../../parse/image-header.js';

const UNREADABLE = 'unreadable';

export interface FramesView {
  readonly count: number;
  readonly bytes: number;
  readonly unreadable: number;
  readonly sizes: Readonly<Record<string, number>>;
}

export class FrameTally {
  count = 0;
  bytes = 0;
  unreadable = 0;
  /** Frames per size name ("640×480 JPEG"), in order of first arrival; unreadable ones under UNREADABLE. */
  readonly #groups = new Map<string, number>();

  add(frame: FrameInfo): void {
    this.count += 1;
    this.bytes += frame.bytes;
    if (!frame.image) this.unreadable += 1;
    const name = frame.image ? sizeName(frame.image) : UNREADABLE;
    this.#groups.set(name, (this.#groups.get(name) ?? 0) + 1);
  }

  view(): FramesView {
    const sizes: Record<string, number> = {};
    for (const [name, n] of this.#groups) if (name !== UNREADABLE) sizes[name] = n;
    return { count: this.count, bytes: this.bytes, unreadable: this.unreadable, sizes };
  }

  /**
   * What the emulator says it saw, or undefined without frames: "I saw 1 frame of 32×16 PNG",
   * "I saw 3 frames: 2 of 640×480 JPEG, 1 of 32×16 PNG", "I saw 2 unreadable frames".
   */
  sentence(): string | undefined {
    if (this.count === 0) return undefined;
    const frames = (n: number): string => `frame${n === 1 ? '' : 's'}`;
    const groups = [...this.#groups];
    if (groups.length === 1) {
      const [name] = groups[0]!;
      return name === UNREADABLE
        ? `I saw ${this.count} unreadable ${frames(this.count)}`
        : `I saw ${this.count} ${frames(this.count)} of ${name}`;
    }
    const parts = groups.map(([name, n]) => (name === UNREADABLE ? `${n} unreadable` : `${n} of ${name}`));
    return `I saw ${this.count} ${frames(this.count)}: ${parts.join(', ')}`;
  }
}
