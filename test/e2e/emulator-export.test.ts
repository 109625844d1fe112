// A recording edited into a test: `gemtoken mint` + `gemtoken talk` (speech, a barge-in,
// goAway/resume on fresh tokens) run through a recorder in front of a second emulator; `gemtoken
// emulator --export-scenario` turns the cassettes into a scenario, which validates, and `gemtoken
// emulator --scenario` then gives the same talk the same transcript, turns and close sequence.
//
// The input's timing leaves every race a wide margin, because the two talks are separate live runs:
// the barge-in lands mid-word (300 ms into the first reply, words are 200 ms), and each reply lies
// well inside one connection (lifetime 3.5 s, goAway 0.7 s before its end).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario } from '../../src/emulator/scenario/schema.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { emulatorsStoppedAfterAll } from '../helpers/emulator.js';
import { CANARY_KEY, expectNoCanary } from '../security/hostile.js';
import { events, wavFixture, type Event } from './talk-helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gemtoken-export-'));
const scenarioFile = path.join(dir, 'exported.json');
const emulator = emulatorsStoppedAfterAll();
const { file: wav } = wavFixture('export.wav', [
  ['silence', 3350],
  ['tone', 800],
  ['silence', 740],
  ['tone', 700],
  ['silence', 1500],
]);
let recorded: Event[];
let exported: { code: number | null; stdout: string; stderr: string };

async function mintAndTalk(baseUrl: string): Promise<Event[]> {
  const env = { GEMINI_API_KEY: CANARY_KEY, GEMTOKEN_BASE_URL: baseUrl };
  const mint = await runCli(['mint'], { env });
  expect(mint.code).toBe(0);
  const talk = await runCli(['talk', '--input', wav, '--no-speaker', '--events'], { env, timeoutMs: 40_000 });
  expect(talk.stderr).toBe('');
  expect(talk.code).toBe(0);
  return events(talk.stdout);
}

const transcript = (log: Event[]) =>
  log
    .filter((e) => e.type === 'transcript')
    .map((e) => `${String(e.role)}:${String(e.text)}`)
    .join('');
const turns = (log: Event[]) => log.filter((e) => e.type === 'turn').map((e) => [e.user, e.model, e.interrupted]);
const closeSequence = (log: Event[]) =>
  log
    .filter((e) => ['goAway', 'token', 'resumed', 'closed'].includes(e.type))
    .map((e) => [e.type, e.reason ?? null, e.code ?? null]);

beforeAll(async () => {
  const upstream = await emulator(['--connection-lifetime', '3.5s', '--api-key', CANARY_KEY]);
  const recorder = await emulator(['--record', path.join(dir, 'cassettes'), '--upstream', upstream.baseUrl]);
  recorded = await mintAndTalk(recorder.baseUrl);
  await recorder.stop();
  exported = await runCli(['emulator', '--export-scenario', path.join(dir, 'cassettes')]);
  writeFileSync(scenarioFile, exported.stdout);
}, 90_000);

