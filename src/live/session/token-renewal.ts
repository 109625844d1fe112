// Getting a fresh token for the next connect (after a RenewTokenCommand): the shell asks the
// supplier, hands the token to the sockets and tells the machine how it went. A failure of any kind
// becomes a GemtokenError for the machine, so the session ends with a typed error and its exit code.

import { GemtokenError, NetworkError } from '../../errors.js';
import type { TokenSupplyKind } from './recovery.js';
import type { Happening } from './session-types.js';
import { definedProps } from '../../defined-props.js';

/** A fresh token for the next connect (the token value goes to the transport, never into events). */
export interface RenewedToken {
  readonly token: string;
  readonly source: TokenSupplyKind;
  readonly expiresAt?: number;
  /** Sessions (and resumes) it allows, when known; 0 = unlimited. */
  readonly uses?: number;
}

/** Asks `renew` for a token; `setToken` gets it before the machine hears token-renewed. */
export function renewToken(
  renew: (() => Promise<RenewedToken>) | undefined,
  setToken: (token: string) => void,
  dispatch: (happening: Happening) => void,
): void {
  const failed = (error: unknown): void =>
    dispatch({
      type: 'token-failed',
      error:
        error instanceof GemtokenError
          ? error
          : new NetworkError(`could not get a fresh token: ${error instanceof Error ? error.message : String(error)}`),
    });
  if (!renew) return failed(new NetworkError('no way to get a fresh token'));
  renew().then((fresh) => {
    setToken(fresh.token);
    dispatch({
      type: 'token-renewed',
      source: fresh.source,
      ...definedProps({ expiresAt: fresh.expiresAt, uses: fresh.uses }),
    });
  }, failed);
}
