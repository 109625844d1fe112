// The emulator's own duration parser for its flags (`10m`, `1h30m`, `90s`, `250ms`, bare seconds).
// Named apart from the client's parseHumanDuration (token/duration.ts) because it differs: it also
// takes fractions (`1.5s`) and throws its own EmulatorOptionError. It is a copy in spirit, on
// purpose: src/emulator must not share runtime code with src/token/.

export class EmulatorOptionError extends Error {
  override readonly name = 'EmulatorOptionError';
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;

/** Parses a positive duration into milliseconds; throws EmulatorOptionError naming the flag. */
export function parseEmulatorDuration(text: string, flag: string): number {
  const trimmed = text.trim();
  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    ms = Number(trimmed) * 1_000;
  } else {
    ms = 0;
    PART.lastIndex = 0;
    let consumed = 0;
    for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
      ms += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
      consumed = PART.lastIndex;
    }
    if (trimmed === '' || consumed !== trimmed.length) {
      throw new EmulatorOptionError(`${flag}: invalid duration "${text}" (use e.g. 90s, 10m, 1h30m)`);
    }
  }
  if (!Number.isFinite(ms) || ms <= 0) throw new EmulatorOptionError(`${flag}: duration must be greater than 0`);
  return Math.round(ms);
}
