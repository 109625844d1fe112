import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry } from '../../src/redact.js';

describe('SecretRegistry.redact', () => {
  const cases: Array<[string, string]> = [
    ['wss://h/ws/x.BidiGenerateContent?key=AIzaSecret123&alt=1', `wss://h/ws/x.BidiGenerateContent?key=${REDACTED}&alt=1`],
    ['…Constrained?access_token=auth_tokens/abc123 closed', `…Constrained?access_token=${REDACTED} closed`],
    ['x-goog-api-key: AIzaSecret123', `x-goog-api-key: ${REDACTED}`],
    ['"authorization":"Token auth_tokens/zzz"', `"authorization":"Token ${REDACTED}"`],
    ['nothing secret here', 'nothing secret here'],
  ];
  it.each(cases)('scrubs credentials in %s', (input, expected) => {
    expect(new SecretRegistry().redact(input)).toBe(expected);
  });

  it('scrubs registered secrets anywhere in the text', () => {
    const secrets = new SecretRegistry();
    secrets.add('my-very-secret-key');
    expect(secrets.redact('bad key my-very-secret-key!')).toBe(`bad key ${REDACTED}!`);
  });

  it('ignores strings too short to be a real secret', () => {
    const secrets = new SecretRegistry();
    secrets.add('ab');
    expect(secrets.redact('table abc')).toBe('table abc');
  });
});

describe('SecretRegistry: encoded forms of a secret (issue 10)', () => {
  const odd = 'AQ.key/with+odd chars&=';

  it.each<[string, string]>([
    ['as is', odd],
    ['percent-encoded', encodeURIComponent(odd)],
    ['form-encoded', new URLSearchParams({ s: odd }).toString().slice(2)],
  ])('redacts the key %s', (_label, form) => {
    const secrets = new SecretRegistry();
    secrets.add(odd);
    expect(secrets.redact(`GET /x?k=${form} failed`)).toBe(`GET /x?k=${REDACTED} failed`);
  });

  it('keeps the 8-character minimum for the secret, not for its encoded form', () => {
    const secrets = new SecretRegistry();
    secrets.add('a/b c');
    expect(secrets.redact('a%2Fb%20c and a/b c')).toBe('a%2Fb%20c and a/b c');
  });
});
