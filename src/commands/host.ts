// What a command definition gets from cli.ts. Each commands/<name>/command.ts declares flags with
// commander only and lazy-imports its implementation inside the action, so `--help` stays cheap.

import type { Context } from '../context.js';

/** Runs an action with a fresh Context; the return value (default 0) becomes the exit code. */
export type Invoke = (action: (ctx: Context) => Promise<number | void>) => Promise<void>;

/**
 * How commander hands over one option: a value, a switch (also `--no-x`), a repeatable value, or one
 * of a list of values (the list commander's `.choices()` was given).
 */
export type FlagKind = 'string' | 'boolean' | 'strings' | readonly string[];
type FlagValue<K extends FlagKind> = K extends 'string'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends 'strings'
      ? readonly string[]
      : K extends readonly (infer C)[]
        ? C
        : never;
/** The typed flags of a command, from its spec: every flag optional, as commander leaves an unset one out. */
export type FlagValues<S extends Readonly<Record<string, FlagKind>>> = { readonly [K in keyof S]?: FlagValue<S[K]> };

/**
 * Commander's options record as the command's typed flags, read once at the edge instead of cast: each
 * flag the spec names is taken when it has the kind the spec says. A flag of another kind is a spec
 * that disagrees with command.ts, a bug, so it throws rather than passing a wrong value on.
 */
export function readFlags<S extends Readonly<Record<string, FlagKind>>>(
  raw: Readonly<Record<string, unknown>>,
  spec: S,
): FlagValues<S> {
  const flags: Record<string, string | boolean | readonly string[]> = {};
  for (const [name, kind] of Object.entries(spec)) {
    const value = raw[name];
    if (value === undefined) continue;
    const fits =
      typeof kind !== 'string'
        ? kind.some((choice) => choice === value)
        : kind === 'strings'
          ? Array.isArray(value) && value.every((item) => typeof item === 'string')
          : typeof value === kind;
    if (!fits) throw new Error(`flag ${name}: commander gave ${typeof value}, the spec says ${said(kind)}`);
    flags[name] = value as string | boolean | readonly string[];
  }
  return flags as FlagValues<S>;
}

const said = (kind: FlagKind): string => (typeof kind === 'string' ? kind : `one of ${kind.join(', ')}`);
