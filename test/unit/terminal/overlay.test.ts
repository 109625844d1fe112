// Lines drawn in place (spinner, status line) step aside for notes and never mix with data:
// the order of writes on the two streams, with stdout a terminal or a pipe.
/* eslint-disable no-control-regex -- the escape sequences a terminal receives are what these tests read */
import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/context.js';
import type { StatusSnapshot } from '../../../src/live/session/events.js';
import { PIPE_HOLD_MS, createStatusLine } from '../../../src/terminal/status-line.js';
import { createUi } from '../../../src/terminal/ui.js';

function recorder(stdoutIsTerminal: boolean): { ctx: Context; log: string[] } {
  const log: string[] = [];
  const stream = (name: string) => ({ write: (text: string) => (log.push(`${name}:${text}`), true) });
  const ctx = {
    env: {},
    isTTY: { stdin: true, stdout: stdoutIsTerminal, stderr: true },
    stdout: stream('out'),
    stderr: stream('err'),
    secrets: { redact: (text: string) => text, redactKeys: (text: string) => text },
    verbose: false,
  } as unknown as Context;
  return { ctx, log };
}

const snapshot: StatusSnapshot = {
  phase: 'listening',
  micLevelDb: -30,
  tokenMsLeft: 60_000,
  echo: 'half-duplex',
  reconnects: 0,
  sentFrames: 0,
  gatedFrames: 0,
  droppedFrames: 0,
};

describe('Ui overlay', () => {
  it('a note clears the overlay first and redraws it after; data tells it where stdout goes', () => {
    const { ctx, log } = recorder(false);
    const ui = createUi(ctx);
    const calls: string[] = [];
    ui.overlay({
      clear: () => calls.push('clear'),
      redraw: () => calls.push('redraw'),
      beforeData: (same) => calls.push(`data:${same}`),
    });
    ui.info('note');
    ui.data('record');
    expect(calls).toEqual(['clear', 'redraw', 'data:false']);
    expect(log).toEqual(['err:note\n', 'out:record\n']);
  });

  it('once removed it is left alone', () => {
    const { ctx } = recorder(true);
    const ui = createUi(ctx);
    const calls: string[] = [];
    const remove = ui.overlay({
      clear: () => calls.push('clear'),
      redraw: () => calls.push('redraw'),
      beforeData: () => calls.push('data'),
    });
    remove();
    ui.info('note');
    ui.data('record');
    expect(calls).toEqual([]);
  });
});

describe('status line and stdout', () => {
  it('stdout a terminal: cleared before a transcript line, redrawn right after it', () => {
    const { ctx, log } = recorder(true);
    const ui = createUi(ctx);
    const status = createStatusLine(ui, () => 80, { pushToTalk: false, keys: true, mic: true });
    status.update(snapshot);
    log.length = 0;
    status.around(() => ui.data('gemini: hi'));
    expect(log[0]).toBe('err:\r\x1b[2K');
    expect(log[1]).toBe('out:gemini: hi\n');
    expect(log[2]).toMatch(/^err:\r\x1b\[2Klistening/);
  });

  it('stdout a pipe (`talk | tee`): cleared before the line, not redrawn until the hold has passed', () => {
    const { ctx, log } = recorder(false);
    const ui = createUi(ctx);
    let now = 0;
    const status = createStatusLine(ui, () => 80, { pushToTalk: false, keys: true, mic: true, now: () => now });
    status.update(snapshot);
    log.length = 0;
    status.around(() => ui.data('gemini: hi'));
    ui.info('a note meanwhile');
    expect(log).toEqual(['err:\r\x1b[2K', 'out:gemini: hi\n', 'err:a note meanwhile\n']);
    now = PIPE_HOLD_MS - 1;
    status.update(snapshot);
    expect(log).toHaveLength(3);
    now = PIPE_HOLD_MS;
    status.update(snapshot);
    expect(log.at(-1)).toMatch(/^err:\r\x1b\[2Klistening/);
    expect(log.every((entry) => !entry.startsWith('out:') || entry === 'out:gemini: hi\n')).toBe(true);
  });

  it('a note while drawn: cleared, written, redrawn; while stopped: no redraw', () => {
    const { ctx, log } = recorder(true);
    const ui = createUi(ctx);
    const status = createStatusLine(ui, () => 80, { pushToTalk: false, keys: true, mic: true });
    status.update(snapshot);
    log.length = 0;
    ui.warn('careful');
    expect(log[0]).toBe('err:\r\x1b[2K');
    expect(log[1]).toMatch(/^err:.*warning:.* careful\n$/);
    expect(log[2]).toMatch(/^err:\r\x1b\[2Klistening/);
    status.stop();
    log.length = 0;
    ui.warn('again');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/^err:.*warning:.* again\n$/);
  });
});
