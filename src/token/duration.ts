// Human durations for --ttl, --new-session-ttl and --timeout: `90s`, `30m`, `1h30m`, `2h`, `500ms`,
// or bare seconds (`45`). Units must come in descending order, each at most once, so a typo such as
// `5x` or `30m1h` is an error instead of a silently different lifetime.

import { UsageError } from '../errors.js';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [3_600_000, 60_000, 1_000, 1] as const;

/** Parses a duration into milliseconds; returns undefined when the text is not a duration. */
export function parseHumanDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return checked(Number(trimmed) * 1_000);
  const match = DURATION.exec(trimmed);
  if (!match || trimmed === '') return undefined;
  let total = 0;
  for (let i = 0; i < UNIT_MS.length; i += 1) {
    const part = match[i + 1];
    if (part !== undefined) total += Number(part) * UNIT_MS[i]!;
  }
  return checked(total);
}

function checked(ms: number): number | undefined {
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** Like parseHumanDuration, but a UsageError naming the flag when the text is not a positive duration. */
export function requirePositiveDuration(flag: string, text: string): number {
  const ms = parseHumanDuration(text);
  if (ms === undefined) {
    throw new UsageError(`${flag} '${text}' is not a duration`, 'use e.g. 90s, 30m, 1h30m, 2h or bare seconds');
  }
  if (ms <= 0) throw new UsageError(`${flag} must be greater than 0 (got '${text}')`);
  return ms;
}

/** `1h30m`-style rendering for messages. */
export function formatHumanDuration(ms: number): string {
  if (ms % 1_000 !== 0) return `${ms}ms`;
  let seconds = ms / 1_000;
  const h = Math.floor(seconds / 3_600);
  seconds -= h * 3_600;
  const m = Math.floor(seconds / 60);
  seconds -= m * 60;
  const out = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${seconds ? `${seconds}s` : ''}`;
  return out || '0s';
}
