// Where talk's tokens come from. The first: --token, --token - (stdin), --token-command,
// GEMTOKEN_TOKEN/GEMINI_EPHEMERAL_TOKEN, or — with only an API key — a single-use token minted here,
// so the key itself never rides in a WebSocket URL (the SDK puts it in the query
// string). Fresh ones, before a resume once the token's uses are spent (the service charges every
// resume a use: TokenUses in src/live/session/recovery.ts), for a token it refuses anyway, and for a stale token
// refused at connect: from --token-command, else minted with the API key when there is one.
// With neither, the token is fixed and a refused resume ends the session (recovery.ts says so).

import { DEFAULT_API_VERSION, resolveApiVersion, type EnvSnapshot } from '../../config.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { TokenSupplyKind } from '../../live/session/recovery.js';
import { missingKeyHint, resolveApiKey, TALK_KEY_FLAGS, type ResolvedKey } from '../../token/api-key.js';
import type { ApiVersion } from '../../token/client/http-request.js';
import { mintOne } from '../../token/client/mint-client.js';
import { rfc3339Ms } from '../../token/client/server-values.js';
import { MINT_DEFAULTS } from '../../token/mint-options.js';
import { allowedFallback } from '../../token/client/version-fallback.js';
import { startSpinner } from '../../terminal/spinner.js';
import type { Ui } from '../../terminal/ui.js';
import { canPrompt, promptApiKey } from '../../terminal/prompt.js';
import { cliMintDeps } from '../mint-deps.js';
import { contextTextIo } from '../text-io.js';
import type { TalkOptions } from './options.js';
import { runTokenCommand } from './token-command.js';
import { childLauncher } from '../../children/launcher.js';
import { checkTokenName, parseTokenText, type TokenInfo } from './token.js';
import { definedProps } from '../../defined-props.js';

/** Lifetime of the token talk mints for itself; new sessions (and resumes) stay allowed throughout. */
export const SELF_MINT_TTL_MS = 30 * 60_000;

export interface TokenSupply {
  readonly kind: TokenSupplyKind;
  /** A fresh token, already registered as a secret; rejects with a GemtokenError. */
  next(): Promise<TokenInfo>;
}

export interface SessionCredentials {
  readonly token: TokenInfo;
  readonly apiVersion: ApiVersion;
  readonly supply?: TokenSupply;
}

export async function obtainCredentials(ctx: Context, ui: Ui, options: TalkOptions): Promise<SessionCredentials> {
  const supply = await tokenSupply(ctx, ui, options);
  const note = credentialNote(options, ctx.env, supply?.kind);
  if (note) ui.info(note);
  const token = await readToken(ctx, ui, options, supply);
  ctx.secrets.addToken(token.name);
  const fromToken = token.apiVersion === undefined ? undefined : resolveApiVersion(token.apiVersion);
  if (options.apiVersion && fromToken && options.apiVersion !== fromToken) {
    ui.warn(
      `the token was minted on ${fromToken} but --api-version is ${options.apiVersion}; tokens work on the version they were minted for`,
    );
  }
  return { token, apiVersion: options.apiVersion ?? fromToken ?? DEFAULT_API_VERSION, ...definedProps({ supply }) };
}

async function tokenSupply(ctx: Context, ui: Ui, options: TalkOptions): Promise<TokenSupply | undefined> {
  const command = options.tokenCommand;
  if (command !== undefined) {
    const deps = {
      children: childLauncher(ctx.env, options.passEnv),
      baseUrl: options.baseUrl,
      cwd: ctx.cwd,
      clock: ctx.clock,
      signal: ctx.signal,
    };
    return {
      kind: 'command',
      next: async () => {
        const token = await runTokenCommand(command, deps);
        ctx.secrets.addToken(token.name);
        return token;
      },
    };
  }
  const key = await apiKey(ctx, options);
  if (!key) return undefined;
  if (options.tokenSource.kind === 'mint') key.notices.forEach((line) => ui.info(line));
  key.warnings.forEach((line) => ui.warn(line));
  return { kind: 'minted', next: () => mintForSession(ctx, ui, options, key) };
}

/** The key is required only when there is no token at all; otherwise a bad or absent one just means no minting. */
async function apiKey(ctx: Context, options: TalkOptions): Promise<ResolvedKey | undefined> {
  const resolve = (): Promise<ResolvedKey | undefined> =>
    resolveApiKey(definedProps({ apiKeyFile: options.apiKeyFile }), ctx.env, contextTextIo(ctx), TALK_KEY_FLAGS);
  const needed = options.tokenSource.kind === 'mint';
  const key = needed || options.apiKeyFile !== undefined ? await resolve() : await resolve().catch(() => undefined);
  if (key) ctx.secrets.add(key.key);
  // No token and no key: at a terminal, ask as mint does (without one, readToken says what is missing).
  if (!key && needed && canPrompt(ctx)) return promptApiKey(ctx, TALK_KEY_FLAGS);
  return key;
}

