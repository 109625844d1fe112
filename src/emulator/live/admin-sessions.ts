// GET /emulator/sessions: what the Live half saw, per connection and per conversation (a chain of
// resumed connections), so tests can assert e.g. "no input audio lost across a resume".

import type { AdminHandler } from '../core.js';
import { sees } from '../viewer.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import type { SessionBook, SessionStats } from './session-book.js';
import type { ToolCallRecord } from './tool-ledger.js';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

function toolCallView(c: ToolCallRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    args: c.args,
    behavior: c.behavior,
    calledAt: iso(c.calledAt),
    response: c.response ?? null,
    scheduling: c.scheduling ?? null,
    responses: c.responses,
    respondedAt: iso(c.respondedAt),
    cancelled: c.cancelled,
    cancelledAt: iso(c.cancelledAt),
    pending: c.pending,
  };
}

function sessionView(s: SessionStats): Record<string, unknown> {
  const config = s.setup?.config;
  const effective = s.setup?.effective;
  return {
    id: s.id,
    conversationId: s.conversationId ?? null,
    apiVersion: s.apiVersion,
    method: s.method,
    auth: s.auth,
    resumed: s.resumed,
    fault: s.fault ?? null,
    open: s.closedAt === undefined,
    openedAt: iso(s.openedAt),
    closedAt: iso(s.closedAt),
    closeCode: s.closeCode ?? null,
    closeReason: s.closeReason ?? null,
    closedBy: s.closedBy ?? null,
    bytesIn: s.bytesIn,
    bytesOut: s.bytesOut,
    framesIn: s.framesIn,
    framesOut: s.framesOut,
    audioBytesIn: s.audioBytesIn,
    audioFramesIn: s.audioFramesIn,
    realtimeInputMessages: s.realtimeInputMessages,
    frames: s.frames.view(),
    turns: s.turns,
    textTurns: s.textTurns,
    interrupted: s.interrupted,
    toolCalls: s.toolCalls.map(toolCallView),
    setup:
      config && effective
        ? {
            model: config.model,
            responseModality: config.modality,
            generationConfig: effective.generationConfig ?? null,
            systemInstruction: effective.systemInstruction ?? null,
            inputAudioTranscription: config.inputTranscription,
            outputAudioTranscription: config.outputTranscription,
            sessionResumption: config.resumption,
            automaticActivityDetection: config.automaticActivityDetection,
            silenceDurationMs: config.silenceMs,
            activityHandling: config.interrupts ? 'START_OF_ACTIVITY_INTERRUPTS' : 'NO_INTERRUPTION',
          }
        : null,
  };
}

function conversationView(c: Conversation): Record<string, unknown> {
  return {
    id: c.id,
    createdAt: iso(c.createdAt),
    endedAt: iso(c.endedAt),
    sessions: c.sessions,
    resumptions: c.resumptions,
    activeSessions: c.activeSessions,
    turns: c.turns,
    textTurns: c.textTurns,
    interrupted: c.interrupted,
    audioBytesIn: c.audioBytesIn,
    audioFramesIn: c.audioFramesIn,
    realtimeInputMessages: c.realtimeInputMessages,
    // SHA-256 over every input audio byte in arrival order, across all resumed connections.
    inputSha256: c.inputHash.copy().digest('hex'),
    outputAudioBytes: c.outputAudioBytes,
    history: c.history,
  };
}

/** Each key sees the sessions it (or a token it minted) opened, and unauthenticated ones; an admin key all. */
export function sessionsHandler(book: SessionBook, registry: ConversationRegistry): AdminHandler {
  return async (_req, _url, viewer) => {
    const sessions = book.list().filter((s) => sees(viewer, s.owner));
    const conversations = registry.list().filter((c) => sees(viewer, c.owner));
    // openSessions counts what the viewer may see, so it cannot tell how busy other keys are.
    const openSessions = viewer.all ? book.openCount : sessions.filter((s) => s.closedAt === undefined).length;
    return {
      status: 200,
      body: { openSessions, sessions: sessions.map(sessionView), conversations: conversations.map(conversationView) },
    };
  };
}
