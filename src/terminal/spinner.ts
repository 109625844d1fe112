// ora on stderr, only when a person is watching (TTY, colour allowed, not --quiet). It is gone
// before any data reaches stdout, and steps aside for the notes printed while it spins (ui.ts Overlay).

import type { Ui } from './ui.js';
import type { Context } from '../context.js';
import type { RetryInfo } from '../token/client/mint-client.js';
import { formatHumanDuration } from '../token/duration.js';

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
  const stop = (): void => {
    remove();
    spinner.stop();
  };
  // Notes (retries) print above it; the first record of data ends it (`mint | jq`: jq prints on this line).
  const remove = ui.overlay({ clear: () => spinner.clear(), redraw: () => spinner.render(), beforeData: stop });
  return { stop };
}

/** The note for a mint that will be tried again (mint, and talk minting its own token). */
export function retryNote(r: RetryInfo): string {
  return `gemtoken: ${r.reason}; retrying in ${formatHumanDuration(r.delayMs)} (retry ${r.retry} of ${r.retries})`;
}
