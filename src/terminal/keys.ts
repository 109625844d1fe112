// Keys during `talk` at a TTY, in raw mode (so no Enter is needed): m mute, space push-to-talk,
// v stop/resume sending the camera or screen, t type a message (Enter sends, Esc cancels; a line naming a picture file sends the picture: commands/talk/typed-line.ts), q quit, Ctrl-C interrupt, Ctrl-Z suspend. Raw mode
// swallows the terminal's SIGINT and SIGTSTP, so Ctrl-C arrives here as \x03 and must be turned into
// the same abort, and Ctrl-Z as \x1a, which talk turns into a real stop (terminal restored first).

export type KeyAction =
  | { readonly type: 'mute' | 'talk' | 'video' | 'quit' | 'interrupt' | 'suspend' }
  | { readonly type: 'typing'; readonly text: string | undefined }
  | { readonly type: 'send'; readonly text: string };

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ESCAPE_SEQUENCE = /\x1b\[[0-9;]*[A-Za-z~]/g;

/** Pure: raw terminal input → actions; remembers whether a message is being typed. */
export class KeyReader {
  #typing: string | undefined;

  feed(data: string): KeyAction[] {
    const actions: KeyAction[] = [];
    // Arrow and function keys arrive as ESC [ … sequences; they mean nothing here.
    for (const ch of data.replace(ESCAPE_SEQUENCE, '')) {
      if (ch === '\x03') {
        actions.push({ type: 'interrupt' });
      } else if (ch === '\x1a') {
        actions.push({ type: 'suspend' });
      } else if (this.#typing !== undefined) {
        actions.push(...this.#edit(ch));
      } else if (ch === 'm' || ch === 'M') actions.push({ type: 'mute' });
      else if (ch === ' ') actions.push({ type: 'talk' });
      else if (ch === 'v' || ch === 'V') actions.push({ type: 'video' });
      else if (ch === 'q' || ch === 'Q') actions.push({ type: 'quit' });
      else if (ch === 't' || ch === 'T') {
        this.#typing = '';
        actions.push({ type: 'typing', text: '' });
      }
    }
    return actions;
  }

  #edit(ch: string): KeyAction[] {
    const text = this.#typing ?? '';
    if (ch === '\r' || ch === '\n') {
      this.#typing = undefined;
      return text.trim()
        ? [
            { type: 'typing', text: undefined },
            { type: 'send', text },
          ]
        : [{ type: 'typing', text: undefined }];
    }
    if (ch === '\x1b') {
      this.#typing = undefined;
      return [{ type: 'typing', text: undefined }];
    }
    if (ch === '\x7f' || ch === '\b') this.#typing = [...text].slice(0, -1).join('');
    else if (ch >= ' ') this.#typing = text + ch;
    else return [];
    return [{ type: 'typing', text: this.#typing }];
  }
}

export interface RawInput {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (data: string) => void): unknown;
  off(event: 'data', listener: (data: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Starts raw-mode key reading; the returned function restores the terminal. Pass the same `reader`
 * when keys start again after a pause (a tool question, Ctrl-Z) so a half-typed message survives.
 */
export function startKeys(
  stdin: RawInput,
  onAction: (action: KeyAction) => void,
  reader = new KeyReader(),
): () => void {
  const listener = (data: string): void => {
    for (const action of reader.feed(data)) onAction(action);
  };
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.on('data', listener);
  stdin.resume();
  return () => {
    stdin.off('data', listener);
    stdin.setRawMode?.(false);
    stdin.pause();
  };
}
