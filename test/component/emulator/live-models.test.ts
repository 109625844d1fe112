// The model catalogue through a real socket (docs/emulator.md): audio-only models close a
// TEXT setup 1007 with the reason the real service sent; a model the catalogue does not know is
// served, and TEXT on it is accepted with a warning line instead of an invented refusal.
import { afterEach, describe, expect, it } from 'vitest';
import { Reason } from '../../../src/emulator/live/close-codes.js';
import { DEFAULT_MODELS } from '../../../src/emulator/defaults.js';
import { TEST_KEY, startLiveCore, type LiveCoreHandle } from '../../helpers/live-core.js';
import { KEY_PATH, LiveTestClient, TOKEN_PATH } from '../../helpers/live-client.js';

let emu: LiveCoreHandle;
afterEach(async () => emu.stop());

const TEXT = { responseModalities: ['TEXT'] };
const UNKNOWN = 'my-own-live-model';

async function closeOfSetup(setup: Record<string, unknown>, path = `${KEY_PATH}?key=${TEST_KEY}`) {
  const client = await LiveTestClient.open(`${emu.wsBase}${path}`);
  client.send({ setup });
  return client.closed;
}

describe('model capabilities at setup', () => {
  it.each([
    ['gemini-3.8-live', Reason.nonAudioRequest],
    ['gemini-2.5-flash-native-audio-preview-09-2025', Reason.nonAudioRequest],
    ['gemini-2.5-flash-native-audio-preview-12-2025', Reason.nonAudioRequest],
    [
      'gemini-3.1-flash-live-preview',
      'The requested combination of response modalities (TEXT) is not supported by the model',
    ],
  ])('%s is audio-only: TEXT closes 1007', async (model, reason) => {
    emu = await startLiveCore({ models: [...DEFAULT_MODELS] });
    expect(await closeOfSetup({ model: `models/${model}`, generationConfig: TEXT })).toEqual({ code: 1007, reason });
    expect(
      await closeOfSetup({ model: `models/${model}`, generationConfig: { responseModalities: ['AUDIO', 'TEXT'] } }),
    ).toMatchObject({ code: 1007 });
  });

  it('serves AUDIO, and no modality at all (AUDIO on the Gemini API), on an audio-only model', async () => {
    emu = await startLiveCore();
    for (const generationConfig of [{ responseModalities: ['AUDIO'] }, {}]) {
      const client = await LiveTestClient.open(`${emu.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
      await client.setup({ model: 'models/gemini-3.8-live', generationConfig });
      client.close();
    }
    expect(emu.logs.filter((record) => record.event === 'live.warning')).toEqual([]);
  });

  it('a model the catalogue does not know (--model) is served; TEXT is accepted with a warning line', async () => {
    emu = await startLiveCore({ models: [UNKNOWN] });
    const client = await LiveTestClient.open(`${emu.wsBase}${KEY_PATH}?key=${TEST_KEY}`);
    await client.setup({ model: `models/${UNKNOWN}`, generationConfig: TEXT });
    expect(emu.logs.filter((record) => record.event === 'live.warning')).toEqual([
      {
        event: 'live.warning',
        session: expect.any(String),
        warning: `model ${UNKNOWN}: whether it answers in TEXT is unknown; accepted`,
      },
    ]);
    client.close();
  });

  it('checks the effective setup: a token locking TEXT on gemini-3.8-live closes 1007 whatever the client asks', async () => {
    emu = await startLiveCore();
    emu.addToken({
      name: 'auth_tokens/text',
      setup: { model: 'models/gemini-3.8-live', generationConfig: TEXT },
      fieldMask: [],
    });
    const closed = await closeOfSetup(
      { model: 'models/gemini-3.8-live', generationConfig: { responseModalities: ['AUDIO'] } },
      `${TOKEN_PATH}?access_token=auth_tokens/text`,
    );
    expect(closed).toEqual({ code: 1007, reason: Reason.nonAudioRequest });
  });
});
