// The `mint --interactive` flow with scripted fake prompts: which questions are asked with which
// defaults, what reaches the mint path, refusals without a terminal, and — through the real mint
// path and a fake fetch — that the printed command mints exactly the same request and output.
import { execFileSync } from 'node:child_process';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mintCommand } from '../../../src/commands/mint/command.js';
import { runMintInteractive } from '../../../src/commands/mint/interactive.js';
import { runMint } from '../../../src/commands/mint/run.js';
import type { Context } from '../../../src/context.js';
import { UsageError } from '../../../src/errors.js';
import { SecretRegistry } from '../../../src/redact.js';
import type { InputQuestion, PromptPort, SelectQuestion } from '../../../src/terminal/mint-prompts.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { fakeFetch, type FakeFetch } from '../../fakes/fake-fetch.js';

const KEY = 'AIzaSyInteractiveNeverPrinted0123456';

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
  return { stream, text: () => text };
}

function fakeContext(options: { tty?: boolean; env?: Record<string, string>; fetch?: FakeFetch } = {}) {
  const out = collector();
  const err = collector();
  const tty = options.tty ?? true;
  const ctx: Context = {
    env: options.env ?? { GEMINI_API_KEY: KEY },
    stdin: new PassThrough(),
    stdout: out.stream,
    stderr: err.stream,
    isTTY: { stdin: tty, stdout: tty, stderr: tty },
    cwd: '/',
    platform: 'linux',
    fetch: (options.fetch ?? fakeFetch([])).fetch,
    clock: new FakeClock(),
    signal: new AbortController().signal,
    secrets: new SecretRegistry(),
    devices: {
      microphone: () => Promise.reject(new Error('unused')),
      speaker: () => Promise.reject(new Error('unused')),
    },
    verbose: false,
  };
  return { ctx, stdout: out.text, stderr: err.text };
}

type Asked = {
  kind: 'select' | 'input';
  message: string;
  default: string | undefined;
  choices?: string[];
  rejected?: string[];
};

/** Answers by question message; a missing answer is "press Enter" (the default); a list is retyped until valid. */
function fakePrompts(answers: Record<string, string | string[]> = {}): PromptPort & { asked: Asked[] } {
  const asked: Asked[] = [];
  const pick = (message: string): string[] | undefined => {
    const a = answers[message];
    return a === undefined ? undefined : Array.isArray(a) ? a : [a];
  };
  return {
    asked,
    async select<T extends string>(q: SelectQuestion<T>): Promise<T> {
      asked.push({ kind: 'select', message: q.message, default: q.default, choices: q.choices.map((c) => c.value) });
      const answer = pick(q.message)?.[0] ?? q.default;
      const choice = q.choices.find((c) => c.value === answer);
      if (!choice) throw new Error(`no choice ${String(answer)} for ${q.message}`);
      return choice.value;
    },
    async input(q: InputQuestion): Promise<string> {
      const entry: Asked = { kind: 'input', message: q.message, default: q.default, rejected: [] };
      asked.push(entry);
      for (const typed of pick(q.message) ?? [q.default ?? '']) {
        const verdict = (await q.validate?.(typed)) ?? true;
        if (verdict === true) return typed;
        entry.rejected!.push(verdict);
      }
      throw new Error(`no valid answer for ${q.message}`);
    },
  };
}

function capture() {
  const calls: Record<string, unknown>[] = [];
  const mint = async (_ctx: Context, flags: Record<string, unknown>): Promise<number> => {
    calls.push(flags);
    return 0;
  };
  const io = { readFile: async (file: string) => `file:${file}`, readStdin: async () => 'stdin' };
  return { calls, deps: { mint, io } };
}

