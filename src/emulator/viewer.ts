// Scoping of the admin API: each API key sees only its own tokens, sessions, request
// counts and faults; an --admin-key sees everything.

/**
 * Who owns a token, session, request count or fault: the position of its API key in `apiKeys`
 * (never the key itself, so nothing that stores or logs an owner can leak a key).
 */
export type KeyIndex = number;

/** Who is asking the admin API: an admin key (everything) or one API key (its own things). */
export type Viewer = { readonly all: true } | { readonly all: false; readonly key: KeyIndex };

/**
 * An admin sees everything; a key sees its own and what belongs to no key: requests and sessions
 * without a valid credential (so a suite can count its own bad-key attempts) and --fault faults.
 */
export function sees(viewer: Viewer, owner: KeyIndex | undefined): boolean {
  return viewer.all || owner === undefined || owner === viewer.key;
}
