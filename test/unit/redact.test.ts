import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRegistry } from '../../src/redact.js';

describe('SecretRegistry.redact', () => {
  const cases: Array<[string, string]> = [
    [
      'wss://h/ws/x.BidiGenerateContent?key=AIzaSecret123&alt=1',
      `wss://h/ws/x.BidiGenerateContent?key=${REDACTED}&alt=1`,
    ],
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

describe('SecretRegistry: encoded forms of a secret', () => {
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

describe('SecretRegistry: a secret split by any character that is not a letter or digit', () => {
  const key = 'AIzaSyCanary-9f3e2d1c0b7a6958473625140q';
  const every4 = (separator: string): string => key.match(/.{1,4}/g)!.join(separator);

  // The fuzz suite's serve property found ',' every 4 characters in an upstream 400's text in serve's log.
  it.each([',', ';', '|', '\\', '+', '*', '", "', '\u200b', '\u00a0', '\u3001', '\u2014', '\u0301', '(){}'])(
    'redacts the key split by %j',
    (separator) => {
      const secrets = new SecretRegistry();
      secrets.add(key);
      const text = `upstream said: ${every4(separator)} (bad)`;
      expect(secrets.redact(text)).toBe(`upstream said: ${REDACTED} (bad)`);
      expect(secrets.containsSecret(text)).toBe(true);
    },
  );

  it('still leaves letters and digits next to the key alone', () => {
    const secrets = new SecretRegistry();
    secrets.add(key);
    expect(secrets.redact(`x${key},y`)).toBe(`x${REDACTED},y`);
  });
});

describe('SecretRegistry: half of a key', () => {
  const key = 'AIzaSyCanary-9f3e2d1c0b7a6958473625140q';

  // The serve property found the key's first 24 characters, split by spaces, in an upstream 400's text in serve's log.
  it.each([
    ['its first 24 characters', key.slice(0, 24)],
    ['its first 24 characters split', [...key.slice(0, 24)].join(' ')],
    ['its last 20 characters', key.slice(-20)],
  ])('redacts %s and refuses a value holding them', (_label, fragment) => {
    const secrets = new SecretRegistry();
    secrets.add(key);
    expect(secrets.redact(`said ${fragment}.`)).not.toContain(fragment.slice(0, 19));
    expect(secrets.containsSecret(`said ${fragment}.`)).toBe(true);
  });

  it('leaves a token alone when only its start is there (tokens share "auth_tokens/")', () => {
    const secrets = new SecretRegistry();
    secrets.addToken('auth_tokens/0123456789abcdef0123456789');
    expect(secrets.redact('auth_tokens/0123456789abcdefXYZ')).toBe('auth_tokens/0123456789abcdefXYZ');
  });
});
