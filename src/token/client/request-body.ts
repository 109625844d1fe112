// The flat AuthToken JSON body of POST /{version}/auth_tokens (https://ai.google.dev/api/live), in the key order
// the SDK writes: expireTime, newSessionExpireTime, uses, bidiGenerateContentSetup, fieldMask.

import type { JsonObject } from '../config/json.js';
import type { LiveConnectConfig } from '../config/live-config.js';
import { setupFromConstraints } from '../config/constraints-setup.js';
import { computeFieldMask } from '../config/field-mask.js';

export interface TokenSpec {
  readonly uses?: number | undefined;
  readonly expireTime?: string | undefined;
  readonly newSessionExpireTime?: string | undefined;
  /** Already normalised with `models/` (see normalizeModel). */
  readonly model?: string | undefined;
  readonly config?: LiveConnectConfig | undefined;
  /** undefined: full lock; []: lock the set fields; names: set fields plus these. */
  readonly lock?: readonly string[] | undefined;
}

export interface AuthTokenBody {
  expireTime?: string;
  newSessionExpireTime?: string;
  uses?: number;
  bidiGenerateContentSetup?: JsonObject;
  fieldMask?: string;
}

export function buildAuthTokenBody(spec: TokenSpec): AuthTokenBody {
  const body: AuthTokenBody = {};
  if (spec.expireTime != null) body.expireTime = spec.expireTime;
  if (spec.newSessionExpireTime != null) body.newSessionExpireTime = spec.newSessionExpireTime;
  if (spec.uses != null) body.uses = spec.uses;
  const setup = setupFromConstraints(spec.model, spec.config);
  if (setup) body.bidiGenerateContentSetup = setup;
  const mask = computeFieldMask(setup, spec.lock);
  if (mask !== undefined) body.fieldMask = mask;
  return body;
}
