// The server's text is cut to a bounded line, and a key cut in half is no longer
// recognisable as the key by the sink's redactor. So secrets go first, then the cut: no prefix of the
// key survives in the message or the status label, however the server places it.
import { describe, it } from 'vitest';
import { SecretRegistry } from '../../../src/redact.js';
import { mapHttpError } from '../../../src/token/client/error-mapping.js';
import { CANARY_KEY, expectNoCanary } from '../../security/hostile.js';

const secrets = new SecretRegistry();
secrets.add(CANARY_KEY);
const redact = (text: string): string => secrets.replace(text);

describe('mapHttpError and secrets', () => {
  it.each([280, 290, 295, 40])('a key at character %i of the message is gone before the cut', (at) => {
    const message = `${'x'.repeat(at)} ${CANARY_KEY.toLowerCase()} and more`;
    const error = mapHttpError(
      400,
      JSON.stringify({ error: { message, status: `${'S'.repeat(at % 60)}${CANARY_KEY}` } }),
      { attempts: 1, redact },
    );
    expectNoCanary({ message: error.message });
  });
});
