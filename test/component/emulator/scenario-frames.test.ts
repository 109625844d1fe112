// --scenario `expect: {frames: …}` through a real socket: frames sent since the previous turn count for
// the next one, and a turn without the frames it asks for closes 1007 naming both sides.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import { jpegHeader } from '../../helpers/images.js';
import { scenarioClient, scenarioEmulatorPerTest } from '../../helpers/scenario-emulator.js';

const SETUP = { model: 'models/gemini-3.8-live', outputAudioTranscription: {} };
const scenario = parseScenario(
  {
    turns: [
      { expect: { text: 'look', frames: '>=2' }, model: { reply: 'A test pattern.' } },
      { expect: { frames: '>=1' }, model: { reply: 'Never.' } },
    ],
  },
  'frames.json',
);

const t = scenarioEmulatorPerTest({ scenario });

const frame = { realtimeInput: { video: { data: jpegHeader(64, 48).toString('base64'), mimeType: 'image/jpeg' } } };

describe('--scenario expect frames', () => {
  it('plays the turn its frames satisfy, then closes 1007 on a turn with none', async () => {
    const client = await scenarioClient(t.emu, SETUP);
    client.send(frame);
    client.send(frame);
    client.send({ realtimeInput: { text: 'look at this' } });
    await client.waitFor((m) => m.serverContent?.modelTurn !== undefined);
    t.clock.advance(5000);
    await client.waitFor((m) => m.serverContent?.turnComplete === true);
    const said = client.messages.map((m) => m.serverContent?.outputTranscription?.text ?? '').join('');
    expect(said).toBe('A test pattern.');
    client.send({ realtimeInput: { text: 'and now?' } });
    expect(await client.closed).toEqual({
      code: 1007,
      reason: 'scenario frames.json: turn 1 expected frames >=1, got text "and now?" with 0 frames',
    });
  });
});
