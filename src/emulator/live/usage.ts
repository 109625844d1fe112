// What a user turn counts for (GET /emulator/sessions, conversation history, inputTranscription)
// and costs (usageMetadata on turnComplete): bookkeeping the turn engine does for every turn,
// scripted (--scenario) or not.

import type { Conversation, ConversationRegistry } from './conversations.js';
import type { SessionStats } from './session-book.js';
import type { SessionConfig } from './session-config.js';
import { describeSpeech } from './voice.js';

export type UserTurn =
  { readonly kind: 'speech'; readonly speechMs: number } | { readonly kind: 'text'; readonly text: string };

export interface PromptCost {
  readonly promptTokens: number;
  readonly promptModality: 'AUDIO' | 'TEXT';
}

interface CountDeps {
  readonly conversation: Conversation;
  readonly registry: ConversationRegistry;
  readonly stats: SessionStats;
  readonly config: SessionConfig;
  readonly send: (message: Readonly<Record<string, unknown>>) => boolean | void;
}

/** Counts the turn, remembers and transcribes speech, and prices the prompt. */
export function countUserTurn({ conversation, registry, stats, config, send }: CountDeps, user: UserTurn): PromptCost {
  conversation.turns += 1;
  stats.turns += 1;
  if (user.kind === 'text') {
    conversation.textTurns += 1;
    stats.textTurns += 1;
  }
  if (user.kind === 'speech') {
    registry.remember(conversation, { role: 'user', text: describeSpeech(user.speechMs) });
    if (config.inputTranscription)
      send({ serverContent: { inputTranscription: { text: describeSpeech(user.speechMs) } } });
  }
  // 25 tokens per second of audio (the pricing docs, as quoted by https://github.com/kazunori279/interpretab);
  // roughly 4 characters per text token.
  return user.kind === 'speech'
    ? { promptTokens: Math.ceil(user.speechMs / 40), promptModality: 'AUDIO' }
    : { promptTokens: Math.ceil(user.text.length / 4), promptModality: 'TEXT' };
}

export function usageMetadata(cost: PromptCost, modality: string, responseTokens: number): Record<string, unknown> {
  return {
    promptTokenCount: cost.promptTokens,
    responseTokenCount: responseTokens,
    totalTokenCount: cost.promptTokens + responseTokens,
    promptTokensDetails: [{ modality: cost.promptModality, tokenCount: cost.promptTokens }],
    responseTokensDetails: [{ modality, tokenCount: responseTokens }],
  };
}
