// The one function that keeps secrets out of cassettes: keys in every place a client puts them,
// token names everywhere (raw and %2F), stable placeholders that link a mint to its sessions.
import { describe, expect, it } from 'vitest';
import { dropAudio, framePayload, frameBytes, type CassetteLine } from '../../../src/emulator/record/cassette.js';
import { newRedactionState, placeholderName, redactLine } from '../../../src/emulator/record/redact.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const TOKEN_A = 'auth_tokens/0123456789abcdef0123456789abcdef';
const TOKEN_B = 'auth_tokens/fedcba9876543210fedcba9876543210';
const line = (fields: Record<string, unknown>): CassetteLine => ({ t: 0, dir: 'client', kind: 'frame', ...fields });

describe('redactLine', () => {
  it('scrubs a learned key from field names too: header names and JSON object keys at any depth', () => {
    const state = newRedactionState();
    redactLine(
      line({ kind: 'rest-request', path: '/v1alpha/auth_tokens', headers: { 'x-goog-api-key': CANARY_KEY } }),
      state,
    );
    const later = redactLine(
      line({
        kind: 'rest-request',
        path: '/x',
        headers: { [`x-${CANARY_KEY}`]: '1' },
        body: { [CANARY_KEY]: 1, deeper: [{ [CANARY_KEY.toLowerCase()]: 2 }] },
      }),
      state,
    );
    expectNoCanary({ text: JSON.stringify(later) });
    expect(later['body']).toEqual({ '<redacted>': 1, deeper: [{ '<redacted>': 2 }] });
  });

  it('scrubs a key in the query, the x-goog-api-key header and a Bearer Authorization, and wherever it recurs later', () => {
    const state = newRedactionState();
    const request = redactLine(
      line({
        kind: 'rest-request',
        path: `/v1alpha/auth_tokens?key=${CANARY_KEY}&alt=json`,
        headers: { 'x-goog-api-key': CANARY_KEY, Authorization: 'Bearer ya29.secret-oauth' },
      }),
      state,
    );
    const later = redactLine(line({ json: { echo: `the key was ${CANARY_KEY} and ya29.secret-oauth` } }), state);
    const text = JSON.stringify([request, later]);
    expectNoCanary({ text });
    expect(text).not.toContain('ya29.secret-oauth');
    expect(request['path']).toBe('/v1alpha/auth_tokens?key=<redacted>&alt=json');
    expect(request['headers']).toEqual({ 'x-goog-api-key': '<redacted>', Authorization: '<redacted>' });
  });

  it('a %-encoded key in the query is scrubbed in both forms', () => {
    const state = newRedactionState();
    const out = redactLine(line({ kind: 'open', path: '/ws/x?key=AIza%2Bsecret%2Fkey9' }), state);
    const later = redactLine(line({ json: { text: 'AIza+secret/key9' } }), state);
    expect(JSON.stringify([out, later])).not.toMatch(/secret/);
  });

  it('gives each token a stable placeholder: the mint answer and the session that used it (query, %2F, header) carry the same one', () => {
    const state = newRedactionState();
    const mintA = redactLine(line({ kind: 'rest-response', body: { name: TOKEN_A } }), state);
    const mintB = redactLine(line({ kind: 'rest-response', body: { name: TOKEN_B } }), state);
    const query = redactLine(line({ kind: 'open', path: `/ws/m?access_token=${TOKEN_A}` }), state);
    const encoded = redactLine(
      line({ kind: 'open', path: `/ws/m?access_token=${TOKEN_B.replace('/', '%2F')}` }),
      state,
    );
    const header = redactLine(
      line({ kind: 'open', path: '/ws/m', headers: { authorization: `Token ${TOKEN_B}` } }),
      state,
    );
    expect(mintA['body']).toEqual({ name: placeholderName(1) });
    expect(mintB['body']).toEqual({ name: placeholderName(2) });
    expect(query['path']).toBe('/ws/m?access_token=auth_tokens/<placeholder-1>');
    expect(encoded['path']).toBe('/ws/m?access_token=auth_tokens%2F<placeholder-2>');
    expect(header['headers']).toEqual({ authorization: 'Token auth_tokens/<placeholder-2>' });
    const text = JSON.stringify([mintA, mintB, query, encoded, header]);
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('fedcba9876543210');
  });

  it('is deterministic: the same lines through a fresh state give the same cassette', () => {
    const lines = [line({ body: { name: TOKEN_B } }), line({ path: `/x?access_token=${TOKEN_A}&key=${CANARY_KEY}` })];
    const run = () => {
      const state = newRedactionState();
      return lines.map((l) => redactLine(l, state));
    };
    expect(run()).toEqual(run());
  });

  it('leaves everything else alone', () => {
    const frame = line({ json: { serverContent: { outputTranscription: { text: 'hello' } } }, binary: true });
    expect(redactLine(frame, newRedactionState())).toEqual(frame);
  });
});

describe('cassette frames', () => {
  it('--record-audio=off keeps the size of every audio payload, and replay turns it back into silence of that size', () => {
    const pcm = Buffer.alloc(640, 7).toString('base64');
    const json = { realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data: pcm } } };
    const dropped = dropAudio(json);
    expect(dropped).toEqual({
      realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data: { audioBytes: 640 } } },
    });
    const back = JSON.parse(frameBytes(line({ json: dropped })).toString()) as typeof json;
    expect(Buffer.from(back.realtimeInput.audio.data, 'base64')).toEqual(Buffer.alloc(640));
  });

  it('a frame is kept as JSON, text or base64 and comes back byte for byte', () => {
    for (const data of [Buffer.from('{"a":1}'), Buffer.from('not json'), Buffer.from([0xff, 0x00, 0xfe])]) {
      const payload = framePayload(data, true);
      expect(payload['binary']).toBe(true);
      const back = frameBytes(line(payload));
      expect(back.equals(data) || JSON.stringify(JSON.parse(back.toString())) === data.toString()).toBe(true);
    }
  });

  it("the real service's layout, indented JSON ending in a newline, is recorded and replayed as it came", () => {
    const indented = Buffer.from('{\n  "setupComplete": {}\n}\n');
    const payload = framePayload(indented, false);
    expect(payload).toEqual({ json: { setupComplete: {} }, indented: true });
    expect(frameBytes(line(payload)).equals(indented)).toBe(true);
    expect(framePayload(Buffer.from('{"setupComplete":{}}'), false)).toEqual({ json: { setupComplete: {} } });
  });
});
