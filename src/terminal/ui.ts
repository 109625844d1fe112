// The only place that writes to the screen (docs/architecture.md): stdout carries data, stderr carries
// people-facing lines. Colour and spinners only on a TTY, never with NO_COLOR or CI. Every line
// goes through the context's secret registry first: stderr loses every secret, stdout every key.

import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from '../context.js';

export interface Ui {
  readonly color: ChalkInstance;
  /** One record of data on stdout (a newline is added). */
  data(line: string): void;
  /** Raw bytes of data on stdout, unchanged (e.g. `--output name` without newline handling). */
  dataRaw(text: string): void;
  /** A line of data that carries keys because the user asked for them (the emulator's ready line): the one stdout write not scrubbed of keys. */
  dataWithKeys(line: string): void;
  info(line: string): void;
  /**
   * A line on stderr that shows `key` as is, after `text` scrubbed as every stderr line is: the
   * emulator's key in the export a person pastes (terminal/ready-lines.ts says when and why).
   */
  infoShowingKey(text: string, key: string): void;
  warn(line: string): void;
  /** A line on stderr for --verbose only. */
  debug(line: string): void;
  /** Writes to stderr without a newline (status lines). */
  stderrRaw(text: string): void;
  readonly quiet: boolean;
  /** Colour and spinners are allowed on stderr. */
  readonly fancy: boolean;
  /** Puts a line drawn in place (spinner, status line) under the rules below; returns its removal. */
  overlay(overlay: Overlay): () => void;
}

/**
 * A line redrawn in place on stderr. It steps aside for every line written: cleared before a
 * stderr line and drawn again after it; before stdout data it is told whether stdout is this
 * terminal too. When it is not (`mint | jq`, `talk | tee`), the reader may print our data on the
 * same screen later than we write it: anything drawn in place meanwhile would mix into that line.
 */
export interface Overlay {
  clear(): void;
  redraw(): void;
  /** Called before a stdout write; `sameTerminal`: stdout is a terminal, so the order on screen is ours. */
  beforeData(sameTerminal: boolean): void;
}

export interface UiOptions {
  readonly quiet?: boolean;
}

/**
 * The one colour rule: `stream` is a terminal and neither NO_COLOR (any non-empty value), CI (unless
 * "false") nor TERM=dumb says otherwise. stderr's answer also allows spinners and lines drawn in place.
 */
export function colorAllowed(ctx: Context, stream: 'stdout' | 'stderr'): boolean {
  const set = (name: string): boolean => ctx.env[name] !== undefined && ctx.env[name] !== '';
  const ci = set('CI') && ctx.env.CI !== 'false';
  return ctx.isTTY[stream] && !set('NO_COLOR') && !ci && ctx.env.TERM !== 'dumb';
}

/**
 * The warnings each run has printed, by its context: every warning of a run goes through some Ui's
 * warn(), and a run may make several Ui (mint -i, talk's device notes), so the memory is the run's.
 * A warning says something once: the same line again (a repeated session warning, a check made on
 * two paths) adds nothing but noise.
 */
const warned = new WeakMap<Context, Set<string>>();

/** True the first time `line` is warned about in this run. */
export function firstWarning(ctx: Context, line: string): boolean {
  const seen = warned.get(ctx) ?? new Set<string>();
  warned.set(ctx, seen);
  if (seen.has(line)) return false;
  seen.add(line);
  return true;
}

export function createUi(ctx: Context, options: UiOptions = {}): Ui {
  const fancy = colorAllowed(ctx, 'stderr');
  const color = new Chalk({ level: fancy ? 1 : 0 });
  const quiet = Boolean(options.quiet);
  let shown: Overlay | undefined;
  const err = (line: string, unscrubbed = ''): void => {
    shown?.clear();
    ctx.stderr.write(`${ctx.secrets.redact(line)}${unscrubbed}\n`);
    shown?.redraw();
  };
  // Data may carry tokens the user asked for, never a key: keys are scrubbed here too (a server echoing one into a transcript).
  const out = (text: string, keys = false): void => {
    shown?.beforeData(ctx.isTTY.stdout);
    ctx.stdout.write(keys ? text : ctx.secrets.redactKeys(text));
  };
  return {
    color,
    quiet,
    fancy,
    data: (line) => out(`${line}\n`),
    dataRaw: (text) => out(text),
    dataWithKeys: (line) => out(`${line}\n`, true),
    info: (line) => {
      if (!quiet) err(line);
    },
    infoShowingKey: (text, key) => err(text, key),
    warn: (line) => (firstWarning(ctx, line) ? err(`${color.yellow('warning:')} ${line}`) : undefined),
    debug: (line) => {
      if (ctx.verbose) err(color.dim(line));
    },
    stderrRaw: (text) => ctx.stderr.write(ctx.secrets.redact(text)),
    overlay: (overlay) => {
      shown = overlay;
      return () => {
        if (shown === overlay) shown = undefined;
      };
    },
  };
}
