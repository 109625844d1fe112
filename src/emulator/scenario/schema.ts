// The `--scenario` file: a scripted conversation the emulator plays instead of its
// default echo. Pure: the file's parsed value in, a checked Scenario out, or an EmulatorOptionError naming the
// first bad path (`turns[2].model.toolCall.name: expected a string`) so the user can find it.
// One schema for both file formats: load.ts turns YAML or JSON into the value checked here.

import { EmulatorOptionError } from '../durations.js';
import { choicesNote } from '../../suggest.js';
import { isObject, type JsonObject } from '../json.js';
import { PatternError, textPattern, type TextPattern } from './text-pattern.js';

/** `expect: {frames: ">=1"}`: video frames since the previous user turn ended; `3`, `"3"`, `">2"`, `"<=4"` … */
export interface FrameCount {
  readonly source: string; // as written, for mismatch reasons: `>=1`
  readonly test: (frames: number) => boolean;
}

const COMPARISONS: Readonly<Record<string, (frames: number, n: number) => boolean>> = {
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
  const compare = COMPARISONS[match[1] ?? '=']!;
  const n = Number(match[2]);
  return { source: `${match[1] ?? ''}${n}`, test: (frames) => compare(frames, n) };
}

/** What the user must say or send for a turn to go on. */
export type Expectation = (
  | { readonly kind: 'anything' }
  /** Text turns: a case-insensitive substring, or `/regex/flags` (text-pattern.ts: linear-time). */
  | { readonly kind: 'text'; readonly source: string; readonly pattern: TextPattern }
  /** Audio turns: the speech's length, inclusive bounds. */
  | { readonly kind: 'audio'; readonly minMs: number; readonly maxMs: number }
) & {
  /** Video frames received since the previous user turn ended (beside any of the above). */
  readonly frames?: FrameCount;
};

export interface ModelAction {
  /** Spoken with the emulator's deterministic voice (transcripts included); after the tool response when there is a toolCall. */
  readonly reply?: string;
  readonly toolCall?: { readonly name: string; readonly args: JsonObject };
  /** Cuts the reply this long after it starts, as a barge-in would (interrupted: true). */
  readonly interruptAfterMs?: number;
  /** Sends goAway this long after the turn starts. */
  readonly goAwayAfterMs?: number;
  /** Silence before the reply's first chunk. */
  readonly firstChunkDelayMs?: number;
  /** How long a blocking toolCall waits for the client's toolResponse before the session is closed 1007 (default 30 s). */
  readonly toolResponseTimeoutMs?: number;
  /** Ends the connection once the turn is over (or at once when it has no reply). */
  readonly close?: { readonly code: number; readonly reason: string };
}

export interface ScenarioTurn {
  readonly expect: Expectation;
  readonly model: ModelAction;
}

/** Every connection's lifetime, as the real service ends each one (replaces --connection-lifetime). */
export interface ConnectionScript {
  readonly lifetimeMs: number;
  /** goAway this long before the end (default: the emulator's, 5 s or a fifth of short lifetimes). */
  readonly goAwayLeadMs?: number;
  /** The close at the end (default: the profile's, 1011 "Deadline expired…" when observed). */
  readonly close?: { readonly code: number; readonly reason: string };
}

export interface Scenario {
  /** The file's base name, for close reasons and errors. */
  readonly name: string;
  readonly turns: readonly ScenarioTurn[];
  readonly connection?: ConnectionScript;
}

const MAX_TURNS = 1000;
const MAX_MS = 24 * 60 * 60_000;

class Invalid extends Error {}

function fail(path: string, expected: string): never {
  throw new Invalid(`${path}: ${expected}`);
}

function only(value: JsonObject, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      fail(`${path}.${key}`, `unknown field (${choicesNote(key, allowed, 'expected one of')})`);
}

function ms(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MS)
    fail(path, 'expected a whole number of milliseconds from 0 to 86400000');
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'expected a string');
  return value;
}

function pattern(source: string, path: string): TextPattern {
  try {
    return textPattern(source);
  } catch (error) {
    if (error instanceof PatternError) return fail(path, error.message);
    throw error;
  }
}

const EXPECTED = 'expected "anything", {"text": "…"}, {"audioMs": [min, max]} or {"frames": ">=1"}';

function expectation(value: unknown, path: string): Expectation {
  if (value === undefined || value === 'anything') return { kind: 'anything' };
  if (!isObject(value)) fail(path, EXPECTED);
  let counted = {};
  if (value.frames !== undefined) {
    const frames = frameCount(value.frames);
    if (!frames) fail(`${path}.frames`, 'expected a count of frames: 3, "3", ">2", ">=1", "<=4" or "<5"');
    counted = { frames };
  }
  if ('text' in value) {
    only(value, path, ['text', 'frames']);
    const source = text(value.text, `${path}.text`);
    return { kind: 'text', source, pattern: pattern(source, `${path}.text`), ...counted };
  }
  if ('audioMs' in value) {
    only(value, path, ['audioMs', 'frames']);
    const range = value.audioMs;
    if (!Array.isArray(range) || range.length !== 2) fail(`${path}.audioMs`, 'expected [min, max] in milliseconds');
    const [minMs, maxMs] = [ms(range[0], `${path}.audioMs[0]`), ms(range[1], `${path}.audioMs[1]`)];
    if (minMs > maxMs) fail(`${path}.audioMs`, 'min is greater than max');
    return { kind: 'audio', minMs, maxMs, ...counted };
  }
  if (value.frames !== undefined) {
    only(value, path, ['frames']);
    return { kind: 'anything', ...counted };
  }
  return fail(path, EXPECTED);
}

