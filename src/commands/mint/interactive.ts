// `gemtoken mint --interactive`: ask for the model, how much to lock (the model only, or also a
// modality, voice and system instruction), uses and TTL; print the equivalent command line on
// stderr, then hand the flags to the normal mint path, so the token (and every error) is exactly
// what that command would give.

import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { DEFAULT_MODEL, modelCapabilities, type Modality } from '../../model.js';
import { resolveMintOptions } from '../../token/mint-options.js';
import type { TextIo } from '../../token/text-io.js';
import { createPromptPort, type PromptPort } from '../../terminal/mint-prompts.js';
import { canPrompt } from '../../terminal/prompt.js';
import { createUi } from '../../terminal/ui.js';
import {
  LIVE_MODELS,
  OTHER,
  VOICES,
  answersToFlags,
  commandLine,
  defaultAnswers,
  validateModel,
  validateTtl,
  validateUses,
  validateVoice,
  type LockScope,
  type MintAnswers,
  type RawMintFlags,
} from './interactive-flags.js';
import { readMintFlags } from './token-flags.js';

export interface InteractiveDeps {
  /** The non-interactive mint (runMint); gets the merged flags without `interactive`. */
  readonly mint: (ctx: Context, flags: Record<string, unknown>) => Promise<number>;
  readonly io: TextIo;
  /** Default: @inquirer/prompts on ctx.stdin/ctx.stderr. */
  readonly prompts?: PromptPort;
}

export async function runMintInteractive(ctx: Context, given: RawMintFlags, deps: InteractiveDeps): Promise<number> {
  if (!canPrompt(ctx)) {
    throw new UsageError(
      '--interactive needs a terminal (stdin and stderr must be TTYs); pass the flags instead, see gemtoken mint --help',
    );
  }
  // `given` stays commander's record (the answers are merged over it and handed back to the mint);
  // what this function itself reads of it is read once, typed.
  const flags = readMintFlags(given);
  // stdin is the keyboard here: it cannot also carry a key or a config.
  if (flags.apiKeyStdin)
    throw new UsageError('--interactive cannot be combined with --api-key-stdin; use GEMINI_API_KEY or --api-key-file');
  if (flags.config === '-') throw new UsageError('--interactive cannot read --config from stdin; use --config @file');
  // Check what was given before asking anything: a typo in --base-url should not cost six questions.
  // The model question is always answered, so the final flags always carry a setup: a --lock given
  // here is not "a lock with nothing to lock" even when no setup flag was passed yet.
  await resolveMintOptions({ ...flags, model: flags.model ?? DEFAULT_MODEL }, ctx.env, ctx.clock.now(), deps.io);

  const prompts = deps.prompts ?? (await createPromptPort(ctx));
  // An @file instruction is read when it is typed, by the same code the mint uses, so a wrong path
  // is asked again at once instead of failing after the last question.
  const checkInstruction = async (text: string): Promise<true | string> => {
    if (!text.trim().startsWith('@')) return true;
    try {
      await resolveMintOptions(
        { ...flags, modality: 'audio', systemInstruction: text },
        ctx.env,
        ctx.clock.now(),
        deps.io,
      );
      return true;
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
  };
  const answers = await askMintQuestions(prompts, defaultAnswers(given), checkInstruction);
  const answered = answersToFlags(given, answers);
  createUi(ctx, { quiet: Boolean(flags.quiet) }).info(`equivalent command: ${commandLine(answered)}`);
  return deps.mint(ctx, answered);
}

export async function askMintQuestions(
  prompts: PromptPort,
  defaults: MintAnswers,
  checkInstruction: (text: string) => Promise<true | string> = async () => true,
): Promise<MintAnswers> {
  const model = await askModel(prompts, defaults.model);
  const scope = await prompts.select<LockScope>({
    message: 'What the token locks',
    choices: [
      {
        value: 'model',
        name: 'the model only',
        description: 'clients set up the rest of their session (voice, transcripts, resumption)',
      },
      {
        value: 'config',
        name: 'the model and a session config',
        description: 'modality, voice and instruction, asked next; clients keep transcripts and resumption',
      },
    ],
    default: defaults.scope,
  });
  const config =
    scope === 'config'
      ? await askConfig(prompts, model, defaults, checkInstruction)
      : { modality: defaults.modality, voice: '', systemInstruction: '' };
  const uses = await prompts.input({
    message: 'Sessions the token may start (0 = unlimited)',
    default: defaults.uses,
    validate: validateUses,
  });
  const ttl =
    defaults.ttl === undefined
      ? undefined
      : await prompts.input({
          message: 'Token lifetime (e.g. 30m, 1h30m; under 20h)',
          default: defaults.ttl,
          validate: validateTtl,
        });
  return { model, scope, ...config, uses, ttl };
}

async function askConfig(
  prompts: PromptPort,
  model: string,
  defaults: MintAnswers,
  checkInstruction: (text: string) => Promise<true | string>,
): Promise<Pick<MintAnswers, 'modality' | 'voice' | 'systemInstruction'>> {
  // A model known to answer in audio only is not offered text, which would fail at setup.
  const modality: Modality = modelCapabilities(model)?.audioOnly
    ? 'audio'
    : await prompts.select<Modality>({
        message: 'Response modality',
        choices: [
          { value: 'audio', name: 'audio', description: 'spoken replies (every Live model)' },
          { value: 'text', name: 'text', description: 'text replies' },
        ],
        default: defaults.modality,
      });
  const voice = modality === 'audio' ? await askVoice(prompts, defaults.voice) : '';
  const systemInstruction = await prompts.input({
    message: 'System instruction (text or @file; empty for none)',
    default: defaults.systemInstruction,
    validate: checkInstruction,
  });
  return { modality, voice, systemInstruction };
}

async function askModel(prompts: PromptPort, current: string): Promise<string> {
  const known = LIVE_MODELS.some((m) => m.value === current);
  const choice = await prompts.select<string>({
    message: 'Model',
    choices: [
      ...LIVE_MODELS.map((m) => ({ value: m.value, name: m.value, description: m.description })),
      { value: OTHER, name: 'other…', description: 'type a model name' },
    ],
    default: known ? current : OTHER,
    // "other…" is not the model: its answer line gives way to the name typed next.
    clearIfAnswer: OTHER,
  });
  if (choice !== OTHER) return choice;
  return (
    await prompts.input({ message: 'Model name', default: known ? undefined : current, validate: validateModel })
  ).trim();
}

async function askVoice(prompts: PromptPort, current: string): Promise<string> {
  const known = current === '' || (VOICES as readonly string[]).includes(current);
  const choice = await prompts.select<string>({
    message: 'Voice',
    choices: [
      { value: '', name: 'model default' },
      ...VOICES.map((v) => ({ value: v, name: v })),
      { value: OTHER, name: 'other…', description: 'type a prebuilt voice name' },
    ],
    default: known ? current : OTHER,
    clearIfAnswer: OTHER,
  });
  if (choice !== OTHER) return choice;
  return (
    await prompts.input({ message: 'Voice name', default: known ? undefined : current, validate: validateVoice })
  ).trim();
}