async function readToken(
  ctx: Context,
  ui: Ui,
  options: TalkOptions,
  supply: TokenSupply | undefined,
): Promise<TokenInfo> {
  const source = options.tokenSource;
  switch (source.kind) {
    case 'flag':
      return { name: checkTokenName(source.value, '--token'), source: '--token' };
    case 'stdin': {
      if (ctx.isTTY.stdin)
        throw new UsageError(
          '--token - reads the token from stdin, but stdin is a terminal',
          'pipe it: gemtoken mint | gemtoken talk --token -',
        );
      const text = await contextTextIo(ctx).readStdin();
      ctx.secrets.addToken(text.trim());
      return parseTokenText(text, 'stdin');
    }
    case 'env': {
      const info = parseTokenText(source.value, source.name);
      const expiresAt = rfc3339Ms(source.expireTime);
      return expiresAt !== undefined && info.expiresAt === undefined ? { ...info, expiresAt } : info;
    }
    case 'command':
    case 'mint': {
      if (supply?.kind === 'minted') {
        // Up to a timeout and its retries (30 s and more): the same spinner as `gemtoken mint`.
        const spinner = await startSpinner(ctx, ui, 'minting a single-use token');
        try {
          return await supply.next();
        } finally {
          spinner.stop();
        }
      }
      if (supply) return supply.next();
      throw new UsageError(
        'no token: pass --token auth_tokens/…, pipe one with --token -, or set GEMTOKEN_TOKEN',
        `or ${missingKeyHint(TALK_KEY_FLAGS)} and talk mints a single-use token`,
      );
    }
  }
}

/**
 * Pure. A leftover GEMINI_EPHEMERAL_TOKEN silently beating GEMINI_API_KEY was a puzzle:
 * when a token from the environment is in play beside another credential — used, or passed over for
 * a flag — one line says which is used and what the others do. A token given on this command line
 * beside a key in the environment needs none (`gemtoken mint | gemtoken talk --token -` always has
 * both; README says the key then mints replacements), nor does minting with the key (no token then;
 * two differing keys have their own notice).
 */
export function credentialNote(
  options: Pick<TalkOptions, 'tokenSource' | 'apiKeyFile'>,
  env: EnvSnapshot,
  supply: TokenSupplyKind | undefined,
): string | undefined {
  const source = options.tokenSource;
  const used =
    source.kind === 'flag'
      ? '--token'
      : source.kind === 'stdin'
        ? '--token -'
        : source.kind === 'env'
          ? source.name
          : source.kind === 'command'
            ? '--token-command'
            : undefined;
  if (used === undefined) return undefined;
  const tokens = (['GEMTOKEN_TOKEN', 'GEMINI_EPHEMERAL_TOKEN'] as const).filter(
    (name) => name !== used && env[name]?.trim(),
  );
  const key =
    options.apiKeyFile !== undefined
      ? '--api-key-file'
      : (['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const).find((name) => env[name]?.trim());
  if (source.kind !== 'env' && tokens.length === 0) return undefined;
  const others = [
    ...(tokens.length > 0 ? [`not ${tokens.join(' or ')}`] : []),
    ...(key
      ? [supply === 'minted' ? `${key} only mints a replacement once it is spent or refused` : `${key} is not used`]
      : []),
  ];
  return others.length > 0 ? `gemtoken: using the token from ${used} (${others.join('; ')})` : undefined;
}

async function mintForSession(ctx: Context, ui: Ui, options: TalkOptions, key: ResolvedKey): Promise<TokenInfo> {
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const now = ctx.clock.now();
  const expireTime = new Date(now + SELF_MINT_TTL_MS).toISOString();
  ui.debug(`minting a single-use token (key from ${key.source}, ${apiVersion})`);
  const minted = await mintOne(
    // The new-session window equals the lifetime: a resume after goAway must not be refused because
    // the default 60 s window has passed (a server rule no source confirms); uses:1 still stops reuse.
    {
      baseUrl: options.baseUrl,
      apiVersion,
      fallbackApiVersion: allowedFallback(options.apiVersion, apiVersion),
      apiKey: key.key,
      token: { uses: 1, expireTime, newSessionExpireTime: expireTime },
      timeoutMs: MINT_DEFAULTS.timeoutMs,
      retries: MINT_DEFAULTS.retries,
      keySource: key.source,
    },
    cliMintDeps(ctx, ui),
  );
  ctx.secrets.addToken(minted.name);
  // minted.apiVersion: the session connects on the version that minted (v1beta after a fallback).
  return {
    name: minted.name,
    source: 'minted',
    expiresAt: now + SELF_MINT_TTL_MS,
    newSessionExpiresAt: now + SELF_MINT_TTL_MS,
    apiVersion: minted.apiVersion,
    uses: 1,
  };
}