describe('mint --interactive: questions and flags', () => {
  it('Enter four times: the model only (a field mask of it), the equivalent command on stderr, nothing on stdout', async () => {
    const { ctx, stdout, stderr } = fakeContext();
    const prompts = fakePrompts();
    const { calls, deps } = capture();
    expect(await runMintInteractive(ctx, { interactive: true }, { ...deps, prompts })).toBe(0);
    expect(prompts.asked.map((a) => [a.message, a.default])).toEqual([
      ['Model', 'gemini-3.8-live'],
      ['What the token locks', 'model'],
      ['Sessions the token may start (0 = unlimited)', '1'],
      ['Token lifetime (e.g. 30m, 1h30m; under 20h)', '30m'],
    ]);
    expect(prompts.asked[0]!.choices).toContain('gemini-3.1-flash-live-preview');
    expect(prompts.asked[1]!.choices).toEqual(['model', 'config']);
    expect(calls).toEqual([{ model: 'gemini-3.8-live', uses: '1', ttl: '30m' }]);
    expect(stderr()).toBe('equivalent command: gemtoken mint --model gemini-3.8-live --uses 1 --ttl 30m\n');
    expect(stdout()).toBe('');
  });

  it('model and config on an audio-only model: no modality question (text would fail at setup), voice and instruction asked', async () => {
    const prompts = fakePrompts({ 'What the token locks': 'config', Voice: 'Puck' });
    const { calls, deps } = capture();
    await runMintInteractive(fakeContext().ctx, { interactive: true }, { ...deps, prompts });
    expect(prompts.asked.map((q) => q.message)).toEqual([
      'Model',
      'What the token locks',
      'Voice',
      'System instruction (text or @file; empty for none)',
      'Sessions the token may start (0 = unlimited)',
      'Token lifetime (e.g. 30m, 1h30m; under 20h)',
    ]);
    expect(calls[0]).toEqual({
      model: 'gemini-3.8-live',
      modality: 'audio',
      voice: 'Puck',
      lockSetOnly: true,
      uses: '1',
      ttl: '30m',
    });
  });

  it('a model not known to be audio-only is offered text; text skips the voice; "other" asks for a typed model and voice name', async () => {
    const text = fakePrompts({
      Model: 'gemini-3.8-live-extended-thinking',
      'What the token locks': 'config',
      'Response modality': 'text',
    });
    const a = capture();
    await runMintInteractive(fakeContext().ctx, { interactive: true }, { ...a.deps, prompts: text });
    expect(text.asked.find((q) => q.message === 'Response modality')!.choices).toEqual(['audio', 'text']);
    expect(text.asked.map((q) => q.message)).not.toContain('Voice');
    expect(a.calls[0]).toMatchObject({ modality: 'text', lockSetOnly: true });

    const other = fakePrompts({
      Model: '\u0000other',
      'Model name': ['bad name', 'my-live-model'],
      'What the token locks': 'config',
      Voice: '\u0000other',
      'Voice name': 'Sulafat',
    });
    const b = capture();
    await runMintInteractive(fakeContext().ctx, { interactive: true }, { ...b.deps, prompts: other });
    expect(other.asked.find((q) => q.message === 'Model name')!.rejected).toEqual([
      "--model 'bad name' contains whitespace",
    ]);
    expect(b.calls[0]).toMatchObject({ model: 'my-live-model', voice: 'Sulafat' });
  });

  it('given flags pre-fill the answers and pass through; the key is never printed', async () => {
    const { ctx, stderr } = fakeContext();
    const prompts = fakePrompts({ 'Sessions the token may start (0 = unlimited)': ['-2', '2'] });
    const { calls, deps } = capture();
    const given = {
      interactive: true,
      apiKey: KEY,
      model: 'models/custom-model',
      voice: 'Nova',
      uses: '5',
      output: 'name',
      baseUrl: 'http://127.0.0.1:9',
    };
    await runMintInteractive(ctx, given, { ...deps, prompts });
    expect(prompts.asked.find((q) => q.message === 'Model')!.default).toBe('\u0000other');
    expect(prompts.asked.find((q) => q.message === 'Model name')!.default).toBe('custom-model');
    expect(prompts.asked.find((q) => q.message === 'Voice name')!.default).toBe('Nova');
    expect(prompts.asked.find((q) => q.message.startsWith('Sessions'))!.rejected).toEqual([
      "--uses '-2' must be a whole number from 0 to 2147483647",
    ]);
    // A --voice given says the config is to be locked: that is the lock question's default.
    expect(prompts.asked.find((q) => q.message === 'What the token locks')!.default).toBe('config');
    expect(calls[0]).toEqual({
      apiKey: KEY,
      model: 'custom-model',
      voice: 'Nova',
      uses: '2',
      output: 'name',
      baseUrl: 'http://127.0.0.1:9',
      modality: 'audio',
      lockSetOnly: true,
      ttl: '30m',
    });
    expect(stderr()).toBe(
      'equivalent command: gemtoken mint --model custom-model --modality audio --voice Nova --uses 2 --ttl 30m --lock-set-only --output name --base-url http://127.0.0.1:9\n',
    );
    expect(stderr()).not.toContain(KEY);
  });

  it('--lock-set-only with no setup flag yet is fine: the answers always give one', async () => {
    const prompts = fakePrompts();
    const { calls, deps } = capture();
    await runMintInteractive(fakeContext().ctx, { interactive: true, lockSetOnly: true }, { ...deps, prompts });
    expect(calls[0]).toMatchObject({ lockSetOnly: true, model: 'gemini-3.8-live', modality: 'audio' });
  });

  it('--expire-at given: no lifetime question; --quiet: no command line', async () => {
    const { ctx, stderr } = fakeContext();
    const prompts = fakePrompts();
    const { calls, deps } = capture();
    await runMintInteractive(
      ctx,
      { interactive: true, quiet: true, expireAt: '2026-12-01T05:00:00Z' },
      { ...deps, prompts },
    );
    expect(prompts.asked.map((q) => q.message)).not.toContain('Token lifetime (e.g. 30m, 1h30m; under 20h)');
    expect(calls[0]).toMatchObject({ expireAt: '2026-12-01T05:00:00Z' });
    expect(calls[0]).not.toHaveProperty('ttl');
    expect(stderr()).toBe('');
  });
});

