// A scenario turn's `expect: {frames: ">=1"}`: how many video frames the client must have sent since
// the previous user turn began. A count (`3`, `"3"`) or a comparison (`">2"`, `">=1"`, `"<=4"`, `"<5"`).

export interface FrameCount {
  /** As written, for mismatch reasons: `>=1`. */
  readonly source: string;
  readonly test: (frames: number) => boolean;
}

const COMPARISONS: Readonly<Record<string, (frames: number, n: number) => boolean>> = {
  '': (frames, n) => frames === n,
  '=': (frames, n) => frames === n,
  '>': (frames, n) => frames > n,
  '>=': (frames, n) => frames >= n,
  '<': (frames, n) => frames < n,
  '<=': (frames, n) => frames <= n,
};

/** The rule, or undefined when `value` is neither a whole number nor one after a comparison. */
export function frameCount(value: unknown): FrameCount | undefined {
  const written = typeof value === 'number' ? String(value) : value;
  if (typeof written !== 'string') return undefined;
  const match = /^\s*(>=|<=|>|<|=)?\s*(\d{1,6})\s*$/.exec(written);
  if (!match) return undefined;
  const compare = COMPARISONS[match[1] ?? '']!;
  const n = Number(match[2]);
  return { source: `${match[1] ?? ''}${n}`, test: (frames) => compare(frames, n) };
}