function closeSpec(close: unknown, path: string): { code: number; reason: string } {
  if (!isObject(close)) fail(path, 'expected {"code": 1000, "reason": "…"}');
  only(close, path, ['code', 'reason']);
  const code = close.code;
  // What a server may send: 1000, 1001, 1007–1011 and the application range.
  if (
    typeof code !== 'number' ||
    !Number.isInteger(code) ||
    !(code === 1000 || code === 1001 || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999))
  ) {
    fail(`${path}.code`, 'expected a close code a server may send (1000, 1001, 1007–1011, 3000–4999)');
  }
  const reason = close.reason === undefined ? '' : text(close.reason, `${path}.reason`);
  if (Buffer.byteLength(reason) > 123) fail(`${path}.reason`, 'longer than the 123 bytes a close frame holds');
  return { code, reason };
}

function connection(value: unknown, path: string): ConnectionScript {
  if (!isObject(value)) fail(path, 'expected {"lifetimeMs": …, "goAwayLeadMs": …}');
  only(value, path, ['lifetimeMs', 'goAwayLeadMs', 'close']);
  const lifetimeMs = ms(value.lifetimeMs, `${path}.lifetimeMs`);
  if (lifetimeMs < 100) fail(`${path}.lifetimeMs`, 'expected at least 100 ms');
  const out: { -readonly [K in keyof ConnectionScript]: ConnectionScript[K] } = { lifetimeMs };
  if (value.goAwayLeadMs !== undefined) {
    out.goAwayLeadMs = ms(value.goAwayLeadMs, `${path}.goAwayLeadMs`);
    if (out.goAwayLeadMs >= lifetimeMs) fail(`${path}.goAwayLeadMs`, 'must be shorter than lifetimeMs');
  }
  if (value.close !== undefined) out.close = closeSpec(value.close, `${path}.close`);
  return out;
}

function model(value: unknown, path: string): ModelAction {
  if (!isObject(value)) fail(path, 'expected an object');
  only(value, path, [
    'reply',
    'toolCall',
    'interruptAfterMs',
    'goAwayAfterMs',
    'firstChunkDelayMs',
    'toolResponseTimeoutMs',
    'close',
  ]);
  const action: { -readonly [K in keyof ModelAction]: ModelAction[K] } = {};
  if (value.reply !== undefined) action.reply = text(value.reply, `${path}.reply`);
  if (value.toolCall !== undefined) {
    const call = value.toolCall;
    if (!isObject(call)) fail(`${path}.toolCall`, 'expected {"name": "…", "args": {…}}');
    only(call, `${path}.toolCall`, ['name', 'args']);
    const name = text(call.name, `${path}.toolCall.name`);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(name))
      fail(`${path}.toolCall.name`, 'expected a function name (letters, digits, _ . -)');
    if (call.args !== undefined && !isObject(call.args)) fail(`${path}.toolCall.args`, 'expected an object');
    action.toolCall = { name, args: (call.args ?? {}) as JsonObject };
  }
  for (const key of ['interruptAfterMs', 'goAwayAfterMs', 'firstChunkDelayMs', 'toolResponseTimeoutMs'] as const) {
    if (value[key] !== undefined) action[key] = ms(value[key], `${path}.${key}`);
  }
  if (action.toolResponseTimeoutMs !== undefined && !action.toolCall)
    fail(`${path}.toolResponseTimeoutMs`, 'only with a toolCall (it bounds the wait for its toolResponse)');
  if (action.toolResponseTimeoutMs === 0) fail(`${path}.toolResponseTimeoutMs`, 'expected at least 1 millisecond');
  if (value.close !== undefined) action.close = closeSpec(value.close, `${path}.close`);
  return action;
}

/** Checks a parsed scenario file; `name` (the file's base name) prefixes every error. */
export function parseScenario(value: unknown, name: string): Scenario {
  try {
    if (!isObject(value)) fail('(top level)', 'expected an object with "turns"');
    only(value, '(top level)', ['turns', 'description', 'connection']);
    if (!Array.isArray(value.turns) || value.turns.length === 0) fail('turns', 'expected a non-empty array');
    if (value.turns.length > MAX_TURNS) fail('turns', `more than ${MAX_TURNS} turns`);
    const turns = value.turns.map((turn: unknown, i: number): ScenarioTurn => {
      const path = `turns[${i}]`;
      if (!isObject(turn)) fail(path, 'expected an object');
      only(turn, path, ['expect', 'model']);
      return { expect: expectation(turn.expect, `${path}.expect`), model: model(turn.model ?? {}, `${path}.model`) };
    });
    return {
      name,
      turns,
      ...(value.connection === undefined ? {} : { connection: connection(value.connection, 'connection') }),
    };
  } catch (error) {
    if (error instanceof Invalid) throw new EmulatorOptionError(`--scenario ${name}: ${error.message}`);
    throw error;
  }
}

/** For close reasons: what a turn expected, short. */
export function describeExpectation(expect: Expectation): string {
  const frames = expect.frames ? `frames ${expect.frames.source}` : undefined;
  if (expect.kind === 'anything') return frames ?? 'anything';
  const what =
    expect.kind === 'text' ? `text ${JSON.stringify(expect.source)}` : `audio ${expect.minMs}-${expect.maxMs} ms`;
  return frames ? `${what} with ${frames}` : what;
}
