import { describe, expect, it } from 'vitest';
import { fitReason, Reason } from '../../../src/emulator/live/close-codes.js';
import { formatWireDuration, goAwayLeadMs } from '../../../src/emulator/live/session-timers.js';
import { parseLiveRoute } from '../../../src/emulator/live/route.js';
import { authenticate } from '../../../src/emulator/live/auth.js';
import { checkTokenAtSetup } from '../../../src/emulator/live/session-setup.js';
import { TokenStore, type TokenRecord } from '../../../src/emulator/token-store.js';
import { decodeClientMessage } from '../../../src/emulator/live/client-message.js';
import { decodeRealtimeInput, pcmRate } from '../../../src/emulator/live/realtime-input.js';

const BASE = '/ws/google.ai.generativelanguage.v1alpha.GenerativeService.';

describe('formatWireDuration / goAwayLeadMs', () => {
  it.each([
    [5000, '5s'],
    [600, '0.600s'],
    [50_000, '50s'],
    [1500, '1.500s'],
    [0, '0s'],
    [-3, '0s'],
  ])('%i ms → %s', (ms, text) => expect(formatWireDuration(ms)).toBe(text));
  it.each([
    [600_000, 5000],
    [3000, 600],
    [10_000, 2000],
  ])('lead for %i ms is %i', (lifetime, lead) => expect(goAwayLeadMs(lifetime)).toBe(lead));
});

describe('fitReason', () => {
  it('keeps short reasons and cuts long ones to 123 bytes', () => {
    expect(fitReason('short')).toBe('short');
    expect(fitReason(Reason.unregistered)).toBe(Reason.unregistered.slice(0, 123));
    expect(Buffer.byteLength(fitReason('é'.repeat(100)))).toBe(122);
  });
});

describe('parseLiveRoute', () => {
  it.each([
    [`/${BASE}BidiGenerateContent?key=k+1`, {}, 'BidiGenerateContent', { source: 'query-key', value: 'k+1' }],
    [
      `${BASE}BidiGenerateContent`,
      { 'x-goog-api-key': 'hk' },
      'BidiGenerateContent',
      { source: 'header-key', value: 'hk' },
    ],
    [
      `${BASE}BidiGenerateContentConstrained?access_token=auth_tokens/abc`,
      {},
      'BidiGenerateContentConstrained',
      { source: 'query-access-token', value: 'auth_tokens/abc' },
    ],
    [
      `${BASE}BidiGenerateContentConstrained?access_token=auth_tokens%2Fabc`,
      {},
      'BidiGenerateContentConstrained',
      { source: 'query-access-token', value: 'auth_tokens/abc' },
    ],
    [
      `${BASE}BidiGenerateContentConstrained`,
      { authorization: 'Token auth_tokens/h' },
      'BidiGenerateContentConstrained',
      { source: 'header-token', value: 'auth_tokens/h' },
    ],
    [`${BASE}BidiGenerateContent`, {}, 'BidiGenerateContent', undefined],
  ])('%s', (target, headers, method, credential) => {
    expect(parseLiveRoute(target, headers)).toEqual({ apiVersion: 'v1alpha', method, credential });
  });
  it.each(['v1', 'v1beta'])('serves %s as well (SDK 3.x defaults to v1)', (version) => {
    expect(
      parseLiveRoute(
        `/ws/google.ai.generativelanguage.${version}.GenerativeService.BidiGenerateContentConstrained?access_token=auth_tokens/a`,
        {},
      ),
    ).toMatchObject({ apiVersion: version, method: 'BidiGenerateContentConstrained' });
  });
  it.each([
    '/ws/google.ai.generativelanguage.v2.GenerativeService.BidiGenerateContent',
    '/v1beta/models',
    `${BASE}BidiGenerateContentX`,
  ])('%s is not a Live route', (target) => expect(parseLiveRoute(target, {})).toBeUndefined());
});

function token(fields: Partial<TokenRecord> = {}): TokenRecord {
  return {
    name: 'auth_tokens/t1',
    apiVersion: 'v1alpha',
    createdAt: 0,
    expireTime: 10_000,
    newSessionExpireTime: 1000,
    uses: 1,
    usesConsumed: 0,
    setup: undefined,
    fieldMask: [],
    ...fields,
  };
}

describe('authenticate', () => {
  const store = new TokenStore();
  store.add(token());
  const route = (method: string, source: string | undefined, value = '', apiVersion = 'v1alpha') =>
    ({ apiVersion, method, credential: source ? { source, value } : undefined }) as Parameters<typeof authenticate>[0];
  it.each([
    ['key ok', route('BidiGenerateContent', 'query-key', 'K'), 'ok'],
    ['bad key', route('BidiGenerateContent', 'query-key', 'nope'), `1007 ${Reason.badApiKey}`],
    ['token as key', route('BidiGenerateContent', 'query-key', 'auth_tokens/t1'), `1007 ${Reason.badApiKey}`],
    [
      'token on key method',
      route('BidiGenerateContent', 'query-access-token', 'auth_tokens/t1'),
      `1008 ${Reason.unregistered}`,
    ],
    ['no credential', route('BidiGenerateContent', undefined), `1008 ${Reason.unregistered}`],
    ['no token', route('BidiGenerateContentConstrained', undefined), `1008 ${Reason.unregistered}`],
    ['key on constrained', route('BidiGenerateContentConstrained', 'query-key', 'K'), `1008 ${Reason.unregistered}`],
    ['token ok', route('BidiGenerateContentConstrained', 'header-token', 'auth_tokens/t1'), 'ok'],
    [
      'unknown token',
      route('BidiGenerateContentConstrained', 'query-access-token', 'auth_tokens/zz'),
      `1008 ${Reason.unknownToken}`,
    ],
    // Nothing says a token is bound to its minting version; accept with a warning.
    [
      'other version',
      route('BidiGenerateContentConstrained', 'query-access-token', 'auth_tokens/t1', 'v1beta'),
      'ok (token minted on v1alpha used on v1beta)',
    ],
    [
      'v1',
      route('BidiGenerateContentConstrained', 'query-access-token', 'auth_tokens/t1', 'v1'),
      'ok (token minted on v1alpha used on v1)',
    ],
  ])('%s', (_name, r, expected) => {
    const result = authenticate(r, ['K'], store);
    const warning = result.ok && result.warning ? ` (${result.warning})` : '';
    expect(result.ok ? `ok${warning}` : `${result.close.code} ${result.close.reason}`).toBe(expected);
  });
});

