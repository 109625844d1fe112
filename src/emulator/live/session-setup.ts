// Turning a client `setup` into a running session: shape checks, the token's lock, the model, the
// token's limits, then either a new conversation (one use consumed) or a resumed one. Where the real
// service differs from its docs the quirks decide (quirks.ts, docs/emulator.md).

import type { Quirks } from '../quirks.js';
import type { Principal } from './auth.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import { sessionConfig, type SessionConfig } from './session-config.js';
import { mergeSetup, resumptionHandle } from '../setup/setup-merge.js';
import { isObject, type JsonObject } from '../json.js';
import { checkModel, validateClientSetup } from '../setup/client-setup.js';
import { checkModality } from '../models.js';
import type { TokenRecord } from '../token-store.js';

export interface SetupContext {
  readonly principal: Principal;
  readonly apiVersion: string;
  readonly models: readonly string[];
  readonly now: number;
  readonly registry: ConversationRegistry;
  readonly quirks: Quirks;
}

export type SetupOutcome =
  | { readonly ok: false; readonly close: CloseSpec; readonly warnings?: readonly string[] }
  | {
      readonly ok: true;
      readonly effective: JsonObject;
      readonly config: SessionConfig;
      readonly conversation: Conversation;
      readonly resumed: boolean;
      /** For the log: what was accepted where the real service's behaviour is unknown. */
      readonly warnings: readonly string[];
    };

export function prepareSetup(body: unknown, ctx: SetupContext): SetupOutcome {
  const problem = validateClientSetup(body);
  if (problem) return { ok: false, close: problem };
  const client = body as JsonObject;
  const handle = resumptionHandle(client);
  const token = ctx.principal.kind === 'token' ? ctx.principal.token : undefined;
  const fullLock = token?.setup !== undefined && token.fieldMask.length === 0;
  const merged = mergeSetup(client, token?.setup, token?.fieldMask ?? []);
  const effective = fullLock && ctx.quirks['full-lock-default-text'] ? withDefaultText(merged) : merged;
  const badModel = checkModel(effective.model, ctx.models, ctx.apiVersion);
  if (badModel) return { ok: false, close: badModel };
  const modality = checkModality(effective);
  if (modality && 'close' in modality) return { ok: false, close: modality.close };
  const resumeCostsUse = ctx.quirks['resume-costs-use'];
  const tokenProblem = token ? checkTokenAtSetup(token, ctx.now, handle !== undefined, resumeCostsUse) : undefined;
  if (tokenProblem) return { ok: false, close: tokenProblem };
  // Under a full lock (a setup, no mask) the real service ignores the client's setup entirely.
  const ignoreClient = fullLock && ctx.quirks['full-lock-ignores-client'];
  const caller = token ? token.name : 'key';
  let conversation: Conversation | undefined;
  const warnings: string[] = [];
  if (handle !== undefined) {
    conversation = ctx.registry.resolve(handle);
    if (!conversation) return { ok: false, close: { code: CloseCode.invalidPayload, reason: Reason.badHandle } };
    // one-socket-per-session: the real service refused a resume while an earlier socket of the session was still open;
    // a socket counts as open until its close handshake has finished.
    if (ctx.quirks['one-socket-per-session'] && conversation.activeSessions > 0) {
      const warning = `resume refused: conversation ${conversation.id} still has an open socket (one-socket-per-session)`;
      return { ok: false, close: { code: CloseCode.internal, reason: Reason.internal }, warnings: [warning] };
    }
    if (token && resumeCostsUse) consumeUse(token);
    if (ctx.quirks['resume-loses-context']) forgetContext(conversation);
    // Whether the real service ties a handle to its token or key is unknown: accept, and say so.
    if (conversation.startedBy !== caller)
      warnings.push(
        `conversation ${conversation.id} resumed with another credential than it started with (accepted: the real rule is unknown)`,
      );
  } else {
    conversation = ctx.registry.create(caller);
    if (token) consumeUse(token);
  }
  // A capability the catalogue does not know: accepted, and said.
  if (modality) warnings.push(modality.warning);
  const config = sessionConfig(effective, !ignoreClient && isObject(client.sessionResumption));
  // Whether the real service honours a handle under a full lock is unknown: accept it, say so.
  if (ignoreClient && handle !== undefined)
    warnings.push(
      'resumption handle accepted under a full lock (the real service may ignore it: its behaviour is unknown)',
    );
  return { ok: true, effective, config, conversation, resumed: handle !== undefined, warnings };
}

/**
 * Quirk full-lock-default-text: a full lock that names no response modality gets the service's own
 * default, TEXT, which audio-only models refuse at connect (checkModality). Without a lock, or with a
 * mask, an absent modality means AUDIO, as the docs say.
 */
function withDefaultText(setup: JsonObject): JsonObject {
  const generation = isObject(setup.generationConfig) ? setup.generationConfig : {};
  if (Array.isArray(generation.responseModalities) && generation.responseModalities.length > 0) return setup;
  return { ...setup, generationConfig: { ...generation, responseModalities: ['TEXT'] } };
}

/** Quirk resume-loses-context (unconfirmed): the resumed model knows nothing said before. */
function forgetContext(conversation: Conversation): void {
  conversation.history.length = 0;
  conversation.turns = 0;
}

// A token's time and use limits, checked when a session's setup arrives (https://ai.google.dev/api/live).
// A setup carrying sessionResumption.handle is a resume: it may start after newSessionExpireTime but
// never after expireTime. The docs say a resume consumes no use; the real service was seen to charge
// one (quirk `resume-costs-use`), refusing a resume on a spent token like a new session.
const spent = (token: TokenRecord): boolean => token.uses !== 0 && token.usesConsumed >= token.uses;

/** The close to send, or undefined when the session may start. Pure: consumes nothing. */
export function checkTokenAtSetup(
  token: TokenRecord,
  now: number,
  resuming: boolean,
  resumeCostsUse = false,
): CloseSpec | undefined {
  if (!resuming) {
    if (now >= token.newSessionExpireTime) return { code: CloseCode.internal, reason: Reason.newSessionExpired };
    if (now >= token.expireTime) return { code: CloseCode.internal, reason: Reason.tokenExpired };
    if (spent(token)) return { code: CloseCode.internal, reason: Reason.usesExhausted };
    return undefined;
  }
  if (now >= token.expireTime) return { code: CloseCode.internal, reason: Reason.tokenExpired };
  if (resumeCostsUse && spent(token)) return { code: CloseCode.internal, reason: Reason.usesExhausted };
  return undefined;
}

/** Counts one use: every new session, and every resume under `resume-costs-use`. */
export function consumeUse(token: TokenRecord): void {
  token.usesConsumed += 1;
}
