// Writes minted tokens in the chosen --output format. For github the mask line goes first: the runner
// only masks values in lines printed after it (actions/runner#475).

import { appendFileSync } from 'node:fs';
import type { Context } from '../context.js';
import type { MintedToken } from '../token/client/mint-client.js';
import { formatEnv, formatJson, githubMaskLines, githubOutputLines, type OutputFormat } from '../token/output-format.js';
import { UsageError } from '../errors.js';
import { checkServerValues } from '../token/client/server-values.js';
import type { Ui } from './ui.js';

export function createMintWriter(ctx: Context, ui: Ui, format: OutputFormat): (token: MintedToken) => void {
  const write = writer(ctx, ui, format);
  return (token) => {
    // mintOne has checked already; checking here too means no path prints an unchecked value.
    checkServerValues(token);
    write(token);
  };
}

function writer(ctx: Context, ui: Ui, format: OutputFormat): (token: MintedToken) => void {
  switch (format) {
    case 'json':
      return (token) => ui.data(formatJson(token));
    case 'name':
      return (token) => ui.data(token.name);
    case 'env':
      return (token) => formatEnv(token).forEach((line) => ui.data(line));
    case 'github':
      return (token) => writeGithub(ctx, ui, token);
  }
}

function writeGithub(ctx: Context, ui: Ui, token: MintedToken): void {
  githubMaskLines(token).forEach((line) => ui.data(line));
  const lines = githubOutputLines(token);
  const file = ctx.env.GITHUB_OUTPUT;
  if (!file) {
    ui.warn('GITHUB_OUTPUT is not set (not in GitHub Actions?); printing the outputs on stdout');
    lines.forEach((line) => ui.data(line));
    return;
  }
  try {
    appendFileSync(file, `${lines.join('\n')}\n`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot append to $GITHUB_OUTPUT${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  ui.info('wrote token, expire_time and new_session_expire_time to $GITHUB_OUTPUT');
}