describe('gemtoken emulator --export-scenario', () => {
  it('prints a scenario the loader accepts, with the lifetime, the turns and notes on what it approximates', () => {
    expect(exported.code).toBe(0);
    const scenario = parseScenario(JSON.parse(exported.stdout), 'exported.json');
    // The lifetime is inferred from when the goAway reached the recorder, so it is the upstream's
    // 3.5 s give or take the recorder's own timing (whole ms, rounded to 10 ms): not exact under load.
    expect(scenario.connection).toEqual({ lifetimeMs: expect.any(Number), goAwayLeadMs: 700 });
    expect(Math.abs(scenario.connection!.lifetimeMs - 3500)).toBeLessThanOrEqual(50);
    // Each tone's length as the VAD measures it (a frame or so over), ±200 ms (20 % is less).
    const ranges = scenario.turns.map((turn) =>
      turn.expect.kind === 'audio' ? [turn.expect.minMs, turn.expect.maxMs] : [NaN, NaN],
    );
    expect(ranges.map(([min, max]) => max! - min!)).toEqual([400, 400]);
    ranges.forEach(([min, max], i) => expect(Math.abs((min! + max!) / 2 - [800, 700][i]!)).toBeLessThanOrEqual(60));
    // The barge-in cut the first reply: what was heard, then "…"; the second was heard whole.
    expect(scenario.turns.map((turn) => turn.model)).toEqual([
      { reply: 'Turn 1. …' },
      { reply: 'Turn 2. I heard 0.7 seconds of speech.' },
    ]);
    // What it approximates, on stderr: the barge-in's unheard rest, the voice. talk gets its fresh token
    // before each resume (its single-use token is spent), so no connect was refused: none to note.
    expect(exported.stderr).not.toContain('closed before setupComplete');
    expect(exported.stderr).toContain(
      'gemtoken: note: turns[0]: the user interrupted the reply (the same input does it again); the reply is what was heard, then "…"',
    );
    expect(exported.stderr).toContain("gemtoken: note: replies are spoken in the emulator's deterministic voice");
    expect(exported.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('gemtoken: note: '))).toEqual(
      [],
    );
    const cassettes = readdirSync(path.join(dir, 'cassettes')).map((name) =>
      readFileSync(path.join(dir, 'cassettes', name), 'utf8'),
    );
    expectNoCanary({ stdout: exported.stdout, stderr: exported.stderr, cassettes: cassettes.join('') });
  });

  it('--export-format yaml prints the same scenario as YAML', async () => {
    const yaml = await runCli([
      'emulator',
      '--export-scenario',
      path.join(dir, 'cassettes'),
      '--export-format',
      'yaml',
    ]);
    expect(yaml.code).toBe(0);
    expect(yaml.stderr).toBe(exported.stderr);
    expect(parse(yaml.stdout)).toEqual(JSON.parse(exported.stdout));
    expect(yaml.stdout).toMatch(/^ {6}audioMs: \[\d+, \d+\]$/m);
  });

  it('drives the same talk to the same transcript, turns and close sequence', async () => {
    const scripted = await emulator(['--scenario', scenarioFile, '--api-key', CANARY_KEY]);
    const log = await mintAndTalk(scripted.baseUrl);
    expect(transcript(log)).toBe(transcript(recorded));
    expect(turns(log)).toEqual(turns(recorded));
    expect(closeSequence(log)).toEqual(closeSequence(recorded));
    expect(scripted.log()).not.toMatch(/scenario exported\.json: turn/);
  }, 60_000);
});

describe('gemtoken emulator --export-scenario <bad input>', () => {
  const bad = mkdtempSync(path.join(tmpdir(), 'gemtoken-export-bad-'));
  writeFileSync(path.join(bad, 'live-0001.ndjson'), '{"t":0,"dir":"client","kind":"open","path":"/ws/x"}\nnot json\n');
  writeFileSync(path.join(bad, 'rest.ndjson'), '');
  it.each([
    [[path.join(bad, 'live-0001.ndjson')], '--export-scenario: live-0001.ndjson line 2 is not a cassette line ('],
    [
      [path.join(bad, 'rest.ndjson')],
      '--export-scenario: rest.ndjson holds the REST exchanges only; name a live-NNNN.ndjson cassette or its directory',
    ],
    [[path.join(bad, 'missing')], `--export-scenario: no cassette or directory "${path.join(bad, 'missing')}"`],
    [[tmpdir(), '--replay', bad], '--export-scenario cannot be used with --replay'],
    [
      [path.join(bad, 'live-0001.ndjson'), '--export-format', 'xml'],
      '--export-format must be "json" or "yaml", got "xml"',
    ],
  ])('%j → exit 2, one line', async (args, message) => {
    const result = await runCli(['emulator', '--export-scenario', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toContain(`gemtoken: ${message}`);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('gemtoken'))).toHaveLength(1);
    expect(hasStackTrace(result)).toBe(false);
  });

  it('--export-format without --export-scenario → exit 2', async () => {
    const result = await runCli(['emulator', '--export-format', 'yaml']);
    expect([result.code, result.stdout, result.stderr.split('\n')[0]]).toEqual([
      2,
      '',
      'gemtoken: --export-format needs --export-scenario <path>',
    ]);
  });
});
