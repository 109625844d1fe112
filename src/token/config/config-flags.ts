// --config plus the shorthands merged over it → the LiveConnectConfig locked into the token.

import { UsageError } from '../../errors.js';
import { parseJson } from '../../parse/json.js';
import { isJsonObject, MAX_CONFIG_DEPTH, type Json, type JsonObject } from './json.js';
import { validateLiveConnectConfig, type LiveConnectConfig } from './live-config.js';
import { readFileOrFail, readOrFail as read, type TextIo } from '../text-io.js';
import { MISSING_FILE_HINT } from '../../file-error.js';
import { loadToolsFlag } from './tools-flag.js';

export interface ConfigFlags {
  readonly config?: string | undefined;
  readonly systemInstruction?: string | undefined;
  readonly modality?: string | undefined;
  readonly voice?: string | undefined;
  readonly temperature?: string | undefined;
  readonly transcribe?: boolean | undefined;
  readonly resumable?: boolean | undefined;
  readonly compress?: boolean | undefined;
  /** --tools: function declarations (or a tools array), merged over --config's `tools`. */
  readonly tools?: string | undefined;
}

export async function resolveLiveConfig(flags: ConfigFlags, io: TextIo): Promise<LiveConnectConfig | undefined> {
  const config: JsonObject = flags.config !== undefined ? await loadConfig(flags.config, io) : {};
  if (flags.systemInstruction !== undefined)
    config.systemInstruction = await loadInstruction(flags.systemInstruction, io);
  if (flags.modality !== undefined) {
    const modality = flags.modality.trim().toUpperCase();
    if (modality !== 'AUDIO' && modality !== 'TEXT')
      throw new UsageError(`--modality '${flags.modality}' is not audio or text`);
    config.responseModalities = [modality];
  }
  if (flags.voice !== undefined) config.speechConfig = withVoice(config.speechConfig, flags.voice);
  if (flags.temperature !== undefined) config.temperature = parseTemperature(flags.temperature);
  if (flags.transcribe) {
    config.inputAudioTranscription ??= {};
    config.outputAudioTranscription ??= {};
  }
  if (flags.resumable) config.sessionResumption ??= {};
  if (flags.compress) config.contextWindowCompression ??= { slidingWindow: {} };
  if (flags.tools !== undefined) config.tools = await loadToolsFlag(flags.tools, io);
  return Object.keys(config).length > 0 ? config : undefined;
}

const EXAMPLE = `--config '{"responseModalities":["AUDIO"]}'`;

/** `--config cfg.json` (no @) is parsed as JSON: a bare word without JSON's brackets or quotes was meant as a file. */
const looksLikePath = (value: string): boolean => /^[^\s{}[\]"@-][^\s{}[\]"]*$/.test(value);

async function loadConfig(value: string, io: TextIo): Promise<JsonObject> {
  const source = value === '-' ? '--config (stdin)' : value.startsWith('@') ? `--config ${value}` : '--config';
  const text =
    value === '-'
      ? await read(() => io.readStdin(), 'cannot read --config from stdin')
      : value.startsWith('@')
        ? await readFileOrFail(
            io,
            '--config',
            value.slice(1),
            `${MISSING_FILE_HINT}, or give the JSON itself: ${EXAMPLE}`,
          )
        : value;
  // Only a position in the error: the text may be a key file given by mistake.
  const parsed = parseJson(text, { maxDepth: MAX_CONFIG_DEPTH });
  if (!parsed.ok) {
    const hint =
      parsed.problem.kind === 'depth'
        ? 'a LiveConnectConfig is a few levels deep; check the file'
        : looksLikePath(value)
          ? `to read a file, write --config @${value}`
          : `e.g. ${EXAMPLE}`;
    throw new UsageError(`${source} is ${parsed.problem.message}`, hint);
  }
  return validateLiveConnectConfig(parsed.value as Json, source);
}

async function loadInstruction(value: string, io: TextIo): Promise<string> {
  const text = value.startsWith('@')
    ? (
        await readFileOrFail(
          io,
          '--system-instruction',
          value.slice(1),
          `${MISSING_FILE_HINT}, or give the text itself`,
        )
      ).replace(/\r?\n$/, '')
    : value;
  if (text.trim() === '') throw new UsageError('--system-instruction is empty');
  return text;
}

function withVoice(existing: Json | undefined, voice: string): JsonObject {
  if (voice.trim() === '' || /\s/.test(voice))
    throw new UsageError(`--voice '${voice}' is not a voice name`, 'e.g. --voice Kore');
  const speech: JsonObject = isJsonObject(existing) ? { ...existing } : {};
  const voiceConfig: JsonObject = isJsonObject(speech.voiceConfig) ? { ...speech.voiceConfig } : {};
  const prebuilt: JsonObject = isJsonObject(voiceConfig.prebuiltVoiceConfig)
    ? { ...voiceConfig.prebuiltVoiceConfig }
    : {};
  prebuilt.voiceName = voice;
  voiceConfig.prebuiltVoiceConfig = prebuilt;
  speech.voiceConfig = voiceConfig;
  return speech;
}

function parseTemperature(text: string): number {
  const value = /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 2)) throw new UsageError(`--temperature '${text}' is not a number from 0 to 2`);
  return value;
}
