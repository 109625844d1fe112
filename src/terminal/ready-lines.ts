// What a person at a terminal reads when `gemtoken emulator` or `gemtoken serve` is ready: where it
// listens and the exact lines to paste into another terminal. stdout's JSON line is unchanged (scripts
// parse it); these lines go to stderr, only when stderr is a terminal: a log file, a pipe or a CI log
// gets the JSON and the request log alone.

import type { Context } from '../context.js';
import { shellQuote } from '../token/output-format.js';
import type { Ui } from './ui.js';

/** The variables a real key may already be in: printing one of those would show a real key. */
const KEY_VARIABLES = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const;

/** Whether the ready lines are for someone: stderr is a terminal, and not a log asked to be NDJSON. */
export function forPerson(ctx: Context, logFormat: 'text' | 'json' = 'text'): boolean {
  return ctx.isTTY.stderr && logFormat === 'text';
}

const TITLES = { emulator: 'Emulator', record: 'Recording proxy', replay: 'Replaying emulator' } as const;

export interface EmulatorReady {
  readonly baseUrl: string;
  /** The key clients use: the emulator's first. */
  readonly apiKey: string;
  /** `record`: a proxy, so clients keep their real key, which it forwards upstream; `replay` takes any key. */
  readonly mode: 'emulator' | 'record' | 'replay';
}

/**
 * The emulator's key is shown, shell-quoted, for pasting: it is the key its ready line on stdout
 * hands out on purpose, only this emulator accepts it (made up unless --api-key gave it), and a
 * hidden export cannot be pasted. Not shown: a key the environment holds in GEMINI_API_KEY or
 * GOOGLE_API_KEY (`--api-key "$GEMINI_API_KEY"`), which may be a real one and needs no export.
 */
export function showEmulatorReady(ctx: Context, ui: Ui, ready: EmulatorReady): void {
  const url = shellQuote(ready.baseUrl);
  ui.info(`${TITLES[ready.mode]} ready at ${ready.baseUrl}. In another terminal, paste:`);
  ui.info(`  export GEMTOKEN_BASE_URL=${url}`);
  const held = KEY_VARIABLES.find((name) => ctx.env[name]?.trim() === ready.apiKey);
  if (ready.mode === 'record') ui.info('  (keep your own GEMINI_API_KEY: the recorder passes it on to the upstream)');
  else if (held) ui.info(`  (${held} already holds the key it accepts)`);
  else ui.infoShowingKey('  export GEMINI_API_KEY=', shellQuote(ready.apiKey));
  ui.info('then try:');
  ui.info('  gemtoken talk --text "hello" --once --no-speaker');
  ui.info('  gemtoken talk                  (microphone and speaker)');
  ui.info('Ctrl-C stops it.');
}

export interface ServeReady {
  readonly url: string;
  readonly page: boolean;
  /** --auth bearer:NAME: the variable callers' secret is in (named, never shown). */
  readonly bearerVariable?: string;
  /** --emulator: where the page's Live session goes. */
  readonly emulatorUrl?: string;
}

export function showServeReady(ui: Ui, ready: ServeReady): void {
  const token = `${ready.url}/token`;
  ui.info(`Token server ready at ${ready.url}`);
  if (ready.page) ui.info(`  page:    ${ready.url}/   (open it in a browser)`);
  ui.info(`  tokens:  POST ${token}`);
  if (ready.emulatorUrl) ui.info(`  Live:    ${ready.emulatorUrl} (the in-process emulator; no key needed)`);
  // curl's own flag for the Bearer header: the variable is named, its value stays in the environment.
  const auth = ready.bearerVariable ? ` --oauth2-bearer "$${ready.bearerVariable}"` : '';
  ui.info(`try:  curl -s -X POST${auth} ${shellQuote(token)}`);
  ui.info('Ctrl-C stops it.');
}
