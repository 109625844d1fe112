// The Live endpoint a page opens with its token (https://ai.google.dev/api/live): the Constrained method, which
// takes ephemeral tokens only, on the version that minted the token. The token itself is not part of
// the URL here; the page adds it (the SDK as `?access_token=`).

import type { ApiVersion } from '../token/client/http-request.js';

export function constrainedWsUrl(baseUrl: string, apiVersion: ApiVersion): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // One slash: the SDK's `//ws/` is a quirk the real server tolerates, not something to teach.
  const base = url.toString().replace(/\/+$/, '');
  return `${base}/ws/google.ai.generativelanguage.${apiVersion}.GenerativeService.BidiGenerateContentConstrained`;
}
