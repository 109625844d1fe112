// `gemtoken demo` (behind `npm run demo`): the whole flow without an API key. It starts the emulator,
// mints a token with the real CLI, and runs `talk` on a short question WAV, printing each command
// as a user would type it. stdout gets the transcript and where the reply WAV is; stderr the story.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { frameSize } from '../../audio/pcm/pcm.js';
import { passEnvNames } from '../../children/pass-env.js';
import { parseWav } from '../../audio/pcm/wav.js';
import type { Context } from '../../context.js';
import { ExitCode, GemtokenError, InterruptedError, UsageError } from '../../errors.js';
import { fileWriteError } from '../../file-error.js';
import { shellQuote } from '../../token/output-format.js';
import { createUi } from '../../terminal/ui.js';
import { questionWav } from './question-audio.js';
import { createChildren } from './children.js';
import { parseJson } from '../../parse/json.js';

export interface DemoFlags {
  readonly dir?: string;
  readonly input?: string;
  readonly speaker?: boolean;
  readonly passEnv?: readonly string[];
}

/** Variables that could point a child at the real API or a real key: the demo never passes them on. */
const NEVER_PASSED = [
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'GEMTOKEN_TOKEN',
  'GEMINI_EPHEMERAL_TOKEN',
  'GEMTOKEN_BASE_URL',
  'GOOGLE_GEMINI_BASE_URL',
];

/** Where to go from here, still with no key: the emulator in one terminal, talk in another. */
const NEXT_STEPS = [
  'Next, still with no key: start the emulator in one terminal (it prints two exports to paste)',
  '  gemtoken emulator',
  'and talk to it from another, after pasting them:',
  '  gemtoken talk --text "hello" --once --no-speaker',
  '  gemtoken talk                  (microphone and speaker)',
  'With your own key: export GEMINI_API_KEY=…, then gemtoken talk.',
];

export async function runDemo(ctx: Context, flags: DemoFlags): Promise<number> {
  const pass = passEnvNames(flags.passEnv);
  const refused = pass.find((name) => NEVER_PASSED.includes(name.toUpperCase()));
  if (refused)
    throw new UsageError(`the demo never passes ${refused} on: it runs against its own emulator with its own key`);
  const ui = createUi(ctx);
  const dir =
    flags.dir !== undefined ? path.resolve(ctx.cwd, flags.dir) : mkdtempSync(path.join(tmpdir(), 'gemtoken-demo-'));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw fileWriteError('--dir', flags.dir ?? dir, error);
  }
  const question = flags.input !== undefined ? path.resolve(ctx.cwd, flags.input) : path.join(dir, 'question.wav');
  if (flags.input === undefined) writeFileSync(question, questionWav());
  const reply = path.join(dir, 'reply.wav');
  // Children get the allow-listed environment and --pass-env; only the mint child gets a key (the
  // emulator's own, in its environment, never in argv).
  const children = createChildren(ctx.cwd, ctx.signal, ctx.env, pass);
  const show = (args: readonly string[], prefix = ''): void =>
    ui.info(ui.color.bold(`$ ${prefix}gemtoken ${args.map(shellQuote).join(' ')}`));
  // A child's own stop line after ours has stopped it would be a second one: the demo says it once.
  const stderr = (text: string): void => {
    if (!ctx.signal.aborted) ui.stderrRaw(text);
  };

  try {
    ui.info('gemtoken demo: no API key needed, everything runs against the local emulator.');
    show(['emulator', '--port', '0']);
    const emu = await children.emulator((log) => ui.debug(log.trimEnd()));
    ctx.secrets.add(emu.apiKey);
    ui.info(`  listening on ${emu.baseUrl}`);

    const mintArgs = [
      'mint',
      '--base-url',
      emu.baseUrl,
      '--model',
      'gemini-3.8-live',
      '--lock-set-only',
      '--ttl',
      '10m',
    ];
    show(mintArgs, 'GEMINI_API_KEY=<emulator key> ');
    let minted = '';
    const mintCode = await children.run(mintArgs, {
      set: { GEMINI_API_KEY: emu.apiKey },
      onStdout: (t) => (minted += t),
      onStderr: stderr,
    });
    check(ctx, mintCode, 'mint');
    const parsed = parseJson(minted);
    if (!parsed.ok) throw new GemtokenError("the demo's mint step printed no token", ExitCode.internal);
    const token = parsed.value as { name: string; expireTime: string };
    ctx.secrets.addToken(token.name);
    ui.info(`  minted a single-use token for gemini-3.8-live, valid until ${token.expireTime}`);

    const talkArgs = [
      'talk',
      '--token',
      '-',
      '--base-url',
      emu.baseUrl,
      '--input',
      question,
      '--output',
      reply,
      '--once',
    ];
    if (!flags.speaker) talkArgs.push('--no-speaker');
    show(talkArgs, 'gemtoken mint … | ');
    const talkCode = await children.run(talkArgs, { stdin: minted, onStdout: (t) => ui.dataRaw(t), onStderr: stderr });
    check(ctx, talkCode, 'talk');
    ui.data(`reply audio: ${reply} (${describeWav(reply)})`);
    NEXT_STEPS.forEach((line) => ui.info(line));
    return 0;
  } catch (error) {
    // Ctrl-C kills the children first; whatever they failed with, the reason is the interrupt.
    if (ctx.signal.aborted) throw new InterruptedError();
    throw error;
  } finally {
    await children.dispose();
  }
}

function check(ctx: Context, code: number, step: string): void {
  if (ctx.signal.aborted || code === ExitCode.interrupted) throw new InterruptedError();
  if (code === 0) return;
  const known = (Object.values(ExitCode) as number[]).includes(code) ? (code as ExitCode) : ExitCode.internal;
  throw new GemtokenError(`the demo's ${step} step failed (exit ${code}); its message is above`, known);
}

function describeWav(file: string): string {
  const { format, data } = parseWav(readFileSync(file), file);
  const seconds = data.length / (format.sampleRate * frameSize(format));
  return `${seconds.toFixed(1)} s, ${format.sampleRate} Hz, ${format.channels === 1 ? 'mono' : `${format.channels} channels`}`;
}