describe('checkTokenAtSetup', () => {
  it.each([
    ['fresh', token(), 0, false, undefined],
    ['after newSessionExpireTime', token(), 1000, false, Reason.newSessionExpired],
    ['resume after newSessionExpireTime', token(), 5000, true, undefined],
    ['resume after expireTime', token(), 10_000, true, Reason.tokenExpired],
    ['uses exhausted', token({ usesConsumed: 1 }), 0, false, Reason.usesExhausted],
    ['resume with uses exhausted', token({ usesConsumed: 1 }), 0, true, undefined],
    ['unlimited', token({ uses: 0, usesConsumed: 99 }), 0, false, undefined],
  ])('%s', (_name, t, now, resuming, reason) => {
    const result = checkTokenAtSetup(t, now, resuming);
    expect(result?.reason).toBe(reason);
    if (result) expect(result.code).toBe(1011);
  });

  // `resume-costs-use` on: a resume is refused on a spent token like a new session.
  it.each([
    ['resume with uses exhausted', token({ usesConsumed: 1 }), 0, Reason.usesExhausted],
    ['resume with a use left', token({ uses: 2, usesConsumed: 1 }), 0, undefined],
    ['resume after newSessionExpireTime, use left', token(), 5000, undefined],
    ['resume on an unlimited token', token({ uses: 0, usesConsumed: 99 }), 0, undefined],
    ['resume after expireTime', token({ usesConsumed: 1 }), 10_000, Reason.tokenExpired],
  ])('resume costs a use: %s', (_name, t, now, reason) => {
    const result = checkTokenAtSetup(t, now, true, true);
    expect(result?.reason).toBe(reason);
    if (result) expect(result.code).toBe(1011);
  });
});

describe('decodeClientMessage', () => {
  const decode = (text: string) => {
    const r = decodeClientMessage(Buffer.from(text));
    return r.ok ? r.value.kind : `${r.close.code} ${r.close.reason}`;
  };
  it.each([
    ['{"setup":{}}', 'setup'],
    ['{"realtimeInput":{}}', 'realtimeInput'],
    ['not json', `1007 ${Reason.notJson}`],
    ['[1]', `1007 ${Reason.invalidArgument}`],
    ['{}', `1007 ${Reason.invalidArgument}`],
    ['{"setup":{},"clientContent":{}}', `1007 ${Reason.invalidArgument}`],
    ['{"bogus":1}', '1007 Invalid JSON payload received. Unknown name "bogus": Cannot find field.'],
  ])('%s', (text, expected) => expect(decode(text)).toBe(expected));
});

describe('decodeRealtimeInput', () => {
  it('decodes audio, text and stream control', () => {
    const r = decodeRealtimeInput({
      audio: { data: Buffer.from([1, 2]).toString('base64'), mimeType: 'audio/pcm;rate=16000' },
      audioStreamEnd: true,
    });
    expect(r.ok && r.value).toEqual([
      { type: 'audio', data: Buffer.from([1, 2]), pcmRate: 16000 },
      { type: 'audioStreamEnd' },
    ]);
  });
  it('takes only the first deprecated mediaChunk', () => {
    const r = decodeRealtimeInput({
      mediaChunks: [
        { data: 'AAA=', mimeType: 'audio/pcm' },
        { data: 'AAA=', mimeType: 'audio/pcm' },
      ],
    });
    expect(r.ok && r.value).toEqual([{ type: 'audio', data: Buffer.from([0, 0]), pcmRate: 16000 }]);
  });
  it.each([
    [
      { audio: { data: '!!!', mimeType: 'audio/pcm' } },
      "Invalid value at 'realtime_input.audio.data' (TYPE_BYTES), Base64 decoding failed.",
    ],
    [{ foo: 1 }, 'Invalid JSON payload received. Unknown name "foo" at \'realtime_input\': Cannot find field.'],
    [{ text: 3 }, Reason.invalidArgument],
  ])('rejects %j', (body, reason) => {
    const r = decodeRealtimeInput(body);
    expect(r.ok ? 'ok' : r.close.reason).toBe(reason);
  });
  it.each([
    ['audio/pcm;rate=24000', 24000],
    ['audio/pcm', 16000],
    ['audio/ogg', undefined],
  ])('pcmRate(%s)', (mime, rate) => expect(pcmRate(mime)).toBe(rate));
});
