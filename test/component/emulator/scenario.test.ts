// --scenario through a real socket on a hand-driven clock: the first chunk waits firstChunkDelayMs,
// audio turns are matched by their length, and a mismatch closes 1007 quoting what came, keys filtered out.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import { silence16k, tone16k } from '../../helpers/live-client.js';
import {
  closeOn,
  SCENARIO_KEY,
  scenarioClient,
  scenarioEmulatorPerTest,
  startOn,
} from '../../helpers/scenario-emulator.js';

const SETUP = {
  model: 'models/gemini-3.8-live',
  generationConfig: { responseModalities: ['AUDIO'] },
  outputAudioTranscription: {},
};
const scenario = parseScenario(
  {
    turns: [
      { expect: { text: 'hello' }, model: { reply: 'Hi.', firstChunkDelayMs: 700 } },
      { expect: { audioMs: [400, 1500] }, model: { reply: 'Heard you.' } },
      { expect: { audioMs: [5000, 6000] }, model: { reply: 'Never.' } },
    ],
  },
  'audio.json',
);

const t = scenarioEmulatorPerTest({ scenario });

describe('--scenario on the turn engine', () => {
  it('waits firstChunkDelayMs before the first chunk, matches audio by length, and closes 1007 on the turn it does not expect', async () => {
    const client = await scenarioClient(t.emu, SETUP);
    client.send({ realtimeInput: { text: 'hello' } });
    // The turn's first step is scheduled 700 ms out (without the delay it goes out at once).
    await expect.poll(() => t.clock.nextDelay()).toBe(700);
    expect(client.indexOf((m) => m.serverContent?.modelTurn !== undefined)).toBe(-1);
    t.clock.advance(700);
    await client.waitFor((m) => m.serverContent?.modelTurn !== undefined);
    t.clock.advance(5000);
    await client.waitFor((m) => m.serverContent?.turnComplete === true);

    let from = client.messages.length;
    client.sendAudio(Buffer.concat([tone16k(800), silence16k(1500)]));
    await client.waitFor((m) => m.serverContent?.modelTurn !== undefined, 10_000, from);
    t.clock.advance(5000);
    await client.waitFor((m) => m.serverContent?.turnComplete === true, 10_000, from);
    const heard = client.messages
      .slice(from)
      .map((m) => m.serverContent?.outputTranscription?.text ?? '')
      .join('');
    expect(heard).toBe('Heard you.');

    from = client.messages.length;
    client.sendAudio(Buffer.concat([tone16k(800), silence16k(1500)]));
    const closed = await client.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toMatch(/^scenario audio\.json: turn 2 expected audio 5000-6000 ms, got \d+ ms of audio$/);
  });
});

describe('a mismatch quoting what the client sent', () => {
  it("passes the emulator's key filter: a key typed into the text never comes back in the close reason", async () => {
    const client = await scenarioClient(t.emu, SETUP);
    client.send({ realtimeInput: { text: `my key is ${SCENARIO_KEY}` } });
    const closed = await client.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toMatch(/^scenario audio\.json: turn 0 expected text "hello", got text "my key is \S+"$/);
    expect(closed.reason).not.toContain(SCENARIO_KEY);
    expect(closed.reason).not.toContain(SCENARIO_KEY.slice(0, 12));
  });
});

describe('--scenario connection block', () => {
  it("scripts every connection's lifetime, goAway lead and closing code over --connection-lifetime", async () => {
    const lifetime = parseScenario(
      {
        connection: { lifetimeMs: 3000, goAwayLeadMs: 1000, close: { code: 1008, reason: 'lifetime over' } },
        turns: [{}],
      },
      'life.json',
    );
    const own = await startOn(t.clock, { scenario: lifetime, connectionLifetimeMs: 600_000 });
    try {
      const client = await scenarioClient(own, SETUP);
      t.clock.advance(1999);
      expect(client.indexOf((m) => m.goAway !== undefined)).toBe(-1);
      t.clock.advance(1);
      expect((await client.waitFor((m) => m.goAway !== undefined)).goAway).toEqual({ timeLeft: '1s' });
      t.clock.advance(1000);
      expect(await client.closed).toMatchObject({ code: 1008, reason: 'lifetime over' });
    } finally {
      await closeOn(own, t.clock);
    }
  });
});
