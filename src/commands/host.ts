// What a command definition gets from cli.ts. Each commands/<name>/command.ts declares flags with
// commander only and lazy-imports its implementation inside the action, so `--help` stays cheap.

import type { Context } from '../context.js';

/** Runs an action with a fresh Context; the return value (default 0) becomes the exit code. */
export type Invoke = (action: (ctx: Context) => Promise<number | void>) => Promise<void>;
