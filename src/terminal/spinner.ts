// ora on stderr, only when a person is watching (TTY, colour allowed, not --quiet).

import type { Ui } from './ui.js';
import type { Context } from '../context.js';

export interface Spinner {
  stop(): void;
}

const NO_SPINNER: Spinner = { stop: () => undefined };

export async function startSpinner(ctx: Context, ui: Ui, text: string): Promise<Spinner> {
  // A pty reporting 0 columns (e.g. `script` fed from a pipe) sends ora into an endless re-wrap loop.
  const columns = (ctx.stderr as NodeJS.WriteStream).columns ?? 0;
  if (!ui.fancy || ui.quiet || columns <= 0) return NO_SPINNER;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: ctx.stderr as NodeJS.WriteStream, discardStdin: false }).start();
  return { stop: () => spinner.stop() };
}
