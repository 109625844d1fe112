// Conversations outlive connections: a resumption handle points at one, and resuming attaches the
// new connection to it, so turn counts, history and input counters continue (handles stay
// valid 2 h after the last session ends). Memory is bounded: a few handles and a short
// history per conversation, and ended conversations are swept after the handle lifetime.

import { createHash, randomBytes, type Hash } from 'node:crypto';
import { ToolLedger } from './tool-ledger.js';
import { sees, type Viewer } from '../viewer.js';
import type { EnergyVad } from './vad.js';

export const HANDLE_TTL_MS = 2 * 60 * 60 * 1000;
const HANDLES_KEPT = 8;
const HISTORY_KEPT = 20;
const MAX_CONVERSATIONS = 10_000;

export interface HistoryEntry {
  readonly role: 'user' | 'model';
  readonly text: string;
}

export interface Conversation {
  readonly id: string;
  readonly createdAt: number;
  /** Who opened it: `key`, or the token's name (never logged: a resume compares against it). */
  readonly startedBy: string;
  /** The position of the API key it belongs to (set by the session that started it); never shown. */
  owner: number | undefined;
  sessions: number;
  resumptions: number;
  activeSessions: number;
  endedAt: number | undefined;
  turns: number;
  interrupted: number;
  textTurns: number;
  audioBytesIn: number;
  audioFramesIn: number;
  realtimeInputMessages: number;
  outputAudioBytes: number;
  readonly inputHash: Hash;
  readonly handles: string[];
  readonly history: HistoryEntry[];
  /**
   * The voice detector lives with the conversation, not the connection: a user who is mid-sentence
   * when goAway forces a reconnect continues the same utterance on the resumed connection.
   */
  vad: EnergyVad | undefined;
  /** Function calls and their answers: a call made before a resume is answered after it. */
  readonly tools: ToolLedger;
}

export class ConversationRegistry {
  readonly #byId = new Map<string, Conversation>();
  readonly #byHandle = new Map<string, Conversation>();
  #seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = HANDLE_TTL_MS,
  ) {}

  create(startedBy = 'key'): Conversation {
    if (this.#byId.size >= MAX_CONVERSATIONS) this.sweep(true);
    const id = `c${++this.#seq}`;
    const conversation: Conversation = {
      id,
      createdAt: this.now(),
      startedBy,
      owner: undefined,
      sessions: 0,
      resumptions: 0,
      activeSessions: 0,
      endedAt: undefined,
      turns: 0,
      interrupted: 0,
      textTurns: 0,
      audioBytesIn: 0,
      audioFramesIn: 0,
      realtimeInputMessages: 0,
      outputAudioBytes: 0,
      inputHash: createHash('sha256'),
      handles: [],
      history: [],
      vad: undefined,
      tools: new ToolLedger(id),
    };
    this.#byId.set(conversation.id, conversation);
    return conversation;
  }

  /** The conversation a handle resumes, if the handle is known and within its lifetime. */
  resolve(handle: string): Conversation | undefined {
    const conversation = this.#byHandle.get(handle);
    if (!conversation) return undefined;
    return this.#expired(conversation, this.now()) ? undefined : conversation;
  }

  issueHandle(conversation: Conversation): string {
    const handle = randomBytes(18).toString('base64url');
    conversation.handles.push(handle);
    this.#byHandle.set(handle, conversation);
    while (conversation.handles.length > HANDLES_KEPT) this.#byHandle.delete(conversation.handles.shift()!);
    return handle;
  }

  attach(conversation: Conversation, resumed: boolean): void {
    conversation.sessions += 1;
    if (resumed) conversation.resumptions += 1;
    conversation.activeSessions += 1;
  }

  detach(conversation: Conversation): void {
    conversation.activeSessions = Math.max(0, conversation.activeSessions - 1);
    if (conversation.activeSessions === 0) conversation.endedAt = this.now();
  }

  remember(conversation: Conversation, entry: HistoryEntry): void {
    conversation.history.push(entry);
    if (conversation.history.length > HISTORY_KEPT) conversation.history.shift();
  }

  list(): Conversation[] {
    return [...this.#byId.values()];
  }

  /** Forgets the viewer's conversations with no open session: their resumption handles stop working. */
  forget(viewer: Viewer): void {
    for (const conversation of [...this.#byId.values()]) {
      if (conversation.activeSessions === 0 && sees(viewer, conversation.owner)) this.#drop(conversation);
    }
  }

  /** Drops conversations whose handles have expired (and, when full, the oldest ended ones). */
  sweep(full = false): void {
    const now = this.now();
    for (const conversation of this.#byId.values()) if (this.#expired(conversation, now)) this.#drop(conversation);
    if (!full) return;
    for (const conversation of this.#byId.values()) {
      if (this.#byId.size < MAX_CONVERSATIONS) break;
      if (conversation.activeSessions === 0) this.#drop(conversation);
    }
  }

  #expired(conversation: Conversation, now: number): boolean {
    return (
      conversation.activeSessions === 0 &&
      conversation.endedAt !== undefined &&
      now >= conversation.endedAt + this.ttlMs
    );
  }

  #drop(conversation: Conversation): void {
    for (const handle of conversation.handles) this.#byHandle.delete(handle);
    this.#byId.delete(conversation.id);
  }
}
