// Which behaviours a run covers, what the profile under test expects of each, and what the probes
// will spend. The emulator's own rules are the expectations (its quirk table, its field-mask rule),
// so a report row and an emulator flag always mean the same thing.

import { UsageError } from '../../errors.js';
import { profileQuirks, QUIRKS, type QuirkName, type Quirks } from '../../emulator/quirks.js';
import { maskPathStatus } from '../../emulator/rest/field-mask.js';
import type { Expectation } from './compare.js';
import { MASK_CASES, maskProbe } from './mask-probes.js';
import type { Probe } from './probe.js';
import type { ProbeIo } from './probe-io.js';
import { NOT_PROBED, QUIRK_PROBES } from './quirk-probes.js';
import { TOKEN_CASES, TOKEN_PROBES } from './token-probes.js';

const QUIRK_NAMES = Object.keys(QUIRKS) as QuirkName[];
const onOff = (on: boolean): string => (on ? 'on' : 'off');

export interface Plan {
  readonly expectations: readonly Expectation[];
  readonly probes: readonly Probe[];
  /** Behaviours in the report that no probe runs for, with the reason. */
  readonly reasons: ReadonlyMap<string, string>;
}

/** Every behaviour name the report can hold, in report order. */
export const BEHAVIOURS: readonly string[] = [
  ...QUIRK_NAMES,
  ...MASK_CASES.map((mask) => mask.name),
  ...TOKEN_CASES.map((token) => token.name),
];

/** `only`: the behaviours --only names (undefined: all). */
export function planRun(quirks: Quirks, only: readonly string[] | undefined): Plan {
  const chosen = (name: string): boolean => only === undefined || only.includes(name);
  const documented = profileQuirks('documented');
  const expectations: Expectation[] = [];
  const probes: Probe[] = [];
  const reasons = new Map<string, string>();
  for (const name of QUIRK_NAMES.filter(chosen)) {
    expectations.push({ behaviour: name, documented: onOff(documented[name]), emulator: onOff(quirks[name]) });
    const probe = QUIRK_PROBES[name];
    if (probe) probes.push(probe);
    else reasons.set(name, NOT_PROBED[name] ?? 'not probed');
  }
  for (const mask of MASK_CASES.filter((m) => chosen(m.name))) {
    const emulator = maskPathStatus(mask.path) === 'invalid' ? 'refused' : 'accepted';
    expectations.push({ behaviour: mask.name, documented: mask.documented, emulator });
    probes.push(maskProbe(mask));
  }
  for (const token of TOKEN_CASES.filter((t) => chosen(t.name))) {
    expectations.push({ behaviour: token.name, documented: token.documented, emulator: token.emulator() });
    probes.push(TOKEN_PROBES[token.name]!);
  }
  return { expectations, probes, reasons };
}

/** `--only a,b`: names checked against the report's behaviours (exit 2 on an unknown one). */
export function parseOnly(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !BEHAVIOURS.includes(name));
  if (names.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--only: unknown behaviour ${JSON.stringify(unknown[0] ?? text)}`,
      `known: ${BEHAVIOURS.join(', ')}`,
    );
  return names;
}

export interface Spend {
  readonly mints: number;
  readonly sessions: number;
  readonly liveSeconds: number;
}

export function spendOf(probes: readonly Probe[], io: Pick<ProbeIo, 'waitMs' | 'lifetimeWaitMs'>): Spend {
  return probes.reduce(
    (sum, probe) => ({
      mints: sum.mints + probe.mints,
      sessions: sum.sessions + probe.sessions,
      liveSeconds: sum.liveSeconds + probe.liveSeconds(io),
    }),
    { mints: 0, sessions: 0, liveSeconds: 0 },
  );
}
