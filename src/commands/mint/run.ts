// `gemtoken mint`: validate everything, resolve the key, then mint over REST (no SDK on this path:
// loading it would dominate a plain mint, `npm run bench` row 2; the differential test keeps our
// body equal to the SDK's).

import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { MINT_KEY_FLAGS, resolveApiKey } from '../../token/api-key.js';
import { buildHttpRequest, describeRequest } from '../../token/client/http-request.js';
import { mintMany } from '../../token/client/mint-many.js';
import { resolveMintOptions, type MintOptions } from '../../token/mint-options.js';
import { buildAuthTokenBody } from '../../token/client/request-body.js';
import { createMintWriter } from '../../terminal/mint-output.js';
import { canPrompt, promptApiKey } from '../../terminal/prompt.js';
import { startSpinner } from '../../terminal/spinner.js';
import { createUi, type Ui } from '../../terminal/ui.js';
import { cliMintDeps, cliMintRequest } from '../mint-deps.js';
import { contextTextIo } from '../text-io.js';
import { readMintFlags } from './token-flags.js';

export async function runMint(ctx: Context, raw: Record<string, unknown>): Promise<number> {
  const flags = readMintFlags(raw);
  if (flags.apiKey !== undefined) ctx.secrets.add(flags.apiKey.trim());
  if (flags.interactive) {
    // The questions end in a call back into this function with plain flags (no `interactive`).
    const { runMintInteractive } = await import('./interactive.js');
    return runMintInteractive(ctx, raw, { mint: runMint, io: contextTextIo(ctx) });
  }
  const ui = createUi(ctx, { quiet: Boolean(flags.quiet) });
  const io = contextTextIo(ctx);
  const options = await resolveMintOptions(flags, ctx.env, ctx.clock.now(), io);
  // Building the body validates the config the way the SDK would, before any prompt or request.
  const body = buildAuthTokenBody(options.token);
  const resolved = await resolveApiKey(flags, ctx.env, io, MINT_KEY_FLAGS);
  if (resolved) ctx.secrets.add(resolved.key);
  resolved?.warnings.forEach((line) => ui.warn(line));
  resolved?.notices.forEach((line) => ui.info(line));
  options.warnings.forEach((line) => ui.warn(line));

  if (options.dryRun && flags.verify)
    throw new UsageError(
      '--verify opens a Live session and --dry-run sends nothing: use one',
      '--dry-run shows the request; --verify checks that the service accepts it',
    );
  if (options.dryRun) {
    describeRequest(buildHttpRequest(options.baseUrl, options.apiVersion, undefined, body)).forEach((line) =>
      ui.data(line),
    );
    if (options.count > 1) ui.info(`(--count ${options.count} would send this request ${options.count} times)`);
    return 0;
  }
  const key = resolved ?? (await askForKey(ctx));
  // --verify loads the SDK and opens a session; a plain mint loads neither.
  const checked = flags.verify
    ? await (await import('../verify-setup.js')).verifyFirst(ctx, ui, options, key, flags)
    : options;
  await mint(ctx, ui, checked, key);
  return 0;
}

async function askForKey(ctx: Context): Promise<{ key: string; source: string }> {
  if (!canPrompt(ctx))
    throw new UsageError('no API key: set GEMINI_API_KEY', 'or use --api-key-file <path> or --api-key-stdin');
  return promptApiKey(ctx, MINT_KEY_FLAGS);
}

async function mint(ctx: Context, ui: Ui, options: MintOptions, key: { key: string; source: string }): Promise<void> {
  const writer = createMintWriter(ctx, ui, options.output);
  ui.debug(`POST ${options.baseUrl}/${options.apiVersion}/auth_tokens ×${options.count} (key from ${key.source})`);
  const spinner = await startSpinner(ctx, ui, options.count > 1 ? `minting ${options.count} tokens` : 'minting token');
  try {
    await mintMany(cliMintRequest(options, key), cliMintDeps(ctx, ui), {
      count: options.count,
      onToken: (token) => {
        ctx.secrets.addToken(token.name);
        writer.write(token);
      },
    });
  } finally {
    spinner.stop();
  }
  // $GITHUB_OUTPUT appends land asynchronously (a FIFO may wait for its reader): mint ends when they have.
  await writer.settled();
}
