// Writes minted tokens in the chosen --output format. For github the mask line goes first: the runner
// only masks values in lines printed after it (actions/runner#475). $GITHUB_OUTPUT is appended to
// without blocking the process: a FIFO there with no reader is waited for until a stop signal.

import type { Context } from '../context.js';
import { writeText } from '../file-streams.js';
import { fileWriteError } from '../file-error.js';
import type { MintReceipt } from '../token/client/mint-client.js';
import {
  formatEnv,
  formatJson,
  githubMaskLines,
  githubOutputLines,
  type OutputFormat,
} from '../token/output-format.js';
import { GemtokenError } from '../errors.js';
import { checkServerValues } from '../token/client/server-values.js';
import type { Ui } from './ui.js';

export interface MintWriter {
  write(token: MintReceipt): void;
  /** Resolves once every write has landed (in order); rejects with the first failure. */
  settled(): Promise<void>;
}

export function createMintWriter(ctx: Context, ui: Ui, format: OutputFormat): MintWriter {
  let chain: Promise<void> = Promise.resolve();
  // mintOne has checked already; checking here too means no path prints an unchecked value.
  const now = (write: (token: MintReceipt) => void): MintWriter => ({
    write: (token) => {
      checkServerValues(token, undefined, ctx.secrets);
      write(token);
    },
    settled: () => chain,
  });
  switch (format) {
    case 'json':
      return now((token) => ui.data(formatJson(token)));
    case 'name':
      return now((token) => ui.data(token.name));
    case 'env':
      return now((token) => formatEnv(token).forEach((line) => ui.data(line)));
    case 'github':
      // Appends are asynchronous (a FIFO may make us wait); one after the other keeps their order.
      return now((token) => {
        chain = chain.then(() => writeGithub(ctx, ui, token));
        // Handled here so a failure while minting goes on is not an unhandled rejection; settled() reports it.
        chain.catch(() => undefined);
      });
  }
}

async function writeGithub(ctx: Context, ui: Ui, token: MintReceipt): Promise<void> {
  githubMaskLines(token).forEach((line) => ui.data(line));
  const lines = githubOutputLines(token);
  const file = ctx.env.GITHUB_OUTPUT;
  if (!file) {
    ui.warn('GITHUB_OUTPUT is not set (not in GitHub Actions?); printing the outputs on stdout');
    lines.forEach((line) => ui.data(line));
    return;
  }
  try {
    // Values were checked (no key in any form); the file is a sink like stdout all the same.
    await writeText(file, ctx.secrets.redactKeys(`${lines.join('\n')}\n`), ctx.signal, {
      append: true,
      onWaiting: () => ui.info(`waiting for a reader on $GITHUB_OUTPUT ${file} (a FIFO)`),
    });
  } catch (error) {
    if (error instanceof GemtokenError) throw error;
    throw fileWriteError('$GITHUB_OUTPUT', file, error);
  }
  ui.info('wrote token, expire_time and new_session_expire_time to $GITHUB_OUTPUT');
}
