// --export-scenario and video frames: a turn that had frames (recorded whole or, with --record-audio
// off, as sizes) expects at least one, as `frames: ">=1"` beside its text; a turn without frames is
// exported as before.
import { describe, expect, it } from 'vitest';
import { scenarioJsonText } from '../../../src/emulator/export/format.js';
import { exportScenario } from '../../../src/emulator/export/to-scenario.js';
import { dropAudio, type CassetteLine } from '../../../src/emulator/record/cassette.js';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import { jpegHeader } from '../../helpers/images.js';

type Json = Record<string, unknown>;
const line = (t: number, dir: 'client' | 'server', json: unknown): CassetteLine =>
  ({ t, dir, kind: 'frame', json }) as CassetteLine;
const open: CassetteLine = {
  t: 0,
  dir: 'client',
  kind: 'open',
  path: '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=<redacted>',
  headers: {},
};
const frame: Json = {
  realtimeInput: { video: { mimeType: 'image/jpeg', data: jpegHeader(64, 48).toString('base64') } },
};
const text = (t: number, value: string) => line(t, 'client', { realtimeInput: { text: value } });
const answer = (t: number, words: string): CassetteLine[] => [
  line(t, 'server', { serverContent: { outputTranscription: { text: words } } }),
  line(t + 50, 'server', { serverContent: { turnComplete: true } }),
];

describe('exportScenario: frames', () => {
  it.each([
    ['recorded whole', frame],
    ['recorded as sizes', dropAudio(frame) as Json],
  ])('a turn after frames (%s) expects frames >=1 beside its text; the next one, without, does not', (_how, sent) => {
    const lines = [
      open,
      line(1, 'client', { setup: { model: 'models/gemini-3.8-live', outputAudioTranscription: {} } }),
      line(2, 'server', { setupComplete: {} }),
      line(10, 'client', sent),
      line(20, 'client', sent),
      text(30, 'what is this?'),
      ...answer(40, 'A pattern.'),
      text(300, 'thanks'),
      ...answer(310, 'Welcome.'),
    ];
    const { scenario } = exportScenario([{ file: 'live-0001.ndjson', lines }], []);
    expect(scenario.turns.map((turn) => turn.expect)).toEqual([
      { text: 'what is this?', frames: '>=1' },
      { text: 'thanks' },
    ]);
    const parsed = parseScenario(JSON.parse(scenarioJsonText(scenario)), 'exported.json');
    expect(parsed.turns[0]!.expect.frames?.source).toBe('>=1');
  });
});
