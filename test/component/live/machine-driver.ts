// Drives the pure session machine input by input (shared by the machine's component tests).
import { TalkSession } from '../../../src/live/session/session-machine.js';
import type { Command, FinishCommand, Happening, TalkSessionConfig } from '../../../src/live/session/session-types.js';
import type { Outgoing } from '../../../src/live/wire/wire-types.js';
import { modelAudioMessage, sessionConfig } from '../../helpers/session-rig.js';

/** A live session's settings (a microphone and a speaker, a 10 s backlog); `over` and `setup` change any. */
export const config = (
  over: Partial<TalkSessionConfig> = {},
  setup: Partial<TalkSessionConfig['setup']> = {},
): TalkSessionConfig => sessionConfig({ speaker: true, liveInput: true, backlogLimitBytes: 320_000, ...over }, setup);

export class Driver {
  readonly session: TalkSession;
  readonly log: Command[] = [];
  now = 0;
  constructor(cfg: TalkSessionConfig) {
    this.session = new TalkSession(cfg);
  }
  do(input: Happening, at?: number): Command[] {
    if (at !== undefined) this.now = at;
    const out = this.session.dispatch(input, this.now);
    this.log.push(...out);
    return out;
  }
  frame(id: number, json: unknown, at?: number): Command[] {
    return this.do({ type: 'frame', id, data: Buffer.from(JSON.stringify(json)) }, at);
  }
  /** start + connected(1) */
  open(): this {
    this.do({ type: 'start' });
    this.do({ type: 'connected', id: 1 });
    return this;
  }
}

export const sends = (cmds: Command[], id?: number): Outgoing[] =>
  cmds.flatMap((c) => (c.type === 'send' && (id === undefined || c.id === id) ? [c.message] : []));
export const audioOf = (msgs: Outgoing[]): Buffer =>
  Buffer.concat(msgs.flatMap((m) => ('audio' in m ? [Buffer.from(m.audio.data, 'base64')] : [])));
export const types = (cmds: Command[]) => cmds.map((c) => (c.type === 'event' ? `event:${c.event.type}` : c.type));
export const finishOf = (cmds: Command[]) => cmds.find((c): c is FinishCommand => c.type === 'finish');
export const pcm = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + seed) % 251));
export const modelAudio = (bytes: number) => modelAudioMessage(pcm(bytes));
