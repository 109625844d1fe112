// "Did you mean …?" for every unknown name that has a list of known ones (--config keys, --lock
// fields, --quirk names, fault kinds, flag values, scenario fields): the nearest known name by edit
// distance, so a typo gets its fix in one line instead of a list of 23 keys to read through. Only
// when no known name is near is the list printed. Generic and protocol-free, so the emulator shares it.

/** Optimal string alignment distance (Levenshtein plus swapping two neighbours), ignoring case. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // rows[i][j]: the distance between the first i characters of s and the first j of t.
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/** `system_instruction` and `system-instruction` are spellings of systemInstruction, not typos. */
const squash = (name: string): string => name.replace(/[-_\s]/g, '');

/**
 * The known name a typo most likely meant: within one edit for names up to 5 characters, else a
 * third of the name's length, at most 3 (`temprature` → temperature); ties go to the name listed
 * first. Failing that, the one known name that begins or ends with what was typed (4 characters
 * or more): `voice` → voiceName, `budget` → thinkingBudget. Undefined when nothing is that near,
 * or two names are.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const typed = squash(name);
  if (typed === '') return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === name) continue;
    const distance = editDistance(typed, squash(candidate));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  if (best !== undefined || typed.length < 4) return best?.name;
  const lower = typed.toLowerCase();
  const partOf = known.filter((candidate) => {
    const whole = squash(candidate).toLowerCase();
    return whole !== lower && (whole.startsWith(lower) || whole.endsWith(lower));
  });
  return partOf.length === 1 ? partOf[0] : undefined;
}

/** `did you mean X?` when a known name is near, else undefined: for messages that already list the choices. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const near = nearestName(name, known);
  return near === undefined ? undefined : `did you mean ${near}?`;
}

/**
 * What follows an unknown name: `did you mean systemInstruction?` when a known name is near each of
 * `names`, else the whole list, e.g. `known: a, b, c` (`label` names the list).
 */
export function choicesNote(names: string | readonly string[], known: readonly string[], label = 'known'): string {
  const typed = typeof names === 'string' ? [names] : names;
  const near = typed.map((name) => nearestName(name, known));
  if (typed.length > 0 && near.every((name) => name !== undefined)) return `did you mean ${near.join(', ')}?`;
  return `${label}: ${known.length > 0 ? known.join(', ') : 'none'}`;
}
