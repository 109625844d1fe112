// Pure: `talk` flags + env → validated options. Every bad flag is a one-line UsageError (exit 2)
// before any device opens or any token is used.

import { parseInputFormat } from '../../audio/pcm/input-format.js';
import type { PcmFormat } from '../../audio/pcm/pcm.js';
import { resolveApiVersion, resolveBaseUrl, type EnvSnapshot } from '../../config.js';
import { UsageError } from '../../errors.js';
import { didYouMean } from '../../suggest.js';
import { EchoMode } from '../../live/session/session-types.js';
import type { SessionSetupOptions } from '../../live/wire/setup-message.js';
import { DEFAULT_MODEL, MODALITIES, textOnAudioOnlyModel } from '../../model.js';
import { requirePositiveDuration } from '../../token/duration.js';
import { passEnvNames } from '../../children/pass-env.js';
import { PASS_ENV_FLAGS } from '../../children/pass-env-flag.js';
import type { ApiVersion } from '../../token/client/http-request.js';
import { readFlags, type FlagKind, type FlagValues } from '../host.js';
import { resolveVision, VISION_FLAGS, type VisionOptions } from './vision-options.js';
import { definedProps } from '../../defined-props.js';

/** Every `talk` flag and how commander hands it over (command.ts declares them); readFlags() reads them. */
export const TALK_FLAGS = {
  token: 'string',
  tokenCommand: 'string',
  apiKeyFile: 'string',
  apiVersion: 'string',
  baseUrl: 'string',
  model: 'string',
  voice: 'string',
  systemInstruction: 'string',
  modality: 'string',
  temperature: 'string',
  inputDevice: 'string',
  outputDevice: 'string',
  echo: 'string',
  pushToTalk: 'boolean',
  transcript: 'string',
  input: 'string',
  inputFormat: 'string',
  fast: 'boolean',
  text: 'string',
  output: 'string',
  /** commander's --no-speaker / --no-compress / --no-transcription: true unless negated. */
  speaker: 'boolean',
  compress: 'boolean',
  transcription: 'boolean',
  once: 'boolean',
  events: 'boolean',
  connectTimeout: 'string',
  tools: 'string',
  toolCommand: 'string',
  toolTimeout: 'string',
  ...PASS_ENV_FLAGS,
  ...VISION_FLAGS,
} as const satisfies Readonly<Record<string, FlagKind>>;

export type TalkFlags = FlagValues<typeof TALK_FLAGS>;

/** Commander's options record for `talk`, read once into its typed flags. */
export const readTalkFlags = (raw: Readonly<Record<string, unknown>>): TalkFlags => readFlags(raw, TALK_FLAGS);

export type TokenSource =
  | { readonly kind: 'flag'; readonly value: string }
  | { readonly kind: 'stdin' }
  | { readonly kind: 'env'; readonly name: string; readonly value: string; readonly expireTime?: string }
  | { readonly kind: 'command' }
  | { readonly kind: 'mint' };

export type InputChoice =
  | { readonly kind: 'mic'; readonly device: string }
  | { readonly kind: 'file'; readonly path: string; readonly format?: PcmFormat; readonly fast: boolean }
  | { readonly kind: 'none' };

export interface TalkOptions {
  readonly tokenSource: TokenSource;
  /** --token-command: run for the first token (when no other is given) and for every fresh one. */
  readonly tokenCommand?: string;
  readonly apiKeyFile?: string;
  readonly baseUrl: string;
  /** undefined: take the token's own version (mint JSON) or the default. */
  readonly apiVersion?: ApiVersion;
  readonly setup: SessionSetupOptions;
  readonly echo: EchoMode;
  readonly input: InputChoice;
  readonly text?: string;
  readonly output?: string;
  readonly speaker: boolean;
  /** --output-device: the playback device by name; undefined = the system's default. */
  readonly outputDevice?: string;
  readonly once: boolean;
  readonly events: boolean;
  readonly transcript?: string;
  readonly connectTimeoutMs: number;
  /** --tools as given (loaded and checked by loadToolsFlag before anything opens). */
  readonly tools?: string;
  readonly toolCommand?: string;
  readonly toolTimeoutMs: number;
  /** --pass-env: variables besides the allow-list that talk's children get. */
  readonly passEnv: readonly string[];
  /** --image, and the frame source of --video, --camera or --screen. */
  readonly vision: VisionOptions;
}

export const DEFAULT_CONNECT_TIMEOUT = '15s';
/** Per function call, for --tool-command. */
export const DEFAULT_TOOL_TIMEOUT = '10s';

