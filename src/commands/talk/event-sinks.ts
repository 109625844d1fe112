// Where a talk session's events go: the terminal view (status line, live transcripts, --events) and
// the --transcript file, each redacted, both fed from one function. The session runner calls it for
// the model's side, and talk itself for what the terminal adds (a typed picture's `you:` line).

import type { Context } from '../../context.js';
import type { TalkEvent } from '../../live/session/events.js';
import type { StatusLine } from '../../terminal/status-line.js';
import { createTranscriptView } from '../../terminal/transcript-view.js';
import { colorAllowed, type Ui } from '../../terminal/ui.js';
import type { DisposerStack } from './disposers.js';
import type { TalkOptions } from './options.js';
import { openTranscript } from './transcript.js';
import { definedProps } from '../../defined-props.js';

export async function eventSinks(
  ctx: Context,
  ui: Ui,
  options: TalkOptions,
  stack: DisposerStack,
  status: StatusLine | undefined,
): Promise<(event: TalkEvent) => void> {
  const redact = (text: string): string => ctx.secrets.redact(text);
  const view = createTranscriptView(ui, {
    events: options.events,
    redact,
    colorStdout: ctx.isTTY.stdout && colorAllowed(ctx, 'stderr'),
    // A person reads stdout: transcripts as they arrive (TERM=dumb cannot move the cursor back to them).
    live: ctx.isTTY.stdout && ctx.env.TERM !== 'dumb',
    ...definedProps({ status }),
  });
  const path = options.transcript;
  const opening = {
    signal: ctx.signal,
    onWaiting: () => ui.info(`waiting for a reader on --transcript ${path} (a FIFO)`),
  };
  const file = path ? await openTranscript(path, stack, () => ctx.clock.now(), redact, opening) : undefined;
  return (event) => {
    view(event);
    file?.(event);
  };
}
