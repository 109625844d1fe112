// `gemtoken emulator --scenario` with the official @google/genai SDK as the client: a
// scripted tool call, an interruption point and a goAway; a turn the script does not expect closes
// 1007 naming the file, turn and expectation; the same script as YAML plays the same; a bad file
// exits 2 with one line naming the path (or, for YAML syntax, the line and column).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GoogleGenAI, Modality, Type, type LiveServerMessage, type Session } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { spawnEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';

const MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-scenario-'));
const file = path.join(dir, 'weather.json');
const yamlFile = path.join(dir, 'weather.yaml');
const SCENARIO = {
  description: 'a tool call, an interruption and a goAway, then a close',
  turns: [
    {
      expect: { text: 'weather' },
      model: { toolCall: { name: 'get_weather', args: { city: 'Paris' } }, reply: 'It is sunny in Paris.' },
    },
    {
      expect: 'anything',
      model: {
        reply: 'Once upon a time there was a very long story that nobody heard to the end.',
        goAwayAfterMs: 80,
        interruptAfterMs: 300,
      },
    },
    { expect: { text: '/^bye/i' }, model: { reply: 'Goodbye.', close: { code: 1000, reason: 'scenario finished' } } },
  ],
};
let emu: EmulatorHandle;
let emuYaml: EmulatorHandle;

beforeAll(async () => {
  writeFileSync(file, JSON.stringify(SCENARIO));
  writeFileSync(yamlFile, stringify(SCENARIO));
  [emu, emuYaml] = await Promise.all([
    spawnEmulator(['--scenario', file, '--api-key', CANARY_KEY]),
    spawnEmulator(['--scenario', yamlFile, '--api-key', CANARY_KEY]),
  ]);
});
afterAll(async () => {
  expect(await emu.stop()).toBe(0);
  expect(await emuYaml.stop()).toBe(0);
  expectNoCanary({ log: emu.log() + emuYaml.log() });
  rmSync(dir, { recursive: true, force: true });
});

interface Peer {
  readonly messages: LiveServerMessage[];
  readonly session: Session;
  readonly closed: Promise<{ code: number; reason: string }>;
  next(match: (m: LiveServerMessage) => boolean, from?: number): Promise<LiveServerMessage>;
}

