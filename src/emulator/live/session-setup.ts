// Turning a client `setup` into a running session: shape checks, the token's lock, the model, the
// token's limits, then either a new conversation (one use consumed) or a resumed one.

import type { Principal } from './auth.js';
import { CloseCode, Reason, type CloseSpec } from './close-codes.js';
import type { Conversation, ConversationRegistry } from './conversations.js';
import { sessionConfig, type SessionConfig } from './session-config.js';
import { mergeSetup, resumptionHandle } from '../setup/setup-merge.js';
import { isObject, type JsonObject } from '../json.js';
import { checkModel, validateClientSetup } from '../setup/client-setup.js';
import { checkTokenAtSetup, consumeUse } from './token-rules.js';
import { checkModality } from '../models.js';

export interface SetupContext {
  readonly principal: Principal;
  readonly apiVersion: string;
  readonly models: readonly string[];
  readonly now: number;
  readonly registry: ConversationRegistry;
  /** A line for the session log (a capability the catalogue does not know, accepted). */
  readonly warn?: (warning: string) => void;
}

export type SetupOutcome =
  | { readonly ok: false; readonly close: CloseSpec }
  | {
      readonly ok: true;
      readonly effective: JsonObject;
      readonly config: SessionConfig;
      readonly conversation: Conversation;
      readonly resumed: boolean;
    };

export function prepareSetup(body: unknown, ctx: SetupContext): SetupOutcome {
  const problem = validateClientSetup(body);
  if (problem) return { ok: false, close: problem };
  const client = body as JsonObject;
  const handle = resumptionHandle(client);
  const token = ctx.principal.kind === 'token' ? ctx.principal.token : undefined;
  const effective = mergeSetup(client, token?.setup, token?.fieldMask ?? []);
  const badModel = checkModel(effective.model, ctx.models, ctx.apiVersion);
  if (badModel) return { ok: false, close: badModel };
  const modality = checkModality(effective);
  if (modality && 'close' in modality) return { ok: false, close: modality.close };
  const tokenProblem = token ? checkTokenAtSetup(token, ctx.now, handle !== undefined) : undefined;
  if (tokenProblem) return { ok: false, close: tokenProblem };
  let conversation: Conversation | undefined;
  if (handle !== undefined) {
    conversation = ctx.registry.resolve(handle);
    if (!conversation) return { ok: false, close: { code: CloseCode.invalidPayload, reason: Reason.badHandle } };
  } else {
    conversation = ctx.registry.create();
    if (token) consumeUse(token);
  }
  if (modality) ctx.warn?.(modality.warning);
  const config = sessionConfig(effective, isObject(client.sessionResumption));
  return { ok: true, effective, config, conversation, resumed: handle !== undefined };
}
