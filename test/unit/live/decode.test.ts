import { describe, expect, it } from 'vitest';
import { decodeServerFrame, mimeRate, parseWireDuration } from '../../../src/live/wire/decode.js';

const pcm = Buffer.from([1, 0, 2, 0]);
const b64 = pcm.toString('base64');

describe('decodeServerFrame', () => {
  it.each([
    ['setupComplete', '{"setupComplete":{}}', [{ type: 'setupComplete' }]],
    [
      'audio + transcription + turn end, in wire order',
      JSON.stringify({
        serverContent: {
          modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: b64 } }] },
          outputTranscription: { text: 'hi' },
          generationComplete: true,
          turnComplete: true,
        },
      }),
      [
        { type: 'audio', pcm, mimeType: 'audio/pcm;rate=24000' },
        { type: 'outputTranscription', text: 'hi' },
        { type: 'generationComplete' },
        { type: 'turnComplete' },
      ],
    ],
    [
      'interrupted before turnComplete',
      '{"serverContent":{"turnComplete":true,"interrupted":true}}',
      [{ type: 'interrupted' }, { type: 'turnComplete' }],
    ],
    [
      'input transcription',
      '{"serverContent":{"inputTranscription":{"text":"hello"}}}',
      [{ type: 'inputTranscription', text: 'hello' }],
    ],
    [
      'text part (thought skipped)',
      '{"serverContent":{"modelTurn":{"parts":[{"text":"a"},{"text":"b","thought":true}]}}}',
      [{ type: 'text', text: 'a' }],
    ],
    ['goAway', '{"goAway":{"timeLeft":"50s"}}', [{ type: 'goAway', timeLeftMs: 50_000 }]],
    [
      'resumable handle',
      '{"sessionResumptionUpdate":{"newHandle":"h1","resumable":true}}',
      [{ type: 'resumptionUpdate', handle: 'h1', resumable: true }],
    ],
    [
      'non-resumable point',
      '{"sessionResumptionUpdate":{"newHandle":"","resumable":false}}',
      [{ type: 'resumptionUpdate', handle: undefined, resumable: false }],
    ],
    [
      'usage rides along',
      '{"usageMetadata":{"totalTokenCount":7},"serverContent":{"turnComplete":true}}',
      [{ type: 'turnComplete' }, { type: 'usage', totalTokens: 7 }],
    ],
    ['unknown kinds are ignored', '{"voiceActivity":{}}', []],
    [
      'toolCall: each call with its id, name and args (absent args are {})',
      '{"toolCall":{"functionCalls":[{"id":"c1","name":"get_weather","args":{"city":"Oslo"}},{"id":"c2","name":"get_time"}]}}',
      [
        {
          type: 'toolCall',
          calls: [
            { id: 'c1', name: 'get_weather', args: { city: 'Oslo' } },
            { id: 'c2', name: 'get_time', args: {} },
          ],
        },
      ],
    ],
    [
      'toolCallCancellation (once ignored: a cancelled handler kept running and was answered)',
      '{"toolCallCancellation":{"ids":["1","2"]}}',
      [{ type: 'toolCallCancellation', ids: ['1', '2'] }],
    ],
    ['binary frame', Buffer.from('{"setupComplete":{}}'), [{ type: 'setupComplete' }]],
  ])('%s', (_name, frame, events) => {
    expect(decodeServerFrame(frame)).toEqual({ ok: true, events });
  });

  it.each([
    ['garbage', '\u0000\u0001nope', 'malformed-json'],
    // JSON.parse takes it, but what walks the value would overflow the stack.
    ['nested 50,000 levels deep', `{"serverContent":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, 'malformed-json'],
    ['array', '[1,2]', 'not-an-object'],
    ['null', 'null', 'not-an-object'],
    ['serverContent a string', '{"serverContent":"x"}', 'bad-field'],
    ['parts not an array', '{"serverContent":{"modelTurn":{"parts":{}}}}', 'bad-field'],
    [
      'odd PCM length',
      JSON.stringify({
        serverContent: {
          modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm', data: Buffer.from([1]).toString('base64') } }] },
        },
      }),
      'bad-field',
    ],
    ['turnComplete a string', '{"serverContent":{"turnComplete":"yes"}}', 'bad-field'],
    [
      'a function call without an id (it could never be answered)',
      '{"toolCall":{"functionCalls":[{"name":"get_time"}]}}',
      'bad-field',
    ],
    [
      'function call args not an object',
      '{"toolCall":{"functionCalls":[{"id":"1","name":"f","args":[1]}]}}',
      'bad-field',
    ],
    ['cancellation ids not an array', '{"toolCallCancellation":{"ids":"1"}}', 'bad-field'],
  ])('rejects %s without throwing', (_name, frame, kind) => {
    const result = decodeServerFrame(frame);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.kind).toBe(kind);
  });
});

describe('parseWireDuration / mimeRate', () => {
  it.each([
    ['50s', 50_000],
    ['0.5s', 500],
    [' 10s ', 10_000],
    [3, 3000],
    ['10', undefined],
    ['abc', undefined],
    [undefined, undefined],
  ])('duration %j → %j', (input, ms) => expect(parseWireDuration(input)).toBe(ms));

  it.each([
    ['audio/pcm;rate=24000', 24_000],
    ['audio/pcm; rate=16000', 16_000],
    ['audio/pcm', undefined],
  ])('rate of %s', (mime, rate) => expect(mimeRate(mime)).toBe(rate));
});