describe('mint --interactive: refusals before any question', () => {
  it.each([
    ['no TTY', { tty: false }, {}, /^--interactive needs a terminal \(stdin and stderr must be TTYs\)/],
    ['--api-key-stdin', {}, { apiKeyStdin: true }, /cannot be combined with --api-key-stdin/],
    ['--config -', {}, { config: '-' }, /cannot read --config from stdin/],
    ['bad --base-url', {}, { baseUrl: 'not a url' }, /--base-url 'not a url' is not a URL/],
    ['bad --ttl', {}, { ttl: '5x' }, /--ttl '5x' is not a duration/],
    ['--ttl with --expire-at', {}, { ttl: '1m', expireAt: '2026-12-01T05:00:00Z' }, /either --ttl or --expire-at/],
  ])('%s', async (_name, context, flags, message) => {
    const prompts = fakePrompts();
    const { calls, deps } = capture();
    const error = await runMintInteractive(
      fakeContext(context).ctx,
      { interactive: true, ...flags },
      { ...deps, prompts },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).message).not.toContain('\n');
    expect(prompts.asked).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe('mint --interactive through the real mint path', () => {
  /** Runs `gemtoken mint <args>` in-process via the commander definition (no prompts possible). */
  async function runParsed(args: string[], fetch: FakeFetch) {
    const run = fakeContext({ fetch });
    let code: number | void = undefined;
    await mintCommand(async (action) => void (code = await action(run.ctx))).parseAsync(args, { from: 'user' });
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  it('mints the same request and prints the same token as the printed command', async () => {
    const reply = { status: 200, body: { name: 'auth_tokens/interactive-1' } };
    const interactiveFetch = fakeFetch([reply]);
    const run = fakeContext({ fetch: interactiveFetch });
    const prompts = fakePrompts({
      Model: 'gemini-3.1-flash-live-preview',
      // The default, since --transcribe was given: the config is to be locked.
      'What the token locks': 'config',
      Voice: 'Kore',
      'System instruction (text or @file; empty for none)': "Be brief; don't ramble.",
      'Sessions the token may start (0 = unlimited)': '3',
      'Token lifetime (e.g. 30m, 1h30m; under 20h)': '1h',
    });
    const io = { readFile: async () => '', readStdin: async () => '' };
    const code = await runMintInteractive(
      run.ctx,
      { interactive: true, baseUrl: 'http://127.0.0.1:9', transcribe: true },
      { mint: runMint, io, prompts },
    );
    expect(code).toBe(0);
    const line = /^equivalent command: (.+)$/m.exec(run.stderr())![1]!;

    const words = execFileSync('sh', ['-c', `printf '%s\\0' ${line.replace(/^gemtoken mint /, '')}`], {
      encoding: 'utf8',
    })
      .split('\0')
      .slice(0, -1);
    const plainFetch = fakeFetch([reply]);
    const plain = await runParsed(words, plainFetch);

    expect(plain.code).toBe(0);
    expect(interactiveFetch.requests).toHaveLength(1);
    expect(plainFetch.requests).toEqual(interactiveFetch.requests);
    const body = JSON.parse(interactiveFetch.requests[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      uses: 3,
      expireTime: '2026-12-01T01:00:00.000Z',
      bidiGenerateContentSetup: { model: 'models/gemini-3.1-flash-live-preview' },
    });
    expect(JSON.stringify(body)).toContain('Kore');
    expect(run.stdout()).toBe(plain.stdout);
    expect(JSON.parse(run.stdout())).toMatchObject({
      name: 'auth_tokens/interactive-1',
      uses: 3,
      model: 'models/gemini-3.1-flash-live-preview',
    });
    expect(run.stderr()).not.toContain(KEY);
  });
});