async function connect(target = emu): Promise<Peer> {
  const ai = new GoogleGenAI({ apiKey: CANARY_KEY, httpOptions: { apiVersion: 'v1alpha', baseUrl: target.baseUrl } });
  const messages: LiveServerMessage[] = [];
  const waiters = new Set<() => void>();
  let onClose!: (c: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClose = resolve));
  const wake = (): void => waiters.forEach((w) => w());
  const session = await ai.live.connect({
    model: MODEL,
    config: {
      responseModalities: [Modality.AUDIO],
      outputAudioTranscription: {},
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } } },
          ],
        },
      ],
    },
    callbacks: {
      onmessage: (m) => (messages.push(m), wake()),
      onclose: (e) => (onClose({ code: e.code, reason: e.reason }), wake()),
      onerror: () => undefined,
    },
  });
  const next = (match: (m: LiveServerMessage) => boolean, from = 0) =>
    new Promise<LiveServerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no match in ${messages.length} messages`)), 15_000);
      const check = (): void => {
        const hit = messages.slice(from).find(match);
        if (!hit) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(hit);
      };
      waiters.add(check);
      check();
    });
  return { messages, session, closed, next };
}

const transcript = (messages: readonly LiveServerMessage[], from: number, to = messages.length): string =>
  messages
    .slice(from, to)
    .map((m) => m.serverContent?.outputTranscription?.text ?? '')
    .join('');

describe('gemtoken emulator --scenario, driven by @google/genai', () => {
  it.each(['weather.json', 'weather.yaml'])(
    'plays the script in %s: tool call and scripted answer, goAway, interruption, then the scripted close',
    async (name) => {
      const peer = await connect(name.endsWith('.yaml') ? emuYaml : emu);
      await peer.next((m) => m.setupComplete !== undefined);

      peer.session.sendRealtimeInput({ text: 'What is the weather in Paris?' });
      const call = await peer.next((m) => m.toolCall !== undefined);
      const fn = call.toolCall!.functionCalls![0]!;
      expect({ name: fn.name, args: fn.args }).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
      const afterCall = peer.messages.length;
      peer.session.sendToolResponse({
        functionResponses: [{ id: fn.id!, name: 'get_weather', response: { sky: 'sunny' } }],
      });
      await peer.next((m) => m.serverContent?.turnComplete === true, afterCall);
      expect(transcript(peer.messages, afterCall)).toBe('It is sunny in Paris.');

      const second = peer.messages.length;
      peer.session.sendRealtimeInput({ text: 'Tell me a story' });
      await peer.next((m) => m.goAway !== undefined, second);
      await peer.next((m) => m.serverContent?.turnComplete === true, second);
      const done = peer.messages.findIndex((m, i) => i >= second && m.serverContent?.turnComplete === true);
      expect(peer.messages.findIndex((m, i) => i >= second && m.serverContent?.interrupted === true)).toBe(done - 1);
      const heard = transcript(peer.messages, second, done);
      // Cut at the interruption point: a start of the reply, not all of it.
      expect(heard.length).toBeGreaterThan(0);
      expect(SCENARIO.turns[1]!.model.reply!.startsWith(heard)).toBe(true);
      expect(heard.length).toBeLessThan(SCENARIO.turns[1]!.model.reply!.length);
      expect(peer.messages.find((m) => m.goAway)!.goAway!.timeLeft).toBe('5s');

      const third = peer.messages.length;
      peer.session.sendRealtimeInput({ text: 'bye now' });
      expect(await peer.closed).toEqual({ code: 1000, reason: 'scenario finished' });
      expect(transcript(peer.messages, third)).toBe('Goodbye.');
    },
  );

  it.each(['weather.json', 'weather.yaml'])(
    'a turn the script in %s does not expect closes 1007 naming the file, the turn and the expectation',
    async (name) => {
      const peer = await connect(name.endsWith('.yaml') ? emuYaml : emu);
      await peer.next((m) => m.setupComplete !== undefined);
      peer.session.sendRealtimeInput({ text: 'hello there' });
      expect(await peer.closed).toEqual({
        code: 1007,
        reason: `scenario ${name}: turn 0 expected text "weather", got text "hello there"`,
      });
      expect(peer.messages.some((m) => m.serverContent?.modelTurn)).toBe(false);
    },
  );
});

describe('gemtoken emulator --scenario <bad file>', () => {
  it.each([
    [
      'a wrong type deep in a turn',
      { turns: [{ model: { reply: 'hi' } }, { model: { toolCall: { name: 7 } } }] },
      'bad.json: turns[1].model.toolCall.name: expected a string',
    ],
    [
      'an unknown field',
      { turns: [{ expect: 'anything', model: { replay: 'hi' } }] },
      'bad.json: turns[0].model.replay: unknown field',
    ],
    ['an empty script', { turns: [] }, 'bad.json: turns: expected a non-empty array'],
    [
      'an inverted audio range',
      { turns: [{ expect: { audioMs: [900, 100] } }] },
      'bad.json: turns[0].expect.audioMs: min is greater than max',
    ],
  ])('%s: exit 2, one line naming the path', async (_name, body, message) => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(body));
    const result = await runCli(['emulator', '--scenario', bad, '--api-key', CANARY_KEY]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--scenario ${message}`);
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('gemtoken')),
    ).toHaveLength(1);
    expect(hasStackTrace(result)).toBe(false);
    expectNoCanary({ stdout: result.stdout, stderr: result.stderr });
  });

  it('not YAML, not JSON, or missing: exit 2, one line naming the file (and the line and column)', async () => {
    const notYaml = path.join(dir, 'story.yaml');
    writeFileSync(notYaml, 'turns:\n  - expect: anything\n   model: {}\n');
    const yaml = await runCli(['emulator', '--scenario', notYaml]);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr.split('\n')[0]).toMatch(/^gemtoken: --scenario story\.yaml: not YAML: line 3, column \d+: .+/);
    const notJson = path.join(dir, 'story.json');
    writeFileSync(notJson, 'turns:\n  - expect: anything\n');
    const json = await runCli(['emulator', '--scenario', notJson]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(
      /--scenario story\.json: not valid JSON at line 1, column 1; name a YAML file \.yaml or \.yml/,
    );
    const missing = await runCli(['emulator', '--scenario', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--scenario nope.json: cannot read it (ENOENT)');
    for (const result of [yaml, json, missing]) {
      expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken'))).toHaveLength(1);
      expect(hasStackTrace(result)).toBe(false);
    }
  });
});
