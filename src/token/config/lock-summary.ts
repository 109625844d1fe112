// What a token locks, as data: mint's JSON `locked` key, mint's warnings and talk's warnings all
// come from here. A setup with no field mask is a *full* lock: the service then ignores the client's
// setup entirely (docs/mint.md, "Locking"), so whatever the token leaves unset takes the service's default,
// not the client's choice. Missing resumption is the costly one: no handles, so a session cannot
// outlive its connection.

import { setupFromConstraints } from './constraints-setup.js';
import { computeFieldMask, setFieldPaths } from './field-mask.js';
import type { LiveConnectConfig } from './live-config.js';

export const LOCK_MODES = ['full', 'fields', 'none'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/**
 * full: the token's setup replaces the client's; `fields` are the paths it sets (the rest is the
 * service's default). fields: only the `fields` paths (the field mask) are fixed. none: nothing locked.
 */
export interface LockSummary {
  readonly mode: LockMode;
  readonly fields: readonly string[];
}

export interface LockSource {
  readonly model?: string | undefined;
  readonly config?: LiveConnectConfig | undefined;
  readonly lock?: readonly string[] | undefined;
}

export function lockSummary(spec: LockSource): LockSummary {
  const setup = setupFromConstraints(spec.model, spec.config);
  const mask = computeFieldMask(setup, spec.lock);
  if (mask !== undefined) return { mode: 'fields', fields: mask.split(',') };
  if (setup !== undefined && spec.lock === undefined) return { mode: 'full', fields: setFieldPaths(setup) };
  return { mode: 'none', fields: [] };
}

/** True when `path` is fixed by the lock: listed itself, or under a listed parent (`generationConfig`). */
export function isLocked(summary: LockSummary, path: string): boolean {
  if (summary.mode === 'none') return false;
  return summary.fields.some((field) => field === path || path.startsWith(`${field}.`));
}

export interface LockGap {
  /** The setup fields the full lock leaves unset, e.g. ['sessionResumption']. */
  readonly fields: readonly string[];
  /** What sessions get instead, e.g. "no resumption handles: …". */
  readonly consequence: string;
  /** The mint flag that would set it. */
  readonly flag: string;
}

const GAP_RULES = [
  {
    fields: ['generationConfig.responseModalities'],
    flag: '--modality',
    consequence: "the service's default, TEXT, which audio-only models refuse at connect",
  },
  {
    fields: ['sessionResumption'],
    flag: '--resumable',
    consequence: 'no resumption handles, so a session ends with its connection (~10 min)',
  },
  {
    fields: ['inputAudioTranscription', 'outputAudioTranscription'],
    flag: '--transcribe',
    consequence: 'no transcripts',
  },
] as const;

/** The fields a full lock leaves unset that a voice client relies on; [] for other locks. */
export function fullLockGaps(summary: LockSummary): LockGap[] {
  if (summary.mode !== 'full') return [];
  const gaps: LockGap[] = [];
  for (const rule of GAP_RULES) {
    const missing = rule.fields.filter((field) => !isLocked(summary, field));
    if (missing.length === 0) continue;
    // One transcription of two is locked on: say which transcripts are missing.
    const consequence =
      missing.length < rule.fields.length && rule.flag === '--transcribe'
        ? `no ${missing[0]!.replace(/AudioTranscription$/, '')} transcripts`
        : rule.consequence;
    gaps.push({ fields: missing, consequence, flag: rule.flag });
  }
  return gaps;
}

/** One stderr line per gap (mint's: talk leaves them to it); `advice` ends it, e.g. what to add. */
export function gapLine(gap: LockGap, advice?: string): string {
  const names = gap.fields.map((field) => field.replace(/^generationConfig\./, '')).join(' or ');
  const line = `the token locks the whole session setup (no field mask) without ${names}: sessions get ${gap.consequence}`;
  return advice === undefined ? line : `${line}; ${advice}`;
}