export function resolveTalkOptions(flags: TalkFlags, env: EnvSnapshot): TalkOptions {
  const modality = oneOf('--modality', flags.modality ?? 'audio', MODALITIES);
  const echo = oneOf('--echo', flags.echo ?? EchoMode.halfDuplex, Object.values(EchoMode));
  const input = inputChoice(flags);
  if (flags.pushToTalk && input.kind !== 'mic')
    throw new UsageError('--push-to-talk needs the microphone', 'drop --input/--text, or drop --push-to-talk');
  if (flags.token === '-' && input.kind === 'file' && input.path === '-')
    throw new UsageError(
      '--token - and --input - cannot both read stdin',
      'pass the token with --token <name> or GEMTOKEN_TOKEN',
    );
  if (flags.text !== undefined && flags.text.trim() === '') throw new UsageError('--text is empty');
  if (flags.outputDevice !== undefined && flags.speaker === false)
    throw new UsageError('--output-device and --no-speaker exclude each other');
  // Only functions the session declares run the command; talk cannot see a token's locked tools.
  if (flags.toolCommand !== undefined && flags.toolCommand.trim() !== '' && flags.tools === undefined)
    throw new UsageError(
      '--tool-command needs --tools: only the functions declared there run the command',
      'with a token that locks tools (mint --tools), give talk the same --tools',
    );
  const setup: SessionSetupOptions = {
    model: nonEmpty('--model', flags.model) ?? DEFAULT_MODEL,
    modality,
    transcription: flags.transcription !== false,
    compress: flags.compress !== false,
    pushToTalk: Boolean(flags.pushToTalk),
    ...definedProps({
      voice: nonEmpty('--voice', flags.voice),
      systemInstruction: nonEmpty('--system-instruction', flags.systemInstruction),
      temperature: flags.temperature === undefined ? undefined : temperature(flags.temperature),
    }),
  };
  checkTalkModality(setup);
  return {
    tokenSource: tokenSource(flags, env),
    ...definedProps({ tokenCommand: nonEmpty('--token-command', flags.tokenCommand), apiKeyFile: flags.apiKeyFile }),
    baseUrl: resolveBaseUrl(flags.baseUrl, env),
    ...definedProps({ apiVersion: flags.apiVersion === undefined ? undefined : resolveApiVersion(flags.apiVersion) }),
    setup,
    echo,
    input,
    ...definedProps({ text: flags.text?.trim(), output: flags.output }),
    speaker: flags.speaker !== false,
    ...definedProps({ outputDevice: nonEmpty('--output-device', flags.outputDevice) }),
    once: Boolean(flags.once),
    events: Boolean(flags.events),
    ...definedProps({ transcript: flags.transcript }),
    connectTimeoutMs: requirePositiveDuration('--connect-timeout', flags.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT),
    ...definedProps({ tools: flags.tools, toolCommand: nonEmpty('--tool-command', flags.toolCommand) }),
    toolTimeoutMs: requirePositiveDuration('--tool-timeout', flags.toolTimeout ?? DEFAULT_TOOL_TIMEOUT),
    passEnv: passEnvNames(flags.passEnv),
    vision: resolveVision(flags, env, process.platform),
  };
}

function tokenSource(flags: TalkFlags, env: EnvSnapshot): TokenSource {
  if (flags.token === '-') return { kind: 'stdin' };
  if (flags.token !== undefined) return { kind: 'flag', value: flags.token };
  // An explicit command beats a token left in the environment.
  if (flags.tokenCommand !== undefined) return { kind: 'command' };
  for (const name of ['GEMTOKEN_TOKEN', 'GEMINI_EPHEMERAL_TOKEN'] as const) {
    const value = env[name]?.trim();
    if (value)
      return {
        kind: 'env',
        name,
        value,
        ...definedProps({
          expireTime: name === 'GEMINI_EPHEMERAL_TOKEN' ? env.GEMINI_EPHEMERAL_TOKEN_EXPIRE_TIME : undefined,
        }),
      };
  }
  return { kind: 'mint' };
}

function inputChoice(flags: TalkFlags): InputChoice {
  if (flags.input === undefined) {
    if (flags.inputFormat !== undefined || flags.fast)
      throw new UsageError(`${flags.fast ? '--fast' : '--input-format'} needs --input`);
    if (flags.text !== undefined) return { kind: 'none' };
    return { kind: 'mic', device: nonEmpty('--input-device', flags.inputDevice) ?? 'default' };
  }
  if (flags.inputDevice !== undefined) throw new UsageError('--input-device and --input exclude each other');
  if (flags.input.trim() === '')
    throw new UsageError('--input is empty', 'pass a WAV file, raw PCM with --input-format, or - for stdin');
  return {
    kind: 'file',
    path: flags.input,
    fast: Boolean(flags.fast),
    ...definedProps({ format: flags.inputFormat === undefined ? undefined : parseInputFormat(flags.inputFormat) }),
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} '${value}' is not one of ${allowed.join(', ')}`, didYouMean(value, allowed));
}

function temperature(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2)
    throw new UsageError(`--temperature '${text}' is not a number from 0 to 2`);
  return value;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`${flag} is empty`);
  return value.trim();
}

/**
 * --once with --text or --input is a script's run: no keys are read, so lines pasted after it (a
 * README block) stay for the shell instead of reaching talk as q/m/t. Ctrl-C still stops it: without
 * raw mode the terminal itself turns it into SIGINT (exit 130). A tool's answer is still asked for at
 * a terminal when there is no --tool-command: that is a question talk puts, not a key it watches for.
 */
export function scripted(options: TalkOptions): boolean {
  return options.once && options.input.kind !== 'mic';
}

/** stdin is read by nothing else (--token -, --input - read it). */
export function stdinFree(options: TalkOptions): boolean {
  return !(options.tokenSource.kind === 'stdin' || (options.input.kind === 'file' && options.input.path === '-'));
}

// Pure: `talk --modality text` on a model known to answer in audio only fails at setup on the real
// service (https://github.com/livekit/livekit/issues/4103): 1007 on the native-audio models, a refusal on
// gemini-3.8-live. Say so before any token is used or device opened; unknown models pass through.
export function checkTalkModality(setup: Pick<SessionSetupOptions, 'model' | 'modality' | 'transcription'>): void {
  if (setup.modality !== 'text') return;
  // talk shows output transcripts unless --no-transcription, so the text still arrives.
  const fix = setup.transcription
    ? 'drop --modality text (talk shows them by default)'
    : 'drop --modality text and --no-transcription';
  const error = textOnAudioOnlyModel(setup.model, fix);
  if (error) throw error;
}
