// A scenario turn waiting for a toolResponse the app never sends does not hang: after 30 s (or the
// turn's toolResponseTimeoutMs) on the emulator's clock the session closes 1007 with the reason,
// and the log has a live.scenario line saying it; an answer in time cancels the wait.
import { describe, expect, it } from 'vitest';
import { TOOL_RESPONSE_TIMEOUT_MS } from '../../../src/emulator/scenario/scripted-turn.js';
import { parseScenario } from '../../../src/emulator/scenario/schema.js';
import type { LiveTestClient } from '../../helpers/live-client.js';
import { scenarioClient, scenarioEmulatorPerTest } from '../../helpers/scenario-emulator.js';

const SETUP = {
  model: 'models/gemini-3.8-live',
  generationConfig: { responseModalities: ['AUDIO'] },
  outputAudioTranscription: {},
  tools: [{ functionDeclarations: [{ name: 'get_time', description: 'the time' }] }],
};
const scenario = parseScenario(
  {
    turns: [
      { model: { toolCall: { name: 'get_time' }, reply: 'It is noon.' } },
      { model: { toolCall: { name: 'get_time' }, toolResponseTimeoutMs: 1500 } },
    ],
  },
  'tools.json',
);

const t = scenarioEmulatorPerTest({ scenario });

async function called(): Promise<{ client: LiveTestClient; id: string }> {
  const client = await scenarioClient(t.emu, SETUP);
  client.send({ realtimeInput: { text: 'what time is it' } });
  const call = await client.waitFor((m) => m.toolCall !== undefined);
  return { client, id: call.toolCall.functionCalls[0].id as string };
}

const scenarioLines = () =>
  t.log.map((line) => JSON.parse(line) as Record<string, unknown>).filter((r) => r.event === 'live.scenario');

describe('a scenario waiting for a toolResponse', () => {
  it('closes 1007 after 30 s without one, and logs why', async () => {
    const { client } = await called();
    const reason = 'scenario tools.json: turn 0 got no toolResponse to get_time within 30 s';
    expect(TOOL_RESPONSE_TIMEOUT_MS).toBe(30_000);
    t.clock.advance(TOOL_RESPONSE_TIMEOUT_MS - 1);
    expect(scenarioLines()).toEqual([]);
    t.clock.advance(1);
    expect(await client.closed).toEqual({ code: 1007, reason });
    expect(scenarioLines()).toEqual([expect.objectContaining({ session: expect.any(String), reason })]);
  });

  it('an answer in time cancels the wait; the next turn waits its own toolResponseTimeoutMs', async () => {
    const { client, id } = await called();
    t.clock.advance(TOOL_RESPONSE_TIMEOUT_MS - 1);
    client.send({ toolResponse: { functionResponses: [{ id, name: 'get_time', response: { time: '12:00' } }] } });
    await client.waitFor((m) => m.serverContent?.outputTranscription !== undefined);
    t.clock.advance(10_000);
    await client.waitFor((m) => m.serverContent?.turnComplete === true);
    t.clock.advance(TOOL_RESPONSE_TIMEOUT_MS);
    expect(scenarioLines()).toEqual([]);
    const from = client.messages.length;
    client.send({ realtimeInput: { text: 'and now?' } });
    await client.waitFor((m) => m.toolCall !== undefined, 10_000, from);
    t.clock.advance(1500);
    expect(await client.closed).toEqual({
      code: 1007,
      reason: 'scenario tools.json: turn 1 got no toolResponse to get_time within 1500 ms',
    });
  });
});
